import type { Stack } from '../compose/model';
import { criticalPath } from '../runtime/critical-path';
import type { ServiceSnapshot, ServiceStatus, TimelineEntry } from '../runtime/service-state';

/** What started a run: the stack's Up (or Restart all), or one service started on its own. */
export type RunAction = 'up' | 'restart' | 'start';
export type RunOutcome = 'ready' | 'failed' | 'interrupted';

/** One stretch of one state, in ms from the run's start. */
export interface PhaseSpan {
  status: ServiceStatus;
  from: number;
  to: number;
}

/** What one service did in one run. Times are ms from the run's start, so runs line up on one axis. */
export interface ServiceRun {
  service: string;
  /** Its state when the run ended. */
  status: ServiceStatus;
  reason: string;
  replicas: number;
  /** Its container started (the first time in this run). */
  startedAt?: number;
  /** Ready (or completed) for the first time in this run. */
  readyAt?: number;
  /** From its container starting to ready: its own cost, without the wait on what it depends on. */
  readyMs?: number;
  /** Each failed attempt, with why. */
  attempts: { at: number; reason: string }[];
  pullMs?: number;
  buildMs?: number;
  phases: PhaseSpan[];
  /** With more than one container: each replica's own run (the fields above are the service's as a whole). */
  replicaRuns?: ReplicaRun[];
}

export type ReplicaRun = { replica: number } & Pick<
  ServiceRun,
  'startedAt' | 'readyAt' | 'readyMs' | 'attempts' | 'phases'
>;

export interface RunRecord {
  /** Unique within a stack's history: the start time and what ran. */
  id: string;
  action: RunAction;
  /** The services asked for (none: the whole stack). */
  targets: string[];
  startedAt: number;
  endedAt: number;
  outcome: RunOutcome;
  services: ServiceRun[];
  criticalPath?: { steps: { service: string; ms: number }[]; ms: number };
}

/** States a service is in while its own work is under way or done, rather than before it. */
const SETTLED = new Set<ServiceStatus>(['ready', 'completed']);

function inRun(timeline: readonly TimelineEntry[], t0: number): TimelineEntry[] {
  return timeline.filter((e) => e.at >= t0 && e.kind !== 'watch');
}

function phasesOf(entries: readonly TimelineEntry[], t0: number, t1: number): PhaseSpan[] {
  return entries.map((e, i) => ({ status: e.status, from: e.at - t0, to: (entries[i + 1]?.at ?? t1) - t0 }));
}

const spent = (phases: readonly PhaseSpan[], status: ServiceStatus): number | undefined => {
  const of = phases.filter((p) => p.status === status);
  return of.length === 0 ? undefined : of.reduce((n, p) => n + (p.to - p.from), 0);
};

/** What one service did between t0 and t1, from its timeline; undefined when it did nothing then. */
export function serviceRun(s: ServiceSnapshot, replicas: number, t0: number, t1: number): ServiceRun | undefined {
  const entries = inRun(s.timeline, t0);
  if (entries.length === 0) return undefined;
  const phases = phasesOf(entries, t0, t1);
  const started = entries.find((e) => e.status === 'starting');
  const ready = entries.find((e) => SETTLED.has(e.status) && (!started || e.at >= started.at));
  const pullMs = spent(phases, 'pulling');
  const buildMs = spent(phases, 'building');
  return {
    service: s.name,
    status: s.status,
    reason: s.reason,
    replicas,
    ...(started ? { startedAt: started.at - t0 } : {}),
    ...(ready ? { readyAt: ready.at - t0 } : {}),
    ...(started && ready ? { readyMs: ready.at - started.at } : {}),
    attempts: entries
      .filter((e) => e.status === 'backoff' || e.status === 'failed')
      .map((e) => ({ at: e.at - t0, reason: e.reason })),
    ...(pullMs !== undefined ? { pullMs } : {}),
    ...(buildMs !== undefined ? { buildMs } : {}),
    phases,
  };
}

/**
 * The record of one run, made from the services' timelines once it has ended. A run in which nothing
 * changed (everything was up already) has no record: history keeps what happened.
 */
export function runRecord(
  stack: Stack,
  snapshots: readonly ServiceSnapshot[],
  run: { action: RunAction; targets: readonly string[]; startedAt: number; endedAt: number; outcome: RunOutcome },
  replicaCount: (service: string) => number = () => 1,
  /** Each replica's own snapshot, for a service with more than one. */
  replicasOf: (service: string) => readonly ServiceSnapshot[] = () => [],
): RunRecord | undefined {
  const services = snapshots.flatMap((s) => {
    const whole = serviceRun(s, replicaCount(s.name), run.startedAt, run.endedAt);
    if (!whole) return [];
    const replicas = replicaCount(s.name) > 1 ? replicasOf(s.name) : [];
    const replicaRuns = replicas.flatMap((r, i): ReplicaRun[] => {
      const one = serviceRun(r, 1, run.startedAt, run.endedAt);
      if (!one) return [];
      const { startedAt, readyAt, readyMs, attempts, phases } = one;
      return [
        {
          replica: i + 1,
          attempts,
          phases,
          ...(startedAt !== undefined ? { startedAt } : {}),
          ...(readyAt !== undefined ? { readyAt } : {}),
          ...(readyMs !== undefined ? { readyMs } : {}),
        },
      ];
    });
    return [replicaRuns.length > 0 ? { ...whole, replicaRuns } : whole];
  });
  if (services.length === 0) return undefined;
  const touched = new Set(services.map((s) => s.service));
  // The critical path of this run only: a service that was up before it does not lie on it.
  const path = criticalPath(
    stack,
    snapshots.filter((s) => touched.has(s.name) && (s.startRequestedAt ?? 0) >= run.startedAt),
  );
  return {
    id: `${run.startedAt}-${run.action}`,
    action: run.action,
    targets: [...run.targets],
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    outcome: run.outcome,
    services,
    ...(path ? { criticalPath: path } : {}),
  };
}
