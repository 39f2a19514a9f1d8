import { runAction } from '../bridge';
import { useAppStore } from '../store';
import type { ServiceStateView } from '../../../preload/contract';

const BUTTON = 'rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 disabled:opacity-40 dark:border-zinc-700 dark:hover:bg-zinc-800';

/** Start / Stop / Restart / Logs / Reset circuit for one service, as its state allows. */
export function ServiceControls({ name, state, disabled }: { name: string; state: ServiceStateView | undefined; disabled: boolean }) {
  const busy = useAppStore((s) => Object.keys(s.busy).some((k) => s.busy[k] && k.endsWith(`:${name}`)) || s.busy['stack:up'] === true || s.busy['stack:down'] === true);
  const showLogsOf = useAppStore((s) => s.showLogsOf);
  const running = state && ['starting', 'ready', 'unhealthy', 'waiting', 'backoff'].includes(state.status);
  return (
    <div className="flex flex-wrap gap-1.5" role="group" aria-label={`${name} controls`}>
      {!running && (
        <button type="button" className={BUTTON} disabled={disabled || busy} onClick={() => void runAction(`service:start:${name}`, (a) => a.invoke('service:start', name))}>
          Start
        </button>
      )}
      {running && (
        <button type="button" className={BUTTON} disabled={disabled || busy} onClick={() => void runAction(`service:stop:${name}`, (a) => a.invoke('service:stop', name))}>
          Stop
        </button>
      )}
      <button type="button" className={BUTTON} disabled={disabled || busy || !state?.containerId} onClick={() => void runAction(`service:restart:${name}`, (a) => a.invoke('service:restart', name))}>
        Restart
      </button>
      <button type="button" className={BUTTON} onClick={() => {
          showLogsOf(name);
          document.getElementById('logs-title')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
        }}>
        Logs
      </button>
      {state?.circuit === 'open' && (
        <button type="button" className={`${BUTTON} border-red-400 text-red-700 dark:text-red-300`} disabled={disabled || busy} onClick={() => void runAction(`service:reset-circuit:${name}`, (a) => a.invoke('service:reset-circuit', name))}>
          Reset circuit
        </button>
      )}
    </div>
  );
}
