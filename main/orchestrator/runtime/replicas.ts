import { words } from './reasons';
import type { Reason } from './reasons';
import type { ReplicaView, ServiceSnapshot, ServiceStatus } from './service-state';

export type { ReplicaView } from './service-state';

/**
 * A service runs N containers, its replicas, numbered from 1. Inside the runner each replica is a
 * unit with its own state: unit 1 is keyed by the service's name (so a one-replica service is
 * exactly what it always was), unit n by `service#n` ('#' cannot appear in a service name).
 */
export function unitKey(service: string, replica: number): string {
  return replica === 1 ? service : `${service}#${replica}`;
}

export function serviceOf(unit: string): string {
  const at = unit.lastIndexOf('#');
  return at < 0 ? unit : unit.slice(0, at);
}

export function replicaOf(unit: string): number {
  const at = unit.lastIndexOf('#');
  return at < 0 ? 1 : Number(unit.slice(at + 1));
}

export function unitsOf(service: string, replicas: number): string[] {
  return Array.from({ length: replicas }, (_, i) => unitKey(service, i + 1));
}

/** How a replica is named where people read it: `api-2`, as compose prints it. */
export function replicaLabel(unit: string): string {
  return `${serviceOf(unit)}-${replicaOf(unit)}`;
}

/** Worst first: the replica a person should look at is the first of these its service has. */
const SEVERITY: readonly ServiceStatus[] = [
  'failed',
  'blocked',
  'unhealthy',
  'backoff',
  'stopping',
  'building',
  'pulling',
  'waiting',
  'starting',
  'defined',
  'stopped',
  'completed',
  'ready',
];

/**
 * The service as a person sees it, from its replicas' states: one replica is the service itself;
 * with several, the state is theirs when they agree, else the worst one's, and the reason says how
 * many are ready and which one is not and why ("1/3 ready; api-2 backoff: …").
 */
export function aggregate(service: string, units: readonly ServiceSnapshot[]): ServiceSnapshot | undefined {
  const [first] = units;
  if (!first) return undefined;
  if (units.length === 1) return first;
  const rank = (s: ServiceSnapshot): number => SEVERITY.indexOf(s.status);
  const worst = [...units].sort((a, b) => rank(a) - rank(b))[0] ?? first;
  const agree = units.every((u) => u.status === first.status);
  const ready = units.filter((u) => u.status === 'ready').length;
  const status: ServiceStatus = agree ? first.status : worst.status;
  const why: Reason = {
    code: 'replicas',
    ready,
    of: units.length,
    status,
    ...(agree ? {} : { worst: { replica: replicaLabel(worst.name), status: worst.status, reason: worst.reason } }),
  };
  const readyAts = units.map((u) => u.readyAt).filter((t): t is number => t !== undefined);
  const startedAts = units.map((u) => u.startedAt).filter((t): t is number => t !== undefined);
  const replicas: ReplicaView[] = units.map((u) => ({
    replica: replicaOf(u.name),
    status: u.status,
    reason: u.reason,
    containerName: u.containerName,
    ...(u.containerId ? { containerId: u.containerId } : {}),
  }));
  return {
    ...worst,
    name: service,
    status,
    reason: words(why),
    why,
    containerName: first.containerName,
    ...(first.containerId ? { containerId: first.containerId } : {}),
    outdated: units.some((u) => u.outdated),
    restarts: units.reduce((n, u) => n + (u.restarts ?? 0), 0),
    // Ready when the last one was: only once every replica has been.
    readyAt: readyAts.length === units.length ? Math.max(...readyAts) : undefined,
    ...(startedAts.length > 0 ? { startedAt: Math.min(...startedAts) } : {}),
    since: Math.max(...units.map((u) => u.since)),
    replicas,
  };
}
