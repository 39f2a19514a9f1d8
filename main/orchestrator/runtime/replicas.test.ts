import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeDriver } from '../../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { Label } from './labels';
import { Orchestrator } from './orchestrator';

const refused: string[] = [];
afterEach(() => {
  removeStacks();
  expect(refused.splice(0), 'events the state machine refused').toEqual([]);
});

const HC = `    healthcheck: { test: ["CMD", "check"], interval: 5s, retries: 30 }\n`;

function setup(yaml: string) {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  const dir = writeStack({ 'compose.yaml': `name: t\n${yaml}` });
  const result = load(dir);
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  const runner = new Orchestrator(result.stack, {
    driver,
    clock,
    random: () => 1,
    onIllegalTransition: (why) => refused.push(why),
  });
  const containers = async (): Promise<string[]> =>
    (await driver.listContainers({ [Label.project]: 't' }))
      .map((c) => `${c.name}#${c.labels[Label.containerNumber]}`)
      .sort();
  return { clock, driver, runner, containers, dir };
}

const API = (replicas: string) => `services:
  db:
    image: db
${HC}  api:
    image: api
    ${replicas}
${HC}    depends_on: { db: { condition: service_healthy } }
  web:
    image: web
    depends_on: { api: { condition: service_healthy } }
`;

describe('replicas (fake engine, fake clock)', () => {
  it('deploy.replicas: N containers named and numbered as compose does; ready when all are', async () => {
    const { clock, driver, runner, containers } = setup(API('deploy: { replicas: 3 }'));
    driver.behaviours.api = { readyAfter: 100 };
    driver.behaviours['t-api-3'] = { readyAfter: 2000 };
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(true);
    expect(await containers()).toEqual(['t-api-1#1', 't-api-2#2', 't-api-3#3', 't-db-1#1', 't-web-1#1']);
    expect(runner.get('api')).toMatchObject({ status: 'ready', reason: '3/3 ready' });
    expect(runner.get('api')?.replicas?.map((r) => [r.replica, r.status, r.containerName])).toEqual([
      [1, 'ready', 't-api-1'],
      [2, 'ready', 't-api-2'],
      [3, 'ready', 't-api-3'],
    ]);
    // The dependent waited for the slowest replica.
    const webStart = driver.namedCalls.indexOf('start t-web-1');
    expect(webStart).toBeGreaterThan(driver.namedCalls.indexOf('start t-api-3'));
    expect(runner.get('web')?.startedAt).toBeGreaterThanOrEqual(runner.replica('api', 3)?.readyAt ?? Infinity);
  });

  it('says how many are ready and which one is not, and why', async () => {
    const { clock, driver, runner } = setup(API('scale: 2'));
    driver.behaviours['t-api-2'] = { exitAfter: 50, exitCode: 1 };
    await clock.run(runner.up());
    const api = runner.get('api');
    expect(api?.status).toBe('failed');
    expect(api?.reason).toMatch(
      /^1\/2 ready; api-2 failed: exited with code 1 before it was ready \(after 5 attempts\)$/,
    );
    expect(api?.why).toEqual({
      code: 'replicas',
      ready: 1,
      of: 2,
      status: 'failed',
      worst: {
        replica: 'api-2',
        status: 'failed',
        reason: 'exited with code 1 before it was ready (after 5 attempts)',
      },
    });
    expect(runner.get('web')?.status).toBe('blocked');
  });

  it('scaling up adds the missing numbers and leaves the others; up again changes nothing', async () => {
    const { clock, driver, runner, containers } = setup(API('scale: 2'));
    await clock.run(runner.up());
    const before = [runner.replica('api', 1)?.containerId, runner.replica('api', 2)?.containerId];
    const calls = driver.namedCalls.length;
    await clock.run(runner.up());
    expect(driver.namedCalls.slice(calls)).toEqual([]);
    await clock.run(runner.scale('api', 3));
    expect(driver.namedCalls.slice(calls)).toEqual(['create t-api-3', 'start t-api-3']);
    expect([runner.replica('api', 1)?.containerId, runner.replica('api', 2)?.containerId]).toEqual(before);
    expect(await containers()).toContain('t-api-3#3');
    expect(runner.get('api')?.reason).toBe('3/3 ready');
    // The replicas that ran were left alone: no state flicker, no restart counted.
    expect(runner.get('api')?.restarts).toBe(0);
  });

  it('scaling down stops and removes the highest numbers first', async () => {
    const { clock, driver, runner, containers } = setup(API('scale: 3'));
    await clock.run(runner.up());
    const calls = driver.namedCalls.length;
    await clock.run(runner.scale('api', 1));
    expect(driver.namedCalls.slice(calls)).toEqual([
      'stop t-api-3',
      'remove t-api-3',
      'stop t-api-2',
      'remove t-api-2',
    ]);
    expect(await containers()).toEqual(['t-api-1#1', 't-db-1#1', 't-web-1#1']);
    expect(runner.get('api')).toMatchObject({ status: 'ready' });
    expect(runner.get('api')?.replicas).toBeUndefined();
  });

  it('recreates outdated replicas one at a time, each once the one before is ready', async () => {
    const { clock, driver, runner, dir } = setup(API('scale: 2'));
    driver.behaviours.api = { readyAfter: 500 };
    await clock.run(runner.up());
    runner.close();
    const changed = load(dir, { env: { X: '1' } });
    const stack = changed.stack;
    if (!stack) throw new Error('no stack');
    const api0 = stack.services.api;
    if (!api0) throw new Error('no api');
    api0.environment.CHANGED = 'yes';
    const again = new Orchestrator(stack, { driver, clock, onIllegalTransition: (why) => refused.push(why) });
    await clock.run(again.refresh());
    expect(again.get('api')?.outdated).toBe(true);
    const calls = driver.namedCalls.length;
    expect((await clock.run(again.up())).ok).toBe(true);
    const api = driver.namedCalls.slice(calls).filter((c) => c.includes('t-api-'));
    expect(api).toEqual([
      'stop t-api-1',
      'remove t-api-1',
      'create t-api-1',
      'start t-api-1',
      'stop t-api-2',
      'remove t-api-2',
      'create t-api-2',
      'start t-api-2',
    ]);
    // The second was made only once the first was ready again.
    expect(again.replica('api', 2)?.createdAt).toBeGreaterThanOrEqual(again.replica('api', 1)?.readyAt ?? Infinity);
    again.close();
  });

  it('stops every replica, dependents first, and down removes them all', async () => {
    const { clock, driver, runner, containers } = setup(API('scale: 2'));
    await clock.run(runner.up());
    const calls = driver.namedCalls.length;
    await clock.run(runner.stop());
    const stops = driver.namedCalls.slice(calls);
    expect(stops.indexOf('stop t-web-1')).toBeLessThan(stops.indexOf('stop t-api-1'));
    expect(stops.indexOf('stop t-api-2')).toBeLessThan(stops.indexOf('stop t-db-1'));
    expect(runner.get('api')).toMatchObject({ status: 'stopped', reason: '2/2 stopped' });
    await clock.run(runner.down());
    expect(await containers()).toEqual([]);
  });

  it('refuses to scale a service with a container_name past 1', async () => {
    const { clock, runner } = setup(`services:\n  db:\n    image: db\n    container_name: the-db\n`);
    await expect(clock.run(runner.scale('db', 2))).rejects.toThrow(
      'cannot scale db to 2: it has container_name "the-db", and container names must be unique',
    );
  });
});

describe('a service scaled to 0', () => {
  it('runs nothing, says so, and does not hold up what depends on it', async () => {
    const { clock, runner, containers } = setup(
      `services:\n  worker:\n    image: w\n    scale: 0\n  app:\n    image: a\n    depends_on: [worker]\n`,
    );
    expect((await clock.run(runner.up())).ok).toBe(true);
    expect(await containers()).toEqual(['t-app-1#1']);
    expect(runner.get('worker')).toMatchObject({ status: 'defined', reason: 'scaled to 0: no containers' });
    expect(
      runner
        .snapshot()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['app', 'worker']);
    await clock.run(runner.scale('worker', 1));
    expect(runner.get('worker')?.status).toBe('ready');
  });
});
