import { describe, expect, it } from 'vitest';
import type { ServiceStatsView } from '../../../preload/contract';
import { StatsHistory, totalOf } from './stats-history';
import { rates, times } from './series';

const r = (service: string, at: number, netRxBytes: number, cpuPercent = 1): ServiceStatsView => ({
  service,
  at,
  cpuPercent,
  memoryBytes: 10,
  memoryLimitBytes: 100,
  netRxBytes,
  netTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 1,
  containers: 1,
});

describe('stats for the charts', () => {
  it('turns counters into per-second rates, with a gap where a counter went back', () => {
    const rs = [r('a', 0, 0), r('a', 2000, 4000), r('a', 4000, 10000), r('a', 6000, 100)];
    expect(rates(rs, (x) => x.netRxBytes)).toEqual([null, 2000, 3000, null]);
    expect(times(rs)).toEqual([0, 2, 4, 6]);
  });

  it('keeps a bounded history per service, whatever the run length', () => {
    const h = new StatsHistory(5);
    for (let i = 0; i < 1000; i++) h.add([r('a', i * 2000, i), r('b', i * 2000, i)]);
    expect(h.of('a')).toHaveLength(5);
    expect(h.of('a')[0]?.at).toBe(995 * 2000);
    expect(h.services().sort()).toEqual(['a', 'b']);
    // The same reading twice is kept once.
    h.add([r('a', 999 * 2000, 999)]);
    expect(h.of('a')).toHaveLength(5);
  });

  it('sums services into the stack total', () => {
    const t = totalOf([r('a', 1, 5, 10), r('b', 1, 7, 30)], 1);
    expect(t).toMatchObject({ cpuPercent: 40, memoryBytes: 20, memoryLimitBytes: 100, netRxBytes: 12, containers: 2 });
  });
});
