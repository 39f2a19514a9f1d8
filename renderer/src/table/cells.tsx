import type { PortView, ServiceStateView, ServiceStatsView, ServiceView } from '../../../preload/contract';
import { bytes, duration, percent, shortDuration } from '../format';
import { useNow, useSharedNow } from '../use-now';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';

/** Where the engine's published ports are from here: a remote engine's host, or each port's SSH tunnel. */
export interface PortPlace {
  remote?: string;
  ports?: Record<string, string>;
}

/** A published TCP port as the URL a browser opens, when it is one port on a reachable address. */
export function portLink(p: PortView, place: PortPlace = {}): string | undefined {
  if (!p.published || p.protocol !== 'tcp' || p.published.includes('-')) return undefined;
  const tunnel = place.ports?.[p.published];
  if (tunnel) return `http://${tunnel}`;
  const local = !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::';
  const host = local ? (place.remote ?? 'localhost') : p.hostIp;
  return `http://${host}:${p.published}`;
}

/**
 * A URL the file names on localhost (x-stackpilot.open), as it is reached from here: through its
 * port's SSH tunnel, or on the remote engine's host.
 */
export function placeUrl(url: string, place: PortPlace): string {
  if (!place.remote && !place.ports) return url;
  try {
    const u = new URL(url);
    if (u.hostname !== 'localhost' && u.hostname !== '127.0.0.1') return url;
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    const tunnel = place.ports?.[port];
    if (tunnel) u.host = tunnel;
    else if (place.remote) u.hostname = place.remote;
    return u.toString();
  } catch {
    return url;
  }
}

/** Where published ports are from here, as the engine's status says. */
export function usePortPlace(): PortPlace {
  return useAppStore(
    useShallow((s): PortPlace =>
      s.engine?.state === 'connected'
        ? {
            ...(s.engine.remote ? { remote: s.engine.remote } : {}),
            ...(s.engine.ports ? { ports: s.engine.ports } : {}),
          }
        : {},
    ),
  );
}

export function portText(p: PortView): string {
  return `${p.published ?? '(random)'}→${p.target}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`;
}

export function PortLinks({ ports }: { ports: PortView[] }) {
  const place = useAppStore(
    useShallow((s): PortPlace =>
      s.engine?.state === 'connected'
        ? {
            ...(s.engine.remote ? { remote: s.engine.remote } : {}),
            ...(s.engine.ports ? { ports: s.engine.ports } : {}),
          }
        : {},
    ),
  );
  return (
    <span className="flex flex-wrap gap-x-2 font-mono">
      {ports.map((p, i) => {
        const href = portLink(p, place);
        // On a remote engine: where the port really is, and the tunnel that brings it here.
        const where =
          place.remote && p.published
            ? `${place.remote}:${p.published}${place.ports?.[p.published] ? `, here through an SSH tunnel at ${place.ports[p.published]}` : ''}`
            : undefined;
        return href ? (
          <a
            key={i}
            href={href}
            title={where}
            target="_blank"
            rel="noreferrer"
            onClick={(e) => e.stopPropagation()}
            className="text-indigo-600 underline-offset-2 hover:underline dark:text-indigo-400"
          >
            {portText(p)}
          </a>
        ) : (
          <span key={i}>{portText(p)}</span>
        );
      })}
    </span>
  );
}

/** What the readiness check says now, in one word; the rule itself is in the title. */
export function healthWord(service: ServiceView, state: ServiceStateView | undefined): string {
  // Nothing is checked for these: a service ready once it runs, a job, a provider's service.
  if (service.readiness === 'running' || service.readiness.startsWith('exits') || service.provider) return '';
  switch (state?.status) {
    case 'ready':
      return 'healthy';
    case 'unhealthy':
      return 'unhealthy';
    case 'starting':
      return 'checking';
    default:
      return '';
  }
}

/** Time since the service became ready, on the table's shared one-second tick. */
export function Uptime({ since }: { since: number }) {
  const now = useSharedNow(1000);
  return <span title={new Date(since).toLocaleString()}>{shortDuration(Math.max(now, since) - since)}</span>;
}

export function CpuCell({ stats }: { stats: ServiceStatsView | undefined }) {
  if (!stats) return null;
  return <span data-cpu={stats.cpuPercent.toFixed(1)}>{percent(stats.cpuPercent)}</span>;
}

export function MemoryCell({ stats }: { stats: ServiceStatsView | undefined }) {
  if (!stats) return null;
  return (
    <span data-memory={stats.memoryBytes} title={`${bytes(stats.memoryBytes)} of ${bytes(stats.memoryLimitBytes)}`}>
      {bytes(stats.memoryBytes)}
    </span>
  );
}

/** The why in one line; a retry being waited for counts down to its next attempt. */
export function ReasonText({ state }: { state: ServiceStateView }) {
  const counting = state.status === 'backoff' && state.nextAttemptAt !== undefined;
  const now = useNow(counting);
  if (!counting || state.nextAttemptAt === undefined) return <>{state.reason}</>;
  // A start being retried says which attempt; a crashed service being restarted has none.
  const head = state.attempt !== undefined ? `attempt ${state.attempt}/${state.maxAttempts ?? '?'}` : 'restarting';
  return (
    <>
      {head} — next try in {duration(state.nextAttemptAt - now)} <span className="text-zinc-400">· {state.reason}</span>
    </>
  );
}
