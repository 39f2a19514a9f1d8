import { words } from './reasons';
import type { Reason } from './reasons';
import { withStatus } from './service-state';
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
  | { type: 'removed'; why: Reason; patch?: Patch };

export type ServiceEventType = ServiceEvent['type'];

/** What the runner must do after a transition: tell listeners, and let waiting dependents re-explain. */
export type ServiceEffect = { kind: 'notify'; snapshot: ServiceSnapshot } | { kind: 'explain-dependents'; service: string };

export type TransitionResult = { ok: true; snapshot: ServiceSnapshot; effects: ServiceEffect[] } | { ok: false; refused: string };

const ALL: readonly ServiceStatus[] = ['defined', 'waiting', 'pulling', 'building', 'starting', 'ready', 'unhealthy', 'backoff', 'failed', 'blocked', 'stopping', 'stopped', 'completed'];
const except = (...not: ServiceStatus[]): readonly ServiceStatus[] => ALL.filter((s) => !not.includes(s));
/** States with a container that may be running: what can be stopped. */
const MAY_RUN: readonly ServiceStatus[] = ['starting', 'ready', 'unhealthy', 'backoff', 'failed', 'waiting', 'stopped', 'completed'];

/** From which states each event may move a service. `observed` and `noted` are legal from anywhere. */
export const LEGAL_FROM: Readonly<Record<ServiceEventType, readonly ServiceStatus[]>> = {
  observed: ALL,
  noted: ALL,
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
};

function target(event: ServiceEvent, current: ServiceStatus): ServiceStatus {
  switch (event.type) {
    case 'observed':
      return event.status;
    case 'noted':
      return current;
    case 'fetching':
      return event.kind;
    case 'became-ready':
      return 'ready';
    case 'turned-unhealthy':
      return 'unhealthy';
    case 'backing-off':
      return 'backoff';
    case 'removed':
      return 'defined';
    default:
      return event.type;
  }
}

/**
 * The pure transition of one service: the next snapshot and what to do about it, or why the event is
 * refused. Nothing new (same state, same reason, no facts) is no transition and has no effects.
 */
export function transition(current: ServiceSnapshot, event: ServiceEvent, at: number): TransitionResult {
  if (!LEGAL_FROM[event.type].includes(current.status)) {
    return { ok: false, refused: `${current.name}: "${event.type}" is not allowed from ${current.status} (${words(event.why)})` };
  }
  const status = target(event, current.status);
  const reason = words(event.why);
  const patch = event.patch ?? {};
  if (current.status === status && current.reason === reason && Object.keys(patch).length === 0) return { ok: true, snapshot: current, effects: [] };
  const snapshot = withStatus(current, status, reason, at, { ...patch, why: event.why });
  return {
    ok: true,
    snapshot,
    effects: [
      { kind: 'notify', snapshot },
      { kind: 'explain-dependents', service: current.name },
    ],
  };
}
