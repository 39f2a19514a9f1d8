import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { fakeCli } from '../../test/support/fake-cli';
import { removeStacks, writeStack } from '../../test/support/stack-dir';

afterEach(removeStacks);

describe('the command line as compose users type it (fake engine)', () => {
  it('up NAME of a service whose profile is not active activates that profile, as compose does', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  app: { image: app }\n  debug: { image: dbg, profiles: [tools] }\n  trace: { image: trc, profiles: [tools] }\n',
    });
    const up = await fakeCli(driver, clock, dir, 'up', 'debug');
    expect(up.code).toBe(0);
    expect([...driver.containers.values()].map((c) => c.info.name)).toEqual(['t-debug-1']);
    // Without a name, the profile stays off.
    expect((await fakeCli(driver, clock, dir, 'up')).code).toBe(0);
    expect([...driver.containers.values()].map((c) => c.info.name).sort()).toEqual(['t-app-1', 't-debug-1']);
  });

  it('restart with no name restarts every service that has a container, in start order', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  db: { image: db }\n  api: { image: api, depends_on: [db] }\n  extra: { image: extra, profiles: [x] }\n',
    });
    expect((await fakeCli(driver, clock, dir, 'restart')).stdout).toContain('Nothing to restart');
    expect((await fakeCli(driver, clock, dir, 'up')).code).toBe(0);
    driver.calls.length = 0;
    const restart = await fakeCli(driver, clock, dir, 'restart');
    expect(restart.code).toBe(0);
    expect(restart.stdout).toContain('Restarted db, api.');
    expect(driver.calls.filter((c) => c.startsWith('stop') || c.startsWith('start'))).toEqual([
      'stop db',
      'start db',
      'stop api',
      'start api',
    ]);
  });
});

describe('a dependency made anew (fake engine)', () => {
  it('restarts the dependents that declare restart: true, after it; the others are left running', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const yaml = (v: string) =>
      `name: t\nservices:\n  db: { image: db, environment: { V: "${v}" } }\n  api: { image: api, depends_on: { db: { condition: service_started, restart: true } } }\n  web: { image: web, depends_on: [db] }\n`;
    const dir = writeStack({ 'compose.yaml': yaml('1') });
    expect((await fakeCli(driver, clock, dir, 'up')).code).toBe(0);
    driver.calls.length = 0;
    writeFileSync(join(dir, 'compose.yaml'), yaml('2'));
    expect((await fakeCli(driver, clock, dir, 'up')).code).toBe(0);
    const steps = driver.calls.filter((c) => /^(stop|start|remove|create) /.test(c));
    expect(steps).toEqual(['stop db', 'remove db', 'create db', 'start db', 'stop api', 'start api']);
    // Nothing changed: nothing is restarted.
    driver.calls.length = 0;
    expect((await fakeCli(driver, clock, dir, 'up')).code).toBe(0);
    expect(driver.calls.filter((c) => /^(stop|start) /.test(c))).toEqual([]);
    // restart follows the same rule; --no-deps restarts the one named alone.
    driver.calls.length = 0;
    expect((await fakeCli(driver, clock, dir, 'restart', 'db')).code).toBe(0);
    expect(driver.calls.filter((c) => /^(stop|start) /.test(c))).toEqual([
      'stop db',
      'start db',
      'stop api',
      'start api',
    ]);
    driver.calls.length = 0;
    expect((await fakeCli(driver, clock, dir, 'restart', '--no-deps', 'db')).code).toBe(0);
    expect(driver.calls.filter((c) => /^(stop|start) /.test(c))).toEqual(['stop db', 'start db']);
  });
});

describe('a project with no compose file at hand (fake engine)', () => {
  it('ps, logs, exec, stop and down -p NAME work from what the engine has, as compose does', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  db: { image: db, networks: [back], volumes: ["data:/data"] }\n  api: { image: api, depends_on: [db], scale: 2, networks: [back] }\nnetworks: { back: {} }\nvolumes: { data: {} }\n',
    });
    expect((await fakeCli(driver, clock, dir, 'up')).code).toBe(0);
    expect([await driver.networkExists('t_back'), await driver.volumeExists('t_data')]).toEqual([true, true]);
    const elsewhere = writeStack({ 'notes.txt': 'no compose file here\n' });
    const ps = await fakeCli(driver, clock, elsewhere, 'ps', '-p', 't', '--format', 'json');
    expect(ps.code).toBe(0);
    const rows = ps.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { Name: string; Readiness: string });
    expect(rows.map((r) => `${r.Name}:${r.Readiness}`)).toEqual(['t-api-1:ready', 't-api-2:ready', 't-db-1:ready']);
    expect(ps.stderr).toContain('no compose file: working on project t as the engine has it');
    driver.behaviours.db = { logs: ['db: hello'] };
    const logs = await fakeCli(driver, clock, elsewhere, 'logs', '-p', 't', 'db');
    expect(logs).toMatchObject({ code: 0, stdout: 'db | db: hello\n' });
    expect(await fakeCli(driver, clock, elsewhere, 'exec', '-p', 't', '-T', 'db', 'echo', 'hi')).toMatchObject({
      code: 0,
      stdout: 'echo hi\n',
    });
    driver.calls.length = 0;
    const stop = await fakeCli(driver, clock, elsewhere, 'stop', '-p', 't');
    expect(stop.code).toBe(0);
    // Dependents first, from the depends_on label.
    expect(driver.calls.filter((c) => c.startsWith('stop'))).toEqual(['stop api', 'stop api', 'stop db']);
    expect((await fakeCli(driver, clock, elsewhere, 'down', '-v', '-p', 't')).code).toBe(0);
    expect(driver.containers.size).toBe(0);
    // Its networks and volumes too, found by their labels.
    expect([await driver.networkExists('t_back'), await driver.volumeExists('t_data')]).toEqual([false, false]);
    const none = await fakeCli(driver, clock, elsewhere, 'down', '-p', 't');
    expect(none).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('the engine has no container of project t') as string,
    });
  });
});
