import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import type { ContainerDriver, LogLine, LogOptions, Subscription } from '../driver';
import { LogHub } from './log-hub';
import type { LogEntry } from './log-hub';
import { RingBuffer } from './ring-buffer';
import { sortableTimestamp, unixSeconds } from './timestamps';

describe('RingBuffer', () => {
  it('keeps the newest items within the item limit', () => {
    const b = new RingBuffer<number>(3, 1e9, () => 1);
    for (let i = 1; i <= 5; i++) b.push(i);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.at(0)).toBe(3);
  });

  it('keeps the newest items within the byte limit', () => {
    const b = new RingBuffer<string>(100, 10, (s) => s.length);
    for (const s of ['aaaa', 'bbbb', 'cccc', 'dd']) b.push(s);
    expect(b.toArray()).toEqual(['bbbb', 'cccc', 'dd']);
    expect(b.size).toBe(10);
    b.push('e');
    expect(b.toArray()).toEqual(['cccc', 'dd', 'e']);
  });

  it('keeps one oversized item rather than none', () => {
    const b = new RingBuffer<string>(10, 4, (s) => s.length);
    b.push('much too long');
    expect(b.toArray()).toEqual(['much too long']);
  });
});

describe('timestamps', () => {
  it('sorts engine timestamps in time order although Go trims trailing zeros', () => {
    const ts = ['2026-01-01T10:00:05.1Z', '2026-01-01T10:00:05.12Z', '2026-01-01T10:00:05.09Z', '2026-01-01T10:00:05Z'];
    expect([...ts].sort((a, b) => (sortableTimestamp(a) < sortableTimestamp(b) ? -1 : 1))).toEqual([
      '2026-01-01T10:00:05Z',
      '2026-01-01T10:00:05.09Z',
      '2026-01-01T10:00:05.1Z',
      '2026-01-01T10:00:05.12Z',
    ]);
    expect(unixSeconds('1970-01-01T00:00:10.5Z')).toBe(10.5);
  });
});

/** A container log the fake engine replays from `since`, as the real one does, and can cut. */
class FakeLogs {
  readonly lines: LogLine[] = [];
  readonly streams = new Set<{ onLine: (l: LogLine) => void; onEnd?: () => void }>();
  calls: LogOptions[] = [];
  /** The container's state, as an inspect tells it. */
  state: 'running' | 'exited' = 'running';

  driver(): ContainerDriver {
    return {
      inspectContainer: () => Promise.resolve({ state: this.state }),
      logs: (_id: string, opts: LogOptions, onLine: (l: LogLine) => void, onEnd?: () => void): Subscription => {
        this.calls.push(opts);
        for (const l of this.lines) if (opts.since === undefined || unixSeconds(l.timestamp) >= opts.since) onLine(l);
        const s = { onLine, onEnd };
        this.streams.add(s);
        return { close: () => void this.streams.delete(s) };
      },
    } as unknown as ContainerDriver;
  }

  print(n: number, second: number): void {
    const line: LogLine = {
      stream: 'stdout',
      timestamp: `2026-01-01T10:00:${String(second).padStart(2, '0')}.${String(n).padStart(6, '0')}Z`,
      text: `line ${n}`,
    };
    this.lines.push(line);
    for (const s of this.streams) s.onLine(line);
  }

  /** The follow stream ends (container stopped, engine gone). */
  cut(): void {
    for (const s of this.streams) s.onEnd?.();
    this.streams.clear();
  }
}

describe('LogHub', () => {
  it('resumes after a cut without losing or repeating a line', async () => {
    const clock = new FakeClock();
    const logs = new FakeLogs();
    const hub = new LogHub(logs.driver(), clock);
    hub.follow('api', 'c1');
    for (let n = 1; n <= 5; n++) logs.print(n, 1);
    logs.cut();
    expect(hub.isFollowing('api')).toBe(false);
    // Printed while nobody was following: the engine still has them.
    for (let n = 6; n <= 8; n++) logs.print(n, 1);
    hub.follow('api', 'c1');
    expect(logs.calls.at(-1)?.since).toBe(Math.floor(unixSeconds('2026-01-01T10:00:01.000005Z')));
    for (let n = 9; n <= 10; n++) logs.print(n, 2);
    await clock.advance(100);
    expect(hub.lines().map((e) => e.text)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 1}`));
    expect(hub.lines().map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('resumes by itself a stream cut while the container runs, losing and repeating nothing', async () => {
    const clock = new FakeClock();
    const logs = new FakeLogs();
    const hub = new LogHub(logs.driver(), clock);
    hub.follow('api', 'c1');
    for (let n = 1; n <= 3; n++) logs.print(n, 1);
    logs.cut();
    for (let n = 4; n <= 6; n++) logs.print(n, 1);
    await clock.advance(1000);
    expect(hub.isFollowing('api')).toBe(true);
    logs.print(7, 2);
    await clock.advance(100);
    expect(hub.lines().map((e) => e.text)).toEqual(Array.from({ length: 7 }, (_, i) => `line ${i + 1}`));
  });

  it('does not resume a stream that ended with its container, or one that was stopped', async () => {
    const clock = new FakeClock();
    const logs = new FakeLogs();
    const hub = new LogHub(logs.driver(), clock);
    hub.follow('api', 'c1');
    logs.state = 'exited';
    logs.cut();
    await clock.advance(10_000);
    expect(hub.isFollowing('api')).toBe(false);
    logs.state = 'running';
    hub.follow('api', 'c1');
    logs.cut();
    hub.stop('api');
    await clock.advance(10_000);
    expect(hub.isFollowing('api')).toBe(false);
    expect(logs.calls).toHaveLength(2);
  });

  it('delivers lines in batches, not one by one', async () => {
    const clock = new FakeClock();
    const logs = new FakeLogs();
    const hub = new LogHub(logs.driver(), clock, { batchIntervalMs: 50, maxBatch: 100 });
    const batches: LogEntry[][] = [];
    hub.subscribe((b) => batches.push(b));
    hub.follow('api', 'c1');
    for (let n = 1; n <= 250; n++) logs.print(n, 1);
    await clock.advance(60);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('searches by substring and regex, per service', async () => {
    const clock = new FakeClock();
    const logs = new FakeLogs();
    const hub = new LogHub(logs.driver(), clock);
    hub.follow('api', 'c1');
    for (let n = 1; n <= 20_000; n++) logs.print(n, 1);
    expect((await hub.search({ text: 'LINE 19999' })).map((e) => e.text)).toEqual(['line 19999']);
    expect((await hub.search({ text: '^line 1\\d{4}$', regex: true, limit: 3 })).map((e) => e.text)).toEqual([
      'line 19997',
      'line 19998',
      'line 19999',
    ]);
    expect(await hub.search({ text: 'line', services: ['web'] })).toEqual([]);
  });
});
