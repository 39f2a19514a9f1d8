import { words } from './reasons';
import { engineRestartsAfter, engineRuns } from './restart-policy';
import type { Reason } from './reasons';
import { withStatus, withTimelineEntry } from './service-state';
import type { ServiceSnapshot, ServiceStatus } from './service-state';

type Patch = Partial<ServiceSnapshot>;

/**
 * What happened to a service, as the runner's modules say it. Each kind moves to one state (but
 * `observed`, the engine's own truth, and `noted`, new facts in the same state), and only from the
 * states listed in LEGAL_FROM: the legal transitions live here, in one place.
 */
export type ServiceEvent =
  | { type: 'observed'; status: ServiceStatus; why: Reason; patch?: Patch }
  | { type: 'noted'; why: Reason; patch?: Patch }
  | { type: 'waiting'; why: Reason; patch?: Patch }
  | { type: 'fetching'; kind: 'pulling' | 'building'; why: Reason; patch?: Patch }
  | { type: 'starting'; why: Reason; patch?: Patch }
  | { type: 'became-ready'; why: Reason; patch?: Patch }
  | { type: 'turned-unhealthy'; why: Reason; patch?: Patch }
  | { type: 'backing-off'; why: Reason; patch?: Patch }
  | { type: 'failed'; why: Reason; patch?: Patch }
  | { type: 'blocked'; why: Reason; patch?: Patch }
  | { type: 'stopping'; why: Reason; patch?: Patch }
  | { type: 'stopped'; why: Reason; patch?: Patch }
  | { type: 'completed'; why: Reason; patch?: Patch }
  | { type: 'removed'; why: Reason; patch?: Patch }
  /** A start attempt that did not get ready: retried after `delayMs`, or the start-up has failed. */
  | {
      type: 'attempt-failed';
      cause: Reason;
      retryable: boolean;
      attempt: number;
      attempts: number;
      delayMs: number;
      containerId: string;
      /** Set for a service with a restart policy: the engine runs it again, not Stackpilot (the circuit as counted by the caller). */
      engine?: { policy: string; circuit: { open: boolean; words: string } };
      patch?: Patch;
    }
  /**
   * A settled service's container died. The circuit (counted by the caller, who keeps its history),
   * the service's restart policy and the backoff decide what comes next.
   */
  | {
      type: 'crashed';
      containerId: string;
      exitCode?: number;
      /** The kernel's OOM killer ended it (the engine's oom event), with the memory limit it had. */
      oom?: { limitBytes?: number };
      circuit: { open: boolean; words: string };
      restartPolicy?: string;
      delayMs: number;
    }
  /**
   * A service that was ready has turned unhealthy and restarts on that (`restart_on_unhealthy`): the
   * circuit and the backoff of a crash decide, `check` is what its failing health check said.
   */
  | {
      type: 'unhealthy-restart';
      containerId: string;
      check: string;
      circuit: { open: boolean; words: string };
      delayMs: number;
    }
  /** A watch synced, rebuilt, restarted or ran something for it: kept in its timeline; its state is unchanged. */
  | { type: 'file-watch'; text: string };

export type ServiceEventType = ServiceEvent['type'];

/** What a transition asks of the engine and the clock; the runner's modules carry these out through the ports. */
export type PortEffect =
  /** Stop a container (a crash loop: so the engine's own restart policy does not go round again). */
  | { kind: 'stop-container'; containerId: string; timeoutS: number }
  /** Read a dead container's last lines into the snapshot. */
  | { kind: 'keep-last-lines'; containerId: string }
  /**
   * Start the same container again once `delayMs` has passed (a crash with no engine policy); `stopFirst`:
   * it still runs (unhealthy), and is stopped before.
   */
  | { kind: 'restart-after'; containerId: string; delayMs: number; stopFirst?: true }
  /** Wait `delayMs`, stop the container if it still runs (unhealthy, too slow), and try again. */
  | { kind: 'retry-after'; containerId: string; delayMs: number }
  /** Wait while the engine's restart policy starts the container again, then follow that run. */
  | { kind: 'await-engine-restart'; containerId: string };

/** What the runner must do after a transition: tell listeners, let waiting dependents re-explain, and the port effects. */
export type ServiceEffect =
  { kind: 'notify'; snapshot: ServiceSnapshot } | { kind: 'explain-dependents'; service: string } | PortEffect;

export type TransitionResult =
  { ok: true; snapshot: ServiceSnapshot; effects: ServiceEffect[] } | { ok: false; refused: string };

const ALL: readonly ServiceStatus[] = [
  'defined',
  'waiting',
  'pulling',
  'building',
  'starting',
  'ready',
  'unhealthy',
  'backoff',
  'failed',
  'blocked',
  'stopping',
  'stopped',
  'completed',
];
const except = (...not: ServiceStatus[]): readonly ServiceStatus[] => ALL.filter((s) => !not.includes(s));
/** States with a container that may be running: what can be stopped. */
const MAY_RUN: readonly ServiceStatus[] = [
  'starting',
  'ready',
  'unhealthy',
  'backoff',
  'failed',
  'waiting',
  'stopped',
  'completed',
];

/** From which states each event may move a service. `observed` and `noted` are legal from anywhere. */
export const LEGAL_FROM: Readonly<Record<ServiceEventType, readonly ServiceStatus[]>> = {
  observed: ALL,
  noted: ALL,
  'file-watch': ALL,
  // A start-up (or a restart's) wait on dependencies; never while the service is being stopped.
  waiting: except('stopping'),
  fetching: except('stopping'),
  // Creating, starting, probing; a restart after a crash, a failed attempt or an unhealthy spell.
  starting: except('stopping'),
  'became-ready': ['starting', 'ready', 'unhealthy'],
  'turned-unhealthy': ['ready', 'unhealthy'],
  'backing-off': ['starting', 'ready', 'unhealthy', 'backoff'],
  // A start-up can fail at any step, the first before anything happened (a host port taken, an image
  // missing: from defined, stopped or completed); a crash loop after ready.
  failed: except('stopping'),
  // Only a start-up in progress is blocked: it was waiting (or still making its image or container).
  blocked: ['waiting', 'starting', 'pulling', 'building', 'blocked'],
  stopping: MAY_RUN,
  stopped: ['stopping', 'stopped'],
  completed: ['starting', 'ready', 'completed'],
  removed: ALL,
  'attempt-failed': ['starting', 'ready', 'unhealthy', 'backoff'],
  // From starting too: a service the engine restarted, dying again before it was ready.
  crashed: ['starting', 'ready', 'unhealthy'],
  // From starting too: a restart that came back unhealthy.
  'unhealthy-restart': ['starting', 'ready', 'unhealthy'],
};

interface Outcome {
  status: ServiceStatus;
  why: Reason;
  patch: Patch;
  effects: PortEffect[];
}

/**
 * A failed run of a service with a restart policy: the engine starts it again after a crash while its
 * policy allows (on-failure's count, never after a clean exit), unless the circuit has opened; any
 * other failure (unhealthy, too slow) no restart follows, so the start-up has failed.
 */
function afterEngineRun(
  engine: { policy: string; circuit: { open: boolean; words: string } },
  cause: Reason,
  run: number,
  containerId: string,
  patch: Patch,
): Outcome {
  const { policy, circuit } = engine;
  const runs = engineRuns(policy);
  const crashed = cause.code === 'exited-early' ? cause : undefined;
  const done = { ...patch, nextAttemptAt: undefined };
  if (!crashed || !engineRestartsAfter(policy, crashed.exitCode) || (runs !== undefined && run >= runs)) {
    return {
      status: 'failed',
      why: crashed
        ? { code: 'engine-gave-up', cause, policy, runs: run }
        : { code: 'start-failed', cause, attempts: run },
      patch: done,
      effects: [],
    };
  }
  if (circuit.open) {
    const code = crashed.exitCode !== undefined ? { exitCode: crashed.exitCode } : {};
    return {
      status: 'failed',
      why: { code: 'crash-loop', ...code, circuit: circuit.words },
      patch: { ...done, circuit: 'open' },
      effects: [{ kind: 'stop-container', containerId, timeoutS: 1 }],
    };
  }
  return {
    status: 'backoff',
    why: { code: 'engine-restarting', cause, policy, run, ...(runs !== undefined ? { runs } : {}) },
    patch: done,
    effects: [{ kind: 'await-engine-restart', containerId }],
  };
}

/** Where an event leads, why, and what it asks of the ports: the decisions, in one place. */
function outcome(event: Exclude<ServiceEvent, { type: 'file-watch' }>, current: ServiceStatus, at: number): Outcome {
  switch (event.type) {
    case 'attempt-failed': {
      const { cause, attempt, attempts, delayMs, containerId } = event;
      const patch = { ...event.patch, attempt, maxAttempts: attempts };
      if (event.engine) return afterEngineRun(event.engine, cause, attempt, containerId, patch);
      if (!event.retryable || attempt >= attempts)
        return {
          status: 'failed',
          why: { code: 'start-failed', cause, attempts: attempt },
          patch: { ...patch, nextAttemptAt: undefined },
          effects: [],
        };
      return {
        status: 'backoff',
        why: { code: 'retrying', cause, attempt, attempts, delayMs },
        patch: { ...patch, nextAttemptAt: at + delayMs },
        effects: [{ kind: 'retry-after', containerId, delayMs }],
      };
    }
    case 'crashed': {
      const { containerId, circuit, restartPolicy: policy, delayMs } = event;
      const exit = event.exitCode !== undefined ? { exitCode: event.exitCode } : {};
      // What the reasons say of the exit: the code, and the OOM killer with the limit when it was that.
      const code = { ...exit, ...(event.oom ? { oom: event.oom } : {}) };
      const keepLines: PortEffect = { kind: 'keep-last-lines', containerId };
      if (circuit.open) {
        return {
          status: 'failed',
          why: { code: 'crash-loop', ...code, circuit: circuit.words },
          patch: { ...exit, circuit: 'open' },
          effects: [keepLines, { kind: 'stop-container', containerId, timeoutS: 1 }],
        };
      }
      if (policy && engineRestartsAfter(policy, event.exitCode))
        return {
          status: 'starting',
          why: { code: 'engine-restarts', ...code, policy, circuit: circuit.words },
          patch: exit,
          effects: [keepLines],
        };
      return {
        status: 'backoff',
        why: { code: 'crash-restart', ...code, delayMs, circuit: circuit.words },
        patch: { ...exit, nextAttemptAt: at + delayMs, attempt: undefined, maxAttempts: undefined },
        effects: [keepLines, { kind: 'restart-after', containerId, delayMs }],
      };
    }
    case 'unhealthy-restart': {
      const { containerId, circuit, delayMs, check } = event;
      // The circuit open: it is left running as it is, unhealthy, and no longer restarted.
      if (circuit.open)
        return {
          status: 'unhealthy',
          why: { code: 'unhealthy-loop', check, circuit: circuit.words },
          patch: { circuit: 'open' },
          effects: [],
        };
      return {
        status: 'backoff',
        why: { code: 'unhealthy-restart', check, delayMs, circuit: circuit.words },
        patch: { health: 'unhealthy', nextAttemptAt: at + delayMs, attempt: undefined, maxAttempts: undefined },
        effects: [{ kind: 'restart-after', containerId, delayMs, stopFirst: true }],
      };
    }
    case 'observed':
      return { status: event.status, why: event.why, patch: event.patch ?? {}, effects: [] };
    case 'noted':
      return { status: current, why: event.why, patch: event.patch ?? {}, effects: [] };
    case 'fetching':
      return { status: event.kind, why: event.why, patch: event.patch ?? {}, effects: [] };
    default:
      return { status: SIMPLE_TARGET[event.type], why: event.why, patch: event.patch ?? {}, effects: [] };
  }
}

const SIMPLE_TARGET: Record<
  Exclude<
    ServiceEventType,
    'observed' | 'noted' | 'fetching' | 'attempt-failed' | 'crashed' | 'unhealthy-restart' | 'file-watch'
  >,
  ServiceStatus
> = {
  waiting: 'waiting',
  starting: 'starting',
  'became-ready': 'ready',
  'turned-unhealthy': 'unhealthy',
  'backing-off': 'backoff',
  failed: 'failed',
  blocked: 'blocked',
  stopping: 'stopping',
  stopped: 'stopped',
  completed: 'completed',
  removed: 'defined',
};

/**
 * The pure transition of one service: the next snapshot and what to do about it, or why the event is
 * refused. Nothing new (same state, same reason, no facts) is no transition and has no effects.
 */
export function transition(current: ServiceSnapshot, event: ServiceEvent, at: number): TransitionResult {
  if (event.type === 'file-watch') {
    const snapshot = withTimelineEntry(current, { at, status: current.status, reason: event.text, kind: 'watch' });
    return { ok: true, snapshot, effects: [{ kind: 'notify', snapshot }] };
  }
  const next = outcome(event, current.status, at);
  if (!LEGAL_FROM[event.type].includes(current.status)) {
    return {
      ok: false,
      refused: `${current.name}: "${event.type}" is not allowed from ${current.status} (${words(next.why)})`,
    };
  }
  const reason = words(next.why);
  if (
    current.status === next.status &&
    current.reason === reason &&
    Object.keys(next.patch).length === 0 &&
    next.effects.length === 0
  )
    return { ok: true, snapshot: current, effects: [] };
  const changed = withStatus(current, next.status, reason, at, { ...next.patch, why: next.why });
  // Each pre_start step is kept in the timeline, though the service stays starting through them.
  const step = (next.why.code === 'pre-start' || next.why.code === 'pre-start-done') && current.status === next.status;
  const snapshot = step ? withTimelineEntry(changed, { at, status: next.status, reason, kind: 'hook' }) : changed;
  return {
    ok: true,
    snapshot,
    effects: [{ kind: 'notify', snapshot }, { kind: 'explain-dependents', service: current.name }, ...next.effects],
  };
}
