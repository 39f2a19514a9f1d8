import type { ServiceStatsView } from '../../../preload/contract';

/** Readings kept per service for its charts: at one each 2 s, the last three minutes. */
export const STATS_KEPT = 90;

/**
 * The last readings of each service, oldest first, in fixed rings: memory stays the same whether the
 * window is open for a minute or a week. Mutable (like LogBuffer); `version` counts the changes.
 */
export class StatsHistory {
  private readonly rings = new Map<string, ServiceStatsView[]>();
  version = 0;

  constructor(readonly max = STATS_KEPT) {}

  add(batch: readonly ServiceStatsView[]): void {
    for (const reading of batch) {
      const ring = this.rings.get(reading.service) ?? [];
      if (ring.at(-1)?.at === reading.at) continue;
      ring.push(reading);
      if (ring.length > this.max) ring.splice(0, ring.length - this.max);
      this.rings.set(reading.service, ring);
    }
    this.version++;
  }

  of(service: string): readonly ServiceStatsView[] {
    return this.rings.get(service) ?? [];
  }

  services(): string[] {
    return [...this.rings.keys()];
  }

  clear(): void {
    this.rings.clear();
    this.version++;
  }
}

/** Readings of several services summed into one (the stack's total); the limit is the largest. */
export function totalOf(readings: readonly ServiceStatsView[], at: number): ServiceStatsView {
  const sum = (pick: (r: ServiceStatsView) => number): number => readings.reduce((n, r) => n + pick(r), 0);
  return {
    service: '',
    at,
    cpuPercent: sum((r) => r.cpuPercent),
    memoryBytes: sum((r) => r.memoryBytes),
    memoryLimitBytes: Math.max(0, ...readings.map((r) => r.memoryLimitBytes)),
    netRxBytes: sum((r) => r.netRxBytes),
    netTxBytes: sum((r) => r.netTxBytes),
    blockReadBytes: sum((r) => r.blockReadBytes),
    blockWriteBytes: sum((r) => r.blockWriteBytes),
    pids: sum((r) => r.pids),
    containers: sum((r) => r.containers),
  };
}
