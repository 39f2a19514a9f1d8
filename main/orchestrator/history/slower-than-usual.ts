import type { RunRecord } from './run-record';

/** A service that took notably longer to be ready than it usually does. */
export interface SlowerThanUsual {
  service: string;
  /** This run's time to ready. */
  ms: number;
  /** The median of the runs before it. */
  usualMs: number;
  /** How many runs the median is of. */
  runs: number;
}

export const SLOWER = {
  /** Runs with a figure needed before a median means anything. */
  minRuns: 5,
  /** The median of at most this many of the latest runs: "usual" follows the stack as it changes. */
  window: 20,
  factor: 1.5,
  /**
   * And at least this much slower: a service ready in 40 ms instead of 20 ms is noise, not news
   * (the engine's scheduling alone varies by tens of milliseconds).
   */
  minExtraMs: 250,
} as const;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Each service's times to ready in earlier runs, newest first, at most `SLOWER.window` of them. */
export function usualTimes(earlier: readonly RunRecord[], service: string): number[] {
  return [...earlier]
    .sort((a, b) => b.startedAt - a.startedAt)
    .flatMap((r) =>
      r.services.filter((s) => s.service === service && s.readyMs !== undefined).map((s) => s.readyMs ?? 0),
    )
    .slice(0, SLOWER.window);
}

/** More than 1.5× the usual, and by enough to be more than noise. */
export function isSlower(ms: number, usualMs: number): boolean {
  return ms > usualMs * SLOWER.factor && ms - usualMs >= SLOWER.minExtraMs;
}

/** The services of `run` slower than 1.5× their median over the earlier runs (at least 5 of them). */
export function slowerThanUsual(run: RunRecord, earlier: readonly RunRecord[]): SlowerThanUsual[] {
  return run.services.flatMap((s) => {
    if (s.readyMs === undefined) return [];
    const times = usualTimes(
      earlier.filter((r) => r.id !== run.id),
      s.service,
    );
    if (times.length < SLOWER.minRuns) return [];
    const usualMs = median(times);
    if (!isSlower(s.readyMs, usualMs)) return [];
    return [{ service: s.service, ms: s.readyMs, usualMs, runs: times.length }];
  });
}

export function describeSlower(s: SlowerThanUsual): string {
  const secs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
  return `${s.service} took ${secs(s.ms)} to be ready, usually ${secs(s.usualMs)} (median of the last ${s.runs} runs)`;
}
