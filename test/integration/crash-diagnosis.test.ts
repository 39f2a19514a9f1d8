import { afterEach, describe, expect, inject, it } from 'vitest';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';
import { waitUntil } from '../support/wait-until';

/** A crash after ready, on the real engine, says what the engine knows of it: here, the OOM killer. */
const engineState = inject('engine');
let current: EngineStack | undefined;

afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) await s.cleanup();
});

describe.skipIf(!engineState.available)('a crash after ready, diagnosed (real engine)', () => {
  it('a service the OOM killer ends says so, with its memory limit', async () => {
    // Ready once running; two seconds later it reads far more than its 16 MiB into one variable.
    const s = (current = await EngineStack.create(`services:
  hungry:
    image: ${TEST_IMAGE}
    init: true
    mem_limit: 16m
    memswap_limit: 16m
    command: ["sh", "-c", "sleep 2; x=$$(head -c 200000000 /dev/zero | tr '\\\\0' a); echo survived"]
    x-stackpilot: { retry: { delay: 30s }, crash_loop: { restarts: 5, window: 5m } }
`));
    const result = await s.runner.up();
    expect(result.ok).toBe(true);
    const crashed = () => s.runner.get('hungry')?.timeline.find((t) => t.status === 'backoff');
    await waitUntil('the out-of-memory kill seen, and a restart planned', crashed, (t) => t !== undefined, {
      describe: () => (s.runner.get('hungry')?.timeline ?? []).map((t) => `${t.status}: ${t.reason}`).join(' | '),
    });
    expect(crashed()?.reason).toMatch(/^killed: out of memory \(limit 16 MiB; exit code 137\); restarting in /);
    expect(s.count('hungry', 'oom')).toBeGreaterThan(0);
  }, 90_000);
});
