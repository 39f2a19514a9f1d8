import { afterEach, expect } from 'vitest';
import { Orchestrator } from '../../main/orchestrator/runtime/orchestrator';
import type { OrchestratorOptions } from '../../main/orchestrator/runtime/orchestrator';
import { FakeClock } from './fake-clock';
import { FakeDriver } from './fake-driver';
import { load, removeStacks, writeStack } from './stack-dir';

const refusedByTest: string[][] = [];

/**
 * An orchestrator on the fake engine and clock for `compose.yaml` (written to a fresh folder), with
 * retries' jitter at its most. Calling it registers, once per test file, a check after each test that
 * the state machine refused no event and that the folders are removed.
 */
export function fakeOrchestrator(
  yaml: string,
  opts: Partial<OrchestratorOptions> = {},
): { clock: FakeClock; driver: FakeDriver; runner: Orchestrator } {
  const result = load(writeStack({ 'compose.yaml': yaml }));
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  const refused: string[] = [];
  refusedByTest.push(refused);
  const runner = new Orchestrator(result.stack, {
    driver,
    clock,
    random: () => 1,
    onIllegalTransition: (why) => refused.push(why),
    ...opts,
  });
  return { clock, driver, runner };
}

/** In a test file that uses fakeOrchestrator: after each test, no refused event, and no folder left. */
export function checkFakeOrchestrators(): void {
  afterEach(() => {
    removeStacks();
    expect(refusedByTest.splice(0).flat(), 'events the state machine refused').toEqual([]);
  });
}
