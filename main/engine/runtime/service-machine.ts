import { withStatus } from './service-state';
import type { ServiceSnapshot, ServiceStatus } from './service-state';

type Patch = Partial<ServiceSnapshot>;

/**
 * What happened to a service, as the runner's modules say it. Each kind moves to one state (but
 * `observed`, the engine's own truth, and `noted`, new facts in the same state), and only from the
 * states listed in LEGAL_FROM: the legal transitions live here, in one place.
 */
export type ServiceEvent =
  | { type: 'observed'; status: ServiceStatus; reason: string; patch?: Patch }
  | { type: 'noted'; reason: string; patch?: Patch }
  | { type: 'waiting'; reason: string; patch?: Patch }
  | { type: 'fetching'; kind: 'pulling' | 'building'; reason: string; patch?: Patch }
  | { type: 'starting'; reason: string; patch?: Patch }
  | { type: 'became-ready'; reason: string; patch?: Patch }
  | { type: 'turned-unhealthy'; reason: string; patch?: Patch }
  | { type: 'backing-off'; reason: string; patch?: Patch }
  | { type: 'failed'; reason: string; patch?: Patch }
  | { type: 'blocked'; reason: string; patch?: Patch }
  | { type: 'stopping'; reason: string; patch?: Patch }
  | { type: 'stopped'; reason: string; patch?: Patch }
  | { type: 'completed'; reason: string; patch?: Patch }
  | { type: 'removed'; reason: string; patch?: Patch };

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
  // A start-up can fail at any step (preflight, image, create, start, probe); a crash loop after ready.
  failed: except('stopping', 'stopped', 'completed', 'defined'),
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
    return { ok: false, refused: `${current.name}: "${event.type}" is not allowed from ${current.status} (${event.reason})` };
  }
  const status = target(event, current.status);
  const patch = event.patch ?? {};
  if (current.status === status && current.reason === event.reason && Object.keys(patch).length === 0) return { ok: true, snapshot: current, effects: [] };
  const snapshot = withStatus(current, status, event.reason, at, patch);
  return { ok: true, snapshot, effects: [{ kind: 'notify', snapshot }, { kind: 'explain-dependents', service: current.name }] };
}
