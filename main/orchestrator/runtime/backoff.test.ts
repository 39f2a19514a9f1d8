import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { CrashLoopCircuit } from './crash-loop';

const policy = { attempts: 5, delay: 1000, maxDelay: 30_000 };

describe('backoffDelay', () => {
  it('doubles from the base delay and caps at max_delay, with no jitter at random = 1', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, policy, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('jitters within the upper half of the exponential delay', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(3000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(4, policy, Math.random);
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });
});

describe('CrashLoopCircuit', () => {
  const circuit = () => new CrashLoopCircuit({ restarts: 3, window: 60_000 });

  it('opens after too many restarts within the window', () => {
    const c = circuit();
    expect(c.recordRestart(0)).toBe('closed');
    expect(c.recordRestart(10_000)).toBe('closed');
    expect(c.recordRestart(20_000)).toBe('open');
    expect(c.describe(20_000)).toBe('3 restarts within 60 s (limit 3)');
  });

  it('forgets restarts older than the window', () => {
    const c = circuit();
    c.recordRestart(0);
    c.recordRestart(10_000);
    expect(c.recordRestart(65_000)).toBe('closed');
    expect(c.count(65_000)).toBe(2);
  });

  it('half-opens on reset, closes after a success, and opens again at once on a crash', () => {
    const c = circuit();
    for (const t of [0, 1, 2]) c.recordRestart(t);
    c.reset();
    expect(c.state).toBe('half-open');
    expect(c.recordRestart(5)).toBe('open');
    c.reset();
    c.recordSuccess();
    expect(c.state).toBe('closed');
    expect(c.recordRestart(10)).toBe('closed');
  });
});
