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
    const dir = writeStack({ 'compose.yaml': 'name: t\nservices:\n  app: { image: app }\n  debug: { image: dbg, profiles: [tools] }\n  trace: { image: trc, profiles: [tools] }\n' });
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
    const dir = writeStack({ 'compose.yaml': 'name: t\nservices:\n  db: { image: db }\n  api: { image: api, depends_on: [db] }\n  extra: { image: extra, profiles: [x] }\n' });
    expect((await fakeCli(driver, clock, dir, 'restart')).stdout).toContain('Nothing to restart');
    expect((await fakeCli(driver, clock, dir, 'up')).code).toBe(0);
    driver.calls.length = 0;
    const restart = await fakeCli(driver, clock, dir, 'restart');
    expect(restart.code).toBe(0);
    expect(restart.stdout).toContain('Restarted db, api.');
    expect(driver.calls.filter((c) => c.startsWith('stop') || c.startsWith('start'))).toEqual(['stop db', 'start db', 'stop api', 'start api']);
  });
});
