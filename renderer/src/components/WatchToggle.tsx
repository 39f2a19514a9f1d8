import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { StackView } from '../../../preload/contract';
import { request } from '../bridge';
import { useAppStore } from '../store';
import { describeFailure } from '../transport';

/**
 * The stack's Watch (develop.watch, as `docker compose watch`): shown when a service has rules; on, it
 * syncs, rebuilds or restarts services as their files change, and says its latest action beside it.
 */
export function WatchToggle({ stack }: { stack: StackView }) {
  const { watch, engine } = useAppStore(useShallow((s) => ({ watch: s.watch, engine: s.engine })));
  const [busy, setBusy] = useState(false);
  const rules = stack.services.flatMap((s) => s.watch.map((w) => `${s.name}: ${w}`));
  if (rules.length === 0) return null;
  const last = watch.events.at(-1);
  const toggle = async (): Promise<void> => {
    setBusy(true);
    try {
      useAppStore.getState().applyWatch(await request('stack:watch', !watch.active));
    } catch (err) {
      useAppStore.getState().setLastAction({ ok: false, message: `watch: ${describeFailure(err)}`, cli: '' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex min-w-0 items-center gap-2">
      <button
        type="button"
        aria-pressed={watch.active}
        disabled={busy || (engine !== null && engine.state !== 'connected')}
        onClick={() => void toggle()}
        title={`${watch.active ? 'Stop watching' : 'Sync, rebuild or restart services as their files change'} (develop.watch)\n${rules.join('\n')}`}
        className={`flex items-center gap-1.5 rounded-md border px-3 py-1 text-sm disabled:opacity-50 ${
          watch.active
            ? 'border-indigo-400 bg-indigo-50 text-indigo-800 hover:bg-indigo-100 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-200'
            : 'border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800'
        }`}
      >
        <span
          aria-hidden
          className={`h-2 w-2 rounded-full ${watch.active ? 'animate-pulse bg-indigo-500' : 'bg-zinc-400'}`}
        />
        {busy ? (watch.active ? 'Stopping…' : 'Starting watch…') : watch.active ? 'Watching' : 'Watch'}
      </button>
      {last && (
        <span
          data-testid="watch-last"
          className={`max-w-72 truncate text-xs ${last.failed ? 'text-red-700 dark:text-red-400' : 'text-zinc-500'}`}
          title={last.text}
        >
          {last.service ? `${last.service}: ` : ''}
          {last.text}
        </span>
      )}
    </div>
  );
}
