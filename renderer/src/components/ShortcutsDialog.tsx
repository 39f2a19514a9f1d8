import { Dialog } from '../ui/Dialog';
import { SHORTCUTS } from '../shortcuts';

/** Every keyboard shortcut, in a modal dialog (Escape closes it; focus returns where it was). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Keyboard shortcuts"
      width="w-[32rem]"
      subtitle="Cmd instead of Ctrl on macOS. Tab reaches every button; Enter or Space presses it."
    >
      <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
        {SHORTCUTS.map((s) => (
          <div key={s.command} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800">
                {s.keys}
              </kbd>
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
