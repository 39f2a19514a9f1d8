import type { ServiceStatsView } from '../../../preload/contract';

/** Per-second rates of a counter between readings; null where it went back (a restarted container). */
export function rates(readings: readonly ServiceStatsView[], pick: (r: ServiceStatsView) => number): (number | null)[] {
  return readings.map((r, i) => {
    const prev = readings[i - 1];
    if (!prev) return null;
    const dt = (r.at - prev.at) / 1000;
    const dv = pick(r) - pick(prev);
    return dt > 0 && dv >= 0 ? dv / dt : null;
  });
}

export function times(readings: readonly ServiceStatsView[]): number[] {
  return readings.map((r) => r.at / 1000);
}
