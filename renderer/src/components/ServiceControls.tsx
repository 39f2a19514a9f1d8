import { useState } from 'react';
import { runAction } from '../bridge';
import { useAppStore } from '../store';
import type { ServiceStateView } from '../../../preload/contract';

const BUTTON = 'rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 disabled:opacity-40 dark:border-zinc-700 dark:hover:bg-zinc-800';

/** How many containers to run: a number and a button (Enter works too). */
function ScaleControl({ name, current, disabled }: { name: string; current: number; disabled: boolean }) {
  const [wanted, setWanted] = useState<string>(String(current));
  const n = Number(wanted);
  const valid = wanted !== '' && Number.isInteger(n) && n >= 0 && n <= 1000;
  const scale = (): void => {
    if (valid && n !== current) void runAction(`service:scale:${name}`, (a) => a.invoke('service:scale', name, n));
  };
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        scale();
      }}
    >
      <input
        type="number"
        min={0}
        max={1000}
        aria-label={`${name} replicas`}
        className="w-12 rounded border border-zinc-300 bg-transparent px-1 py-0.5 text-xs dark:border-zinc-700"
        value={wanted}
        onChange={(e) => setWanted(e.target.value)}
      />
      <button type="submit" className={BUTTON} disabled={disabled || !valid || n === current}>
        Scale
      </button>
    </form>
  );
}

/** Start / Stop / Restart / Logs / Scale / Reset circuit for one service, as its state allows. */
export function ServiceControls({ name, state, disabled }: { name: string; state: ServiceStateView | undefined; disabled: boolean }) {
  const busy = useAppStore((s) => Object.keys(s.busy).some((k) => s.busy[k] && k.endsWith(`:${name}`)) || s.busy['stack:up'] === true || s.busy['stack:down'] === true);
  const select = useAppStore((s) => s.select);
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
      <button type="button" className={BUTTON} onClick={() => select(name, 'logs')}>
        Logs
      </button>
      <ScaleControl key={state?.replicaCount ?? 1} name={name} current={state?.replicaCount ?? 1} disabled={disabled || busy} />
      {state?.circuit === 'open' && (
        <button
          type="button"
          className={`${BUTTON} border-red-400 text-red-700 dark:text-red-300`}
          disabled={disabled || busy}
          onClick={() => void runAction(`service:reset-circuit:${name}`, (a) => a.invoke('service:reset-circuit', name))}
        >
          Reset circuit
        </button>
      )}
    </div>
  );
}
