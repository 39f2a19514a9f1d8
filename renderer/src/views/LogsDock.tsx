import { useEffect } from 'react';
import { LogsPanel } from '../logs/LogsPanel';
import { useAppStore } from '../store';

/** Small stacks show their logs from the start; a big one's table needs the room until asked. */
const OPEN_BY_DEFAULT_UP_TO = 20;

/**
 * The stack-wide logs under the table, a fixed share of the window (it never pushes the table off
 * the screen), folded to one line and back with Ctrl+L.
 */
export function LogsDock({ services, stackName }: { services: string[]; stackName: string }) {
  const chosen = useAppStore((s) => s.logsDockOpen);
  const setOpen = useAppStore((s) => s.setLogsDockOpen);
  const command = useAppStore((s) => s.command);
  const lines = useAppStore((s) => s.logs.lines.length);
  const open = chosen ?? services.length <= OPEN_BY_DEFAULT_UP_TO;

  useEffect(() => {
    if (command?.name !== 'toggle-logs') return;
    const next = !(useAppStore.getState().logsDockOpen ?? services.length <= OPEN_BY_DEFAULT_UP_TO);
    setOpen(next);
    if (next)
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-logs="stack"] [role="log"]')?.focus());
  }, [command, setOpen, services.length]);

  if (!open) {
    return (
      <div className="flex items-center gap-3 border-t border-zinc-200 bg-white px-3 py-1 dark:border-zinc-800 dark:bg-zinc-900">
        <button
          type="button"
          onClick={() => setOpen(true)}
          aria-expanded={false}
          className="text-sm font-semibold hover:text-indigo-600 dark:hover:text-indigo-400"
          title="Show the logs (Ctrl+L)"
        >
          ▸ Logs
        </button>
        <span className="text-xs text-zinc-500">
          {lines.toLocaleString()} line{lines === 1 ? '' : 's'} · Ctrl+L
        </span>
      </div>
    );
  }
  return (
    <div className="h-[34%] min-h-44 shrink-0 border-t border-zinc-200 dark:border-zinc-800">
      <LogsPanel
        services={services}
        stackName={stackName}
        heightClass="min-h-0 flex-1"
        onClose={() => setOpen(false)}
      />
    </div>
  );
}
