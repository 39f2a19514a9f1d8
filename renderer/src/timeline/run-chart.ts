import type { PhaseView, RunView, ServiceRunView, ServiceStatusView } from '../../../preload/contract';

/** A stretch of a bar, as a share (0..1) of the axis. */
export interface Segment {
  status: ServiceStatusView;
  left: number;
  width: number;
  from: number;
  to: number;
}

export interface ChartRow {
  service: string;
  segments: Segment[];
  /** The same service in the run compared with, if it ran then. */
  compare?: Segment[];
  readyMs?: number;
  compareReadyMs?: number;
  /** On this run's critical path. */
  critical: boolean;
  status: ServiceStatusView;
  failedAttempts: number;
  /** With more than one container: each replica's own bar. */
  replicas?: { replica: number; segments: Segment[]; readyMs?: number; failedAttempts: number }[];
}

export interface Tick {
  left: number;
  label: string;
}

export interface RunChart {
  rows: ChartRow[];
  /** The axis: the longer of the two runs. */
  totalMs: number;
  ticks: Tick[];
}

/** Before a service had anything to do: not drawn (the bar starts when it starts waiting or working). */
const UNDRAWN = new Set<ServiceStatusView>(['defined']);

function segments(phases: readonly PhaseView[], totalMs: number): Segment[] {
  return phases
    .filter((p) => !UNDRAWN.has(p.status) && p.to > p.from)
    .map((p) => ({
      status: p.status,
      from: p.from,
      to: p.to,
      left: p.from / totalMs,
      width: (p.to - p.from) / totalMs,
    }));
}

/** 1, 2 or 5 times a power of ten, so that about six ticks fit. */
export function tickStep(totalMs: number): number {
  const rough = totalMs / 6;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power * 10;
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Rows in the order the services got going (not waiting): the bars read top to bottom like the start. */
const firstMove = (s: ServiceRunView): number =>
  s.phases.find((p) => !UNDRAWN.has(p.status) && p.status !== 'waiting')?.from ??
  s.phases.find((p) => !UNDRAWN.has(p.status))?.from ??
  Infinity;

/** One run drawn on its own time axis (shared with the run it is compared with). */
export function runChart(run: RunView, compare?: RunView): RunChart {
  const totalMs = Math.max(1, run.endedAt - run.startedAt, compare ? compare.endedAt - compare.startedAt : 0);
  const critical = new Set(run.criticalPath?.steps.map((s) => s.service) ?? []);
  const rows = [...run.services]
    .sort((a, b) => firstMove(a) - firstMove(b) || a.service.localeCompare(b.service))
    .map((s): ChartRow => {
      const before = compare?.services.find((c) => c.service === s.service);
      return {
        service: s.service,
        segments: segments(s.phases, totalMs),
        ...(before ? { compare: segments(before.phases, totalMs) } : {}),
        ...(s.readyMs !== undefined ? { readyMs: s.readyMs } : {}),
        ...(before?.readyMs !== undefined ? { compareReadyMs: before.readyMs } : {}),
        critical: critical.has(s.service),
        status: s.status,
        failedAttempts: s.attempts.length,
        ...(s.replicaRuns && s.replicaRuns.length > 1
          ? {
              replicas: s.replicaRuns.map((r) => ({
                replica: r.replica,
                segments: segments(r.phases, totalMs),
                failedAttempts: r.attempts.length,
                ...(r.readyMs !== undefined ? { readyMs: r.readyMs } : {}),
              })),
            }
          : {}),
      };
    });
  const step = tickStep(totalMs);
  const ticks: Tick[] = [];
  for (let at = 0; at <= totalMs; at += step) ticks.push({ left: at / totalMs, label: seconds(at) });
  return { rows, totalMs, ticks };
}

/** How a run is named in the pickers: when, what, how it ended, how long. */
export function runLabel(run: RunView): string {
  const when = new Date(run.startedAt).toLocaleString(undefined, {
    hour12: false,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const what = run.targets.length > 0 ? `${run.action} ${run.targets.join(' ')}` : run.action;
  return `${when} · ${what} · ${run.outcome} · ${seconds(run.endedAt - run.startedAt)}`;
}
