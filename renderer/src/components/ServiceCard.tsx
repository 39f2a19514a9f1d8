import { useAppStore } from '../store';
import type { DependencyConditionView, ServiceStateView, ServiceView } from '../../../preload/contract';
import { useNow } from '../use-now';
import { ServiceControls } from './ServiceControls';
import { StateBadge } from './StateBadge';

const CONDITION: Record<DependencyConditionView, string> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

function portLink(p: ServiceView['ports'][number]): string | undefined {
  if (!p.published || p.protocol !== 'tcp' || p.published.includes('-')) return undefined;
  const host = !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::' ? 'localhost' : p.hostIp;
  return `http://${host}:${p.published}`;
}

interface Props {
  service: ServiceView;
  state: ServiceStateView | undefined;
  engineDown: boolean;
  highlight: 'dependency' | 'dependent' | 'focused' | null;
  onFocus: (name: string | null) => void;
}

const RING = {
  focused: 'ring-2 ring-indigo-500',
  dependency: 'ring-2 ring-sky-400',
  dependent: 'ring-2 ring-violet-400',
} as const;

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

const REPLICA_DOT: Partial<Record<ServiceStateView['status'], string>> = {
  ready: 'bg-emerald-500',
  completed: 'bg-emerald-500',
  failed: 'bg-red-500',
  blocked: 'bg-red-500',
  unhealthy: 'bg-orange-500',
  backoff: 'bg-orange-500',
};

/** Each replica of a service that runs several: its name and state, its reason on hover. */
function ReplicaList({ name, replicas }: { name: string; replicas: NonNullable<ServiceStateView['replicas']> }) {
  return (
    <ul aria-label={`${name} replica states`} className="mt-1 flex flex-wrap gap-1">
      {replicas.map((r) => (
        <li
          key={r.replica}
          data-replica={r.replica}
          data-replica-state={r.status}
          title={r.reason}
          className="flex items-center gap-1 rounded bg-zinc-100 px-1.5 text-[11px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        >
          <span aria-hidden className={`inline-block h-1.5 w-1.5 rounded-full ${REPLICA_DOT[r.status] ?? 'bg-sky-500'}`} />
          {name}-{r.replica} · {r.status}
        </li>
      ))}
    </ul>
  );
}

/** What the state says in words, with the live parts (countdown, uptime) filled in. */
function StateLine({ state }: { state: ServiceStateView }) {
  const live = state.status === 'backoff' || state.status === 'ready';
  const now = useNow(live);
  if (state.status === 'backoff' && state.nextAttemptAt !== undefined) {
    // A start being retried says which attempt; a crashed service being restarted has none.
    const head = state.attempt !== undefined ? `attempt ${state.attempt}/${state.maxAttempts ?? '?'}` : 'restarting';
    return (
      <p className="text-xs text-orange-800 dark:text-orange-200" data-reason>
        {head} — next try in {seconds(state.nextAttemptAt - now)}
        <span className="block text-zinc-500">{state.reason}</span>
      </p>
    );
  }
  const progress = state.progress?.total ? Math.min(1, (state.progress.current ?? 0) / state.progress.total) : undefined;
  return (
    <div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400" data-reason>
        {state.reason}
        {state.status === 'ready' && state.startedAt !== undefined && <span className="text-zinc-400"> · up {seconds(now - state.startedAt)}</span>}
        {state.restarts > 0 && (
          <span className="text-zinc-400" data-restarts={state.restarts}>
            {' '}
            · {state.restarts} restart{state.restarts === 1 ? '' : 's'}
          </span>
        )}
      </p>
      {(state.status === 'pulling' || state.status === 'building') && progress !== undefined && (
        <progress className="mt-1 h-1.5 w-full accent-sky-500" max={1} value={progress} aria-label={`${state.status} ${Math.round(progress * 100)}%`} />
      )}
    </div>
  );
}

function clock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour12: false });
}

/** Every state change of the service, with its reason and time (newest first). */
function Timeline({ entries }: { entries: ServiceStateView['timeline'] }) {
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-zinc-500">Timeline ({entries.length})</summary>
      <ol className="mt-1 space-y-0.5" aria-label="timeline">
        {[...entries].reverse().map((t, i) => (
          <li key={`${t.at}-${i}`} className="grid grid-cols-[auto_auto_1fr] gap-2">
            <time className="font-mono text-zinc-400">{clock(t.at)}</time>
            <span className="font-medium">{t.status}</span>
            <span className="text-zinc-500">{t.reason}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * One dependency and its condition. When it has failed (or its circuit is open), the chip turns red
 * and says so: a running service whose dependency is down keeps running, as with compose, but you see why
 * it may misbehave.
 */
function DependencyChip({ dependency: d }: { dependency: ServiceView['dependsOn'][number] }) {
  const down = useAppStore((s) => {
    const st = s.services[d.service];
    return st !== undefined && (st.status === 'failed' || st.circuit === 'open');
  });
  return (
    <li
      className={`rounded px-1.5 py-0.5 font-mono ${down ? 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200' : 'bg-sky-50 text-sky-800 dark:bg-sky-950 dark:text-sky-200'}`}
      data-dependency={d.service}
    >
      {d.service} <span className={`font-sans ${down ? 'text-red-600 dark:text-red-400' : 'text-sky-600 dark:text-sky-400'}`}>· {CONDITION[d.condition]}</span>
      {!d.required && <span className="font-sans text-zinc-500"> · optional</span>}
      {d.restart && <span className="font-sans text-zinc-500"> · restarts with it</span>}
      {down && <span className="font-sans font-medium"> · failed</span>}
    </li>
  );
}

export function ServiceCard({ service, state, engineDown, highlight, onFocus }: Props) {
  const failed = state && (state.status === 'failed' || state.status === 'unhealthy' || state.status === 'backoff') && state.lastLines.length > 0;
  return (
    <article
      tabIndex={0}
      aria-label={`service ${service.name}`}
      data-service={service.name}
      onMouseEnter={() => onFocus(service.name)}
      onMouseLeave={() => onFocus(null)}
      onFocus={() => onFocus(service.name)}
      onBlur={() => onFocus(null)}
      className={`flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm transition-shadow dark:border-zinc-800 dark:bg-zinc-900 ${highlight ? RING[highlight] : ''}`}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate font-mono text-sm font-semibold">{service.name}</h3>
          {service.description && <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{service.description}</p>}
        </div>
        <StateBadge state={state?.status ?? 'defined'} />
      </div>
      {state && state.status !== 'defined' && <StateLine state={state} />}
      {state?.replicas && <ReplicaList name={service.name} replicas={state.replicas} />}
      {state?.outdated && <p className="text-xs text-amber-700 dark:text-amber-300">outdated — the definition changed; Up recreates it</p>}
      {failed && (
        <pre aria-label={`${service.name} last lines`} className="max-h-32 overflow-auto rounded bg-zinc-950 p-2 text-[11px] leading-snug text-zinc-200">
          {state.exitCode !== undefined ? `exit code ${state.exitCode}\n` : ''}
          {state.lastLines.slice(-8).join('\n')}
        </pre>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-zinc-500">image</dt>
        <dd className="truncate font-mono" title={service.build ? `${service.image ?? ''} built from ${service.build}` : service.image}>
          {service.image ?? ''}
          {service.build && (
            <span className="font-sans text-zinc-500">
              {service.image ? ' · ' : ''}built from {service.build}
            </span>
          )}
        </dd>
        <dt className="text-zinc-500">ready when</dt>
        <dd className="truncate" title={service.readiness}>
          {service.readiness}
        </dd>
        <dt className="text-zinc-500">waits on</dt>
        <dd>
          {service.dependsOn.length === 0 ? (
            <span className="text-zinc-400">nothing</span>
          ) : (
            <ul className="flex flex-wrap gap-1" aria-label={`${service.name} waits on`}>
              {service.dependsOn.map((d) => (
                <DependencyChip key={d.service} dependency={d} />
              ))}
            </ul>
          )}
        </dd>
        {service.dependents.length > 0 && (
          <>
            <dt className="text-zinc-500">needed by</dt>
            <dd className="font-mono">{service.dependents.join(', ')}</dd>
          </>
        )}
        {service.ports.length > 0 && (
          <>
            <dt className="text-zinc-500">ports</dt>
            <dd className="flex flex-wrap gap-2 font-mono">
              {service.ports.map((p, i) => {
                const href = portLink(p);
                const text = `${p.published ?? '(random)'}→${p.target}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`;
                return href ? (
                  <a key={i} href={href} target="_blank" rel="noreferrer" className="text-indigo-600 underline-offset-2 hover:underline dark:text-indigo-400">
                    {text}
                  </a>
                ) : (
                  <span key={i}>{text}</span>
                );
              })}
            </dd>
          </>
        )}
      </dl>
      {service.open && (
        <a href={service.open} target="_blank" rel="noreferrer" className="self-start text-xs text-indigo-600 underline-offset-2 hover:underline dark:text-indigo-400">
          Open {service.open}
        </a>
      )}
      {state && state.timeline.length > 1 && <Timeline entries={state.timeline} />}
      <div className="mt-auto pt-1">
        <ServiceControls name={service.name} state={state} disabled={engineDown} />
      </div>
    </article>
  );
}
