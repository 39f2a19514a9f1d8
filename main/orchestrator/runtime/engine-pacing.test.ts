import { describe, expect, it } from 'vitest';
import { FakeClock, flush } from '../../../test/support/fake-clock';
import { AdaptiveLimit } from './adaptive-limit';
import { EnginePacing, FAST_READINESS_DEFAULTS } from './engine-pacing';

const OPTS = { initial: 2, min: 1, max: 6, slackMs: 30, expectedMs: 250 };

/** A call the test answers when it likes: how many are in the engine at once is what is watched. */
function engine(clock: FakeClock): {
  call: () => Promise<void>;
  inside: () => number;
  most: () => number;
  answerAll: (afterMs: number) => Promise<void>;
} {
  let inside = 0;
  let most = 0;
  let waiting: (() => void)[] = [];
  return {
    call: () =>
      new Promise<void>((resolve) => {
        inside++;
        most = Math.max(most, inside);
        waiting.push(() => {
          inside--;
          resolve();
        });
      }),
    inside: () => inside,
    most: () => most,
    answerAll: async (afterMs) => {
      await clock.advance(afterMs);
      const now = waiting;
      waiting = [];
      for (const answer of now) answer();
      await flush();
    },
  };
}

describe('AdaptiveLimit', () => {
  it('never lets more calls into the engine than its limit, and lets each waiter in once', async () => {
    const clock = new FakeClock();
    const limit = new AdaptiveLimit(clock, OPTS);
    const e = engine(clock);
    const done = Array.from({ length: 20 }, () => limit.run(e.call));
    await flush();
    expect(e.inside()).toBe(2);
    expect(limit.queued).toBe(18);
    while (limit.queued + limit.inFlight > 0) {
      expect(e.inside()).toBeLessThanOrEqual(limit.limit);
      await e.answerAll(40);
    }
    await Promise.all(done);
    expect(e.most()).toBeLessThanOrEqual(OPTS.max);
  });

  it('gives a quick engine more at once, up to the most, and a slow one fewer, down to the least', () => {
    const limit = new AdaptiveLimit(new FakeClock(), OPTS);
    for (let i = 0; i < 60; i++) limit.sample(50);
    expect(limit.limit).toBe(6);
    expect(limit.slowdown).toBeLessThan(1);
    for (let i = 0; i < 20; i++) limit.sample(2000);
    expect(limit.limit).toBe(1);
    expect(limit.slowdown).toBeGreaterThan(4);
    // The engine is quick again: the limit climbs back, one step per answer at the quickest pace.
    for (let i = 0; i < 60; i++) limit.sample(50);
    expect(limit.limit).toBe(6);
  });

  it('takes an engine that is saturated from its first answer for slow, not as the measure of quick', () => {
    const limit = new AdaptiveLimit(new FakeClock(), OPTS);
    for (let i = 0; i < 10; i++) limit.sample(3000);
    expect(limit.baselineMs).toBe(250);
    expect(limit.slowdown).toBeGreaterThan(4);
  });

  it('lets the most urgent waiting call in first, and calls of equal urgency in their order', async () => {
    const clock = new FakeClock();
    const limit = new AdaptiveLimit(clock, { ...OPTS, initial: 1, max: 1 });
    const e = engine(clock);
    const order: string[] = [];
    const call = (name: string, urgency: number): Promise<void> =>
      limit.run(
        () => {
          order.push(name);
          return e.call();
        },
        true,
        urgency,
      );
    const all = [call('first', 0), call('leaf-a', 0), call('leaf-b', 0), call('waited-on', 5), call('some', 2)];
    await flush();
    while (limit.queued + limit.inFlight > 0) await e.answerAll(10);
    await Promise.all(all);
    expect(order).toEqual(['first', 'waited-on', 'some', 'leaf-a', 'leaf-b']);
  });

  it('lets a failed call free its place without counting its time', async () => {
    const clock = new FakeClock();
    const limit = new AdaptiveLimit(clock, OPTS);
    await expect(limit.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(limit.inFlight).toBe(0);
    expect(limit.latencyMs).toBeUndefined();
  });
});

describe('EnginePacing', () => {
  const CHECK_EVERY = 5000;

  it('probes a young start often on a quiet engine, then less as the wait grows, never past the cap', () => {
    const pacing = new EnginePacing(new FakeClock(), FAST_READINESS_DEFAULTS, 8);
    pacing.probing = 1;
    expect(pacing.probeIntervalMs(0, CHECK_EVERY)).toBe(50);
    expect(pacing.probeIntervalMs(4000, CHECK_EVERY)).toBe(200);
    expect(pacing.probeIntervalMs(60_000, CHECK_EVERY)).toBe(1000);
    // A check that runs more often than the cap is probed no less often than the engine would.
    expect(pacing.probeIntervalMs(60_000, 500)).toBe(500);
  });

  it('shares the probe budget between the services probed at once', () => {
    const pacing = new EnginePacing(new FakeClock(), FAST_READINESS_DEFAULTS, 8);
    pacing.probing = 20;
    expect(pacing.probeIntervalMs(0, CHECK_EVERY)).toBe(500);
  });

  it("steps aside while the engine is saturated: a few probes a second in all, else the check's own schedule", () => {
    const pacing = new EnginePacing(new FakeClock(), FAST_READINESS_DEFAULTS, 8);
    pacing.probing = 20;
    for (let i = 0; i < 10; i++) pacing.execs.sample(2500);
    expect(pacing.saturated).toBe(true);
    expect(pacing.probeIntervalMs(0, CHECK_EVERY)).toBeGreaterThanOrEqual(CHECK_EVERY);
    expect(pacing.probeIntervalMs(0, 2000)).toBeGreaterThanOrEqual(2000);
    // One service waited on, with a check every 30 s: a probe a second costs the engine little, and
    // saves the hop up to 30 s.
    pacing.probing = 1;
    expect(pacing.probeIntervalMs(0, 30_000)).toBe(1000);
    // Quick answers again: back to probing often.
    for (let i = 0; i < 10; i++) pacing.execs.sample(60);
    expect(pacing.saturated).toBe(false);
    expect(pacing.probeIntervalMs(0, CHECK_EVERY)).toBe(50);
  });

  it('lets queued starts go first: while starts wait their turn, probes run at the cap', async () => {
    const clock = new FakeClock();
    const pacing = new EnginePacing(clock, FAST_READINESS_DEFAULTS, 2);
    pacing.probing = 1;
    const e = engine(clock);
    const starts = Array.from({ length: 5 }, () => pacing.starts.run(e.call));
    await flush();
    expect(pacing.starts.queued).toBe(3);
    expect(pacing.probeIntervalMs(0, CHECK_EVERY)).toBe(1000);
    while (pacing.starts.queued + pacing.starts.inFlight > 0) await e.answerAll(300);
    await Promise.all(starts);
    expect(pacing.probeIntervalMs(0, CHECK_EVERY)).toBe(50);
  });
});
