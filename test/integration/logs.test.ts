import { afterEach, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../main/engine/clock';
import { EngineStack } from '../support/engine-stack';

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
    s.driver.logs(id, { follow: false }, (l) => lines.push(l.text), () => resolve(lines));
  });
}

describe.skipIf(!engineState.available)(`logs that never drop or repeat a line (${engineState.reason})`, () => {
  it('re-attaches after container restarts: the hub has exactly what the engine has', async () => {
    // A numbered sequence that carries on across restarts (the counter lives in the container).
    const s = (current = await EngineStack.create(
      `services:
  counter:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "i=$$(cat /tmp/n 2>/dev/null || echo 0); while true; do i=$$((i+1)); echo \\"line $$i\\"; echo $$i > /tmp/n; sleep 0.005; done"]
`,
      { collectLogs: { batchIntervalMs: 20 } },
    ));
    expect((await s.runner.up()).ok).toBe(true);
    const id = s.runner.get('counter')?.containerId ?? '';
    for (let round = 0; round < 3; round++) {
      await systemClock.sleep(700);
      await s.driver.stopContainer(id, 1);
      await s.driver.startContainer(id);
    }
    await systemClock.sleep(700);
    await s.driver.stopContainer(id, 1);
    await systemClock.sleep(300);
    const hub = (s.runner.logs?.lines(['counter']) ?? []).map((e) => e.text);
    const truth = await engineLines(s, id);
    expect(truth.length).toBeGreaterThan(200);
    const lost = truth.filter((l) => !hub.includes(l)).length;
    const repeated = hub.length - new Set(hub).size;
    console.log(`[logs] engine kept ${truth.length} lines over 4 runs of the container; hub: ${hub.length}, lost ${lost}, repeated ${repeated}`);
    expect(hub).toEqual(truth);
  });
});
