import { useState } from 'react';
import { runAction } from '../bridge';
import { useAppStore } from '../store';
import type { ServiceStateView } from '../../../preload/contract';
import { Button } from '../ui/Button';

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
      <Button type="submit" size="xs" disabled={disabled || !valid || n === current}>
        Scale
      </Button>
    </form>
  );
}

/** Start / Stop / Restart / Logs / Scale / Reset circuit for one service, as its state allows. */
export function ServiceControls({
  name,
  state,
  disabled,
}: {
  name: string;
  state: ServiceStateView | undefined;
  disabled: boolean;
}) {
  const busy = useAppStore(
    (s) =>
      Object.keys(s.busy).some((k) => s.busy[k] && k.endsWith(`:${name}`)) ||
      s.busy['stack:up'] === true ||
      s.busy['stack:down'] === true,
  );
  const select = useAppStore((s) => s.select);
  const running = state && ['starting', 'ready', 'unhealthy', 'waiting', 'backoff'].includes(state.status);
  return (
    <div className="flex flex-wrap gap-1.5" role="group" aria-label={`${name} controls`}>
      {!running && (
        <Button
          size="xs"
          disabled={disabled || busy}
          onClick={() => void runAction(`service:start:${name}`, (a) => a.invoke('service:start', name))}
        >
          Start
        </Button>
      )}
      {running && (
        <Button
          size="xs"
          disabled={disabled || busy}
          onClick={() => void runAction(`service:stop:${name}`, (a) => a.invoke('service:stop', name))}
        >
          Stop
        </Button>
      )}
      <Button
        size="xs"
        disabled={disabled || busy || !state?.containerId}
        onClick={() => void runAction(`service:restart:${name}`, (a) => a.invoke('service:restart', name))}
      >
        Restart
      </Button>
      <Button size="xs" onClick={() => select(name, 'logs')}>
        Logs
      </Button>
      <ScaleControl
        key={state?.replicaCount ?? 1}
        name={name}
        current={state?.replicaCount ?? 1}
        disabled={disabled || busy}
      />
      {state?.circuit === 'open' && (
        <Button
          variant="danger"
          size="xs"
          disabled={disabled || busy}
          onClick={() =>
            void runAction(`service:reset-circuit:${name}`, (a) => a.invoke('service:reset-circuit', name))
          }
        >
          Reset circuit
        </Button>
      )}
    </div>
  );
}
