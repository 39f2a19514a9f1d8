import { afterEach, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../main/orchestrator/clock';
import { EngineStack } from '../support/engine-stack';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const engineState = inject('engine');
let current: EngineStack | undefined;

afterEach(async () => {
  const s = current;
  current = undefined;
  await s?.cleanup();
});

/** Everything the engine itself has kept of a container's output, across its restarts. */
function engineLines(s: EngineStack, id: string): Promise<string[]> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    s.driver.logs(
      id,
      { follow: false },
      (l) => lines.push(l.text),
      () => resolve(lines),
    );
  });
}

describe.skipIf(!engineState.available)(`logs that never drop or repeat a line (${engineState.reason})`, () => {
  it('re-attaches after container restarts: the hub has exactly what the engine has', async () => {
    // A numbered sequence that carries on across restarts (the counter lives in the container, saved
    // atomically: a stop between truncating and writing it would start the count again).
    const s = (current = await EngineStack.create(
      `services:
  counter:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "i=$$(cat /tmp/n 2>/dev/null || echo 0); while true; do i=$$((i+1)); echo \\"line $$i\\"; echo $$i > /tmp/n.new; mv /tmp/n.new /tmp/n; sleep 0.005; done"]
`,
      { collectLogs: { batchIntervalMs: 20 } },
    ));
    expect((await s.runner.up()).ok).toBe(true);
    const id = s.runner.get('counter')?.containerId ?? '';
    const hubLines = (): string[] => (s.runner.logs?.lines(['counter']) ?? []).map((e) => e.text);
    /** Waits until the hub holds at least `n` lines (the container's output reached it), or says what it has. */
    const untilHubHas = async (n: number, what: string): Promise<void> => {
      for (const t0 = Date.now(); hubLines().length < n; await systemClock.sleep(50)) {
        if (Date.now() - t0 > ENGINE_WAIT_MS)
          throw new Error(
            `${what}: the hub has ${hubLines().length} lines after ${ENGINE_WAIT_MS / 1000} s, wanted ${n}`,
          );
      }
    };
    // Each run of the container prints at least 100 lines before it is stopped. (A fixed 700 ms per run
    // used to stand for that; on a loaded machine it could be far fewer.)
    for (let round = 0; round < 4; round++) {
      await untilHubHas(hubLines().length + 100, `run ${round + 1} of the container`);
      if (round < 3) {
        await s.driver.stopContainer(id, 1);
        await s.driver.startContainer(id);
      }
    }
    // The last stop is Stackpilot's own: one behind its back would be a crash, restarted after a backoff,
    // and that run's lines would reach the hub after the engine's record below was read.
    await s.runner.stop(['counter'], 1);
    const truth = await engineLines(s, id);
    expect(truth.length).toBeGreaterThanOrEqual(400);
    // The container is stopped, so the engine's record is final: wait until the hub has caught up with it
    // (the last lines may still be on their way), rather than sleeping and hoping.
    await untilHubHas(truth.length, 'the last lines after the stop');
    const hub = hubLines();
    const lost = truth.filter((l) => !hub.includes(l)).length;
    const repeated = hub.length - new Set(hub).size;
    console.log(
      `[logs] engine kept ${truth.length} lines over 4 runs of the container; hub: ${hub.length}, lost ${lost}, repeated ${repeated}`,
    );
    expect(hub).toEqual(truth);
  });
});
