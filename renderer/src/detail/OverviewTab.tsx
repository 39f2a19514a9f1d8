import { useState } from 'react';
import type { DependencyConditionView, ServiceStateView, ServiceView } from '../../../preload/contract';
import { duration } from '../format';
import { useAppStore } from '../store';
import { PortLinks, ReasonText, placeUrl, usePortPlace } from '../table/cells';
import { useNow } from '../use-now';
import { ExitList } from './ExitList';
import { HealthLog, NextProbe, lastProbeWords } from './HealthLog';
import { seconds } from '../timeline/run-chart';

const CONDITION: Record<DependencyConditionView, string> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

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
    <ul aria-label={`${name} replica states`} className="flex flex-wrap gap-1">
      {replicas.map((r) => (
        <li
          key={r.replica}
          data-replica={r.replica}
          data-replica-state={r.status}
          title={r.reason}
          className="flex items-center gap-1 rounded bg-zinc-100 px-1.5 text-[11px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        >
          <span
            aria-hidden
            className={`inline-block h-1.5 w-1.5 rounded-full ${REPLICA_DOT[r.status] ?? 'bg-sky-500'}`}
          />
          {name}-{r.replica} · {r.status}
        </li>
      ))}
    </ul>
  );
}

/** What the state says in words, with the live parts (countdown, uptime) filled in. */
function StateLine({ state }: { state: ServiceStateView }) {
  const now = useNow(state.status === 'ready');
  const progress = state.progress?.total
    ? Math.min(1, (state.progress.current ?? 0) / state.progress.total)
    : undefined;
  return (
    <div>
      <p
        className={`text-sm ${state.status === 'backoff' ? 'text-orange-800 dark:text-orange-200' : 'text-zinc-700 dark:text-zinc-300'}`}
        data-why
      >
        <ReasonText state={state} />
        {state.status === 'ready' && state.startedAt !== undefined && (
          <span className="text-zinc-400"> · up {duration(now - state.startedAt)}</span>
        )}
        {state.restarts > 0 && (
          <span className="text-zinc-400">
            {' '}
            · {state.restarts} restart{state.restarts === 1 ? '' : 's'}
          </span>
        )}
      </p>
      {(state.status === 'pulling' || state.status === 'building') && progress !== undefined && (
        <progress
          className="mt-1 h-1.5 w-full accent-sky-500"
          max={1}
          value={progress}
          aria-label={`${state.status} ${Math.round(progress * 100)}%`}
        />
      )}
    </div>
  );
}

/**
 * One dependency and its condition. When it has failed (or its circuit is open), the chip turns red
 * and says so: a running service whose dependency is down keeps running, as with compose, but you see
 * why it may misbehave. A click opens that service.
 */
function DependencyChip({ dependency: d }: { dependency: ServiceView['dependsOn'][number] }) {
  const down = useAppStore((s) => {
    const st = s.services[d.service];
    return st !== undefined && (st.status === 'failed' || st.circuit === 'open');
  });
  const select = useAppStore((s) => s.select);
  return (
    <li data-dependency={d.service}>
      <button
        type="button"
        onClick={() => select(d.service)}
        className={`rounded px-1.5 py-0.5 font-mono ${down ? 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200' : 'bg-sky-50 text-sky-800 dark:bg-sky-950 dark:text-sky-200'}`}
      >
        {d.service}{' '}
        <span className={`font-sans ${down ? 'text-red-600 dark:text-red-400' : 'text-sky-600 dark:text-sky-400'}`}>
          · {CONDITION[d.condition]}
        </span>
        {!d.required && <span className="font-sans text-zinc-500"> · optional</span>}
        {d.restart && <span className="font-sans text-zinc-500"> · restarts with it</span>}
        {down && <span className="font-sans font-medium"> · failed</span>}
      </button>
    </li>
  );
}

/** Past this many, "needed by" says how many more and shows them on request. */
const DEPENDENTS_SHOWN = 10;

function Dependents({ names }: { names: string[] }) {
  const select = useAppStore((s) => s.select);
  const [all, setAll] = useState(false);
  const shown = all ? names : names.slice(0, DEPENDENTS_SHOWN);
  return (
    <ul className="flex flex-wrap gap-1" aria-label="needed by">
      {names.length > shown.length && (
        <li className="order-last">
          <button
            type="button"
            onClick={() => setAll(true)}
            className="rounded px-1.5 py-0.5 text-indigo-600 hover:underline dark:text-indigo-400"
          >
            +{names.length - shown.length} more
          </button>
        </li>
      )}
      {shown.map((n) => (
        <li key={n}>
          <button
            type="button"
            onClick={() => select(n)}
            className="rounded bg-violet-50 px-1.5 py-0.5 font-mono text-violet-800 dark:bg-violet-950 dark:text-violet-200"
          >
            {n}
          </button>
        </li>
      ))}
    </ul>
  );
}

const TROUBLE_OR_STARTING = new Set<ServiceStateView['status']>(['starting', 'unhealthy', 'failed', 'backoff']);

/**
 * Each hop down to what is actually slow; the last one adds what the engine's own health check of
 * that service answered, and when it probes next.
 */
function WaitChain({ name, chain, endName }: { name: string; chain: string[]; endName: string | undefined }) {
  const end = useAppStore((s) => (endName ? s.services[endName] : undefined));
  const health = end?.health;
  const probe = health ? lastProbeWords(health) : undefined;
  return (
    <ol
      aria-label={`${name} wait chain`}
      className="flex flex-col gap-0.5 rounded border border-sky-200 bg-sky-50/60 px-2 py-1.5 dark:border-sky-900 dark:bg-sky-950/40"
    >
      {chain.map((hop, i) => (
        <li
          key={hop}
          className={
            i === chain.length - 1 ? 'font-medium text-sky-900 dark:text-sky-200' : 'text-zinc-600 dark:text-zinc-400'
          }
        >
          {i > 0 && <span aria-hidden>← </span>}
          {hop}
        </li>
      ))}
      {health && end && (probe || health.nextProbeAt !== undefined) && (
        <li data-engine-health className="text-zinc-600 dark:text-zinc-400">
          {end.name}'s health (Docker): {health.status ?? 'no status'}
          {probe && `, ${probe}`}
          {health.nextProbeAt !== undefined && (end.status === 'starting' || end.status === 'unhealthy') && (
            <>
              , <NextProbe report={health} status={end.status} />
            </>
          )}
        </li>
      )}
    </ol>
  );
}

/** The why of one service: its state and reason, what failed and how, what it waits on and what waits on it. */
export function OverviewTab({ service, state }: { service: ServiceView; state: ServiceStateView | undefined }) {
  const failed =
    state &&
    (state.status === 'failed' || state.status === 'unhealthy' || state.status === 'backoff') &&
    (state.lastLines.length > 0 || state.exitCode !== undefined);
  return (
    <div className="flex flex-col gap-3 text-xs">
      {service.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{service.description}</p>}
      {state && state.status !== 'defined' ? (
        <StateLine state={state} />
      ) : (
        <p className="text-sm text-zinc-500">Not started: Up starts it after what it waits on.</p>
      )}
      {state?.waitChain && <WaitChain name={service.name} chain={state.waitChain} endName={state.waitChainEnd} />}
      {state?.slower && (
        <p
          data-slower
          className="rounded border border-amber-200 bg-amber-50/70 px-2 py-1 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
        >
          Slower than usual: ready in {seconds(state.slower.ms)} this run, usually {seconds(state.slower.usualMs)} (the
          median of its last {state.slower.runs} runs).
        </p>
      )}
      {state?.replicas && <ReplicaList name={service.name} replicas={state.replicas} />}
      {state?.outdated && (
        <p className="text-amber-700 dark:text-amber-300">outdated — the definition changed; Up recreates it</p>
      )}
      {failed && (
        <pre
          aria-label={`${service.name} last lines`}
          className="max-h-48 overflow-auto rounded bg-zinc-950 p-2 text-[11px] leading-snug text-zinc-200"
        >
          {state.exitCode !== undefined ? `exit code ${state.exitCode}\n` : ''}
          {state.lastLines.slice(-12).join('\n')}
        </pre>
      )}
      {state?.exits && state.exits.length > 0 && (
        <ExitList name={service.name} exits={state.exits} restarts={state.restarts} />
      )}
      {/* Read while it started: it explains a start under way or one that failed, not a service that is ready. */}
      {state?.health && TROUBLE_OR_STARTING.has(state.status) && (
        <HealthLog name={service.name} report={state.health} status={state.status} />
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
        <dt className="text-zinc-500">{service.provider ? 'provider' : 'image'}</dt>
        <dd className="break-all font-mono">
          {service.provider ?? service.image ?? ''}
          {service.build && (
            <span className="font-sans text-zinc-500">
              {service.image ? ' · ' : ''}built from {service.build}
            </span>
          )}
        </dd>
        <dt className="text-zinc-500">ready when</dt>
        <dd className="break-words">{service.readiness}</dd>
        {state?.attempt !== undefined && (
          <>
            <dt className="text-zinc-500">attempts</dt>
            <dd>
              {state.attempt} of {state.maxAttempts ?? '?'}
              {state.circuit && state.circuit !== 'closed' && ` · circuit ${state.circuit}`}
            </dd>
          </>
        )}
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
        <dt className="text-zinc-500">needed by</dt>
        <dd>
          {service.dependents.length === 0 ? (
            <span className="text-zinc-400">nothing</span>
          ) : (
            <Dependents names={service.dependents} />
          )}
        </dd>
        {service.ports.length > 0 && (
          <>
            <dt className="text-zinc-500">ports</dt>
            <dd>
              <PortLinks ports={service.ports} />
            </dd>
          </>
        )}
        {service.watch.length > 0 && (
          <>
            <dt className="text-zinc-500">on a change</dt>
            <dd>
              <ul className="font-mono" aria-label={`${service.name} watch rules`}>
                {service.watch.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {state?.containerName && !service.provider && (
          <>
            <dt className="text-zinc-500">container</dt>
            <dd className="font-mono">{state.containerName}</dd>
          </>
        )}
      </dl>
      {service.open && <OpenLink url={service.open} />}
    </div>
  );
}

/** The file's x-stackpilot.open link, as it is reached from here (a remote engine's tunnel or host). */
function OpenLink({ url }: { url: string }) {
  const href = placeUrl(url, usePortPlace());
  return (
    <a
      href={href}
      title={href === url ? undefined : `${url}, reached from here at ${href}`}
      target="_blank"
      rel="noreferrer"
      className="self-start text-indigo-600 underline-offset-2 hover:underline dark:text-indigo-400"
    >
      Open {url}
    </a>
  );
}
