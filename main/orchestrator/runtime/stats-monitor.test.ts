import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, flush } from '../../../test/support/fake-clock';
import type { ContainerStats } from '../stats';
import { StatsMonitor } from './stats-monitor';
import type { ServiceStats, StatsTarget } from './stats-monitor';

const reading = (cpuPercent: number, memoryBytes: number, memoryLimitBytes = 1000): ContainerStats => ({
  cpuPercent,
  memoryBytes,
  memoryLimitBytes,
  netRxBytes: 1,
  netTxBytes: 2,
  blockReadBytes: 3,
  blockWriteBytes: 4,
  pids: 1,
});

/** A driver whose streams the test feeds and ends by hand. */
function streams() {
  const open = new Map<string, { onSample: (s: ContainerStats) => void; onEnd?: (e?: Error) => void }>();
  const opened: string[] = [];
  return {
    open,
    opened,
    driver: {
      streamStats(id: string, onSample: (s: ContainerStats) => void, onEnd?: (e?: Error) => void) {
        opened.push(id);
        open.set(id, { onSample, onEnd });
        return { close: () => void open.delete(id) };
      },
    },
  };
}

describe('the stats monitor', () => {
  let monitor: StatsMonitor | undefined;
  afterEach(() => monitor?.close());

  it('follows each running container once, sums replicas per service, and emits each interval', async () => {
    const clock = new FakeClock();
    const s = streams();
    let targets: StatsTarget[] = [
      { service: 'api', id: 'a1' },
      { service: 'api', id: 'a2' },
      { service: 'db', id: 'd1' },
    ];
    let lists = 0;
    const batches: ServiceStats[][] = [];
    monitor = new StatsMonitor({
      driver: s.driver,
      clock,
      list: () => (lists++, Promise.resolve(targets)),
      emit: (b) => batches.push(b),
      intervalMs: 2000,
    });
    await flush();
    expect([...s.open.keys()].sort()).toEqual(['a1', 'a2', 'd1']);
    // No reading yet: nothing to say.
    expect(batches).toEqual([]);
    s.open.get('a1')?.onSample(reading(10, 100, 500));
    s.open.get('a2')?.onSample(reading(30, 200, 400));
    s.open.get('d1')?.onSample(reading(5, 50));
    s.open.get('d1')?.onSample(reading(7, 60));
    await clock.advance(2000);
    expect(batches).toHaveLength(1);
    const [api, db] = batches[0] ?? [];
    expect(api).toMatchObject({
      service: 'api',
      cpuPercent: 40,
      memoryBytes: 300,
      memoryLimitBytes: 400,
      netRxBytes: 2,
      containers: 2,
    });
    // The newest reading counts, not a sum over time.
    expect(db).toMatchObject({ service: 'db', cpuPercent: 7, memoryBytes: 60, containers: 1 });
    await clock.advance(2000);
    expect(batches).toHaveLength(2);
    // Unchanged stack: the list is not read again.
    expect(lists).toBe(1);

    targets = [{ service: 'db', id: 'd1' }];
    monitor.changed();
    await clock.advance(2000);
    expect([...s.open.keys()]).toEqual(['d1']);
    expect(s.opened).toEqual(['a1', 'a2', 'd1']);
    expect(batches.at(-1)?.map((b) => b.service)).toEqual(['db']);
  });

  it('forgets a container whose stream ended and reads the list again', async () => {
    const clock = new FakeClock();
    const s = streams();
    let lists = 0;
    monitor = new StatsMonitor({
      driver: s.driver,
      clock,
      list: () => (lists++, Promise.resolve([{ service: 'api', id: 'a1' }])),
      emit: () => undefined,
    });
    await flush();
    s.open.get('a1')?.onEnd?.();
    await clock.advance(2000);
    expect(lists).toBe(2);
    expect(s.opened).toEqual(['a1', 'a1']);
  });

  it('keeps asking when the engine cannot list, and stops everything on close', async () => {
    const clock = new FakeClock();
    const s = streams();
    let fail = true;
    monitor = new StatsMonitor({
      driver: s.driver,
      clock,
      list: () => (fail ? Promise.reject(new Error('engine gone')) : Promise.resolve([{ service: 'api', id: 'a1' }])),
      emit: () => undefined,
    });
    await flush();
    expect(s.open.size).toBe(0);
    fail = false;
    await clock.advance(2000);
    expect(s.open.size).toBe(1);
    monitor.close();
    expect(s.open.size).toBe(0);
  });
});
