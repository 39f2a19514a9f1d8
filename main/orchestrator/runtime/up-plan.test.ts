import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeDriver } from '../../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import type { Stack } from '../compose/model';
import { Orchestrator } from './orchestrator';

afterEach(removeStacks);

function stack(mode: string): Stack {
  const yaml = `name: t\nservices:\n  db:\n    image: db\n  api:\n    image: api\n    depends_on: [db]\n    environment: { MODE: ${mode} }\n  web:\n    image: web\n    depends_on: [api]\n`;
  const result = load(writeStack({ 'compose.yaml': yaml }));
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  return result.stack;
}

/** What happened to each container, in order: its create, remove and start calls. */
function lifecycle(calls: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const call of calls) {
    const [verb, name] = call.split(' ');
    if (!verb || !name || !['create', 'remove', 'start'].includes(verb)) continue;
    (out[name] ??= []).push(verb);
  }
  return out;
}

/** What the plan says each container's step comes to in calls. */
const EXPECTED: Record<string, string[]> = {
  create: ['create', 'start'],
  recreate: ['remove', 'create', 'start'],
  start: ['start'],
  keep: [],
};

describe('the plan of an up is what the up does', () => {
  it('creates, recreates, starts and keeps each container as its plan said, and nothing else', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const first = new Orchestrator(stack('one'), { driver, clock });
    const empty = await first.plan();
    const before = driver.namedCalls.length;
    expect((await clock.run(first.up())).ok).toBe(true);
    const made = lifecycle(driver.namedCalls.slice(before));
    for (const step of empty.steps.filter((s) => s.kind === 'container'))
      expect(made[step.name] ?? [], step.name).toEqual(EXPECTED[step.action]);
    await clock.run(first.stop(['web']));
    first.close();

    // The api's definition changed and web was stopped: one of each step.
    const second = new Orchestrator(stack('two'), { driver, clock });
    const plan = await second.plan();
    expect(plan.steps.filter((s) => s.kind === 'container').map((s) => `${s.action} ${s.name}`)).toEqual([
      'keep t-db-1',
      'recreate t-api-1',
      'start t-web-1',
    ]);
    const mark = driver.namedCalls.length;
    expect((await clock.run(second.up())).ok).toBe(true);
    const done = lifecycle(driver.namedCalls.slice(mark));
    for (const step of plan.steps.filter((s) => s.kind === 'container'))
      expect(done[step.name] ?? [], step.name).toEqual(EXPECTED[step.action]);
    second.close();
  });
});
