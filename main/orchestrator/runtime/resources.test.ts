import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeDriver } from '../../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { composeNetworkHash, composeVolumeHash } from '../compose/compose-hash';
import type { Stack } from '../compose/model';
import { Label } from './labels';
import { Orchestrator } from './orchestrator';

afterEach(removeStacks);

function stackOf(yaml: string): Stack {
  const result = load(writeStack({ 'compose.yaml': `name: t\n${yaml}` }));
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  return result.stack;
}

const NETWORKED = (subnet: string): string => `services:
  app:
    image: app
    networks: [back]
  other:
    image: other
networks:
  back:
    ipam: { config: [{ subnet: "${subnet}" }] }
`;

const WITH_VOLUME = (label: string): string => `services:
  app:
    image: app
    volumes: [data:/data]
  other:
    image: other
volumes:
  data:
    labels: { foo: ${label} }
`;

/** One engine, runners made from successive versions of the file (as successive `up`s are). */
function engine() {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  const runnerFor = (yaml: string): Orchestrator => new Orchestrator(stackOf(yaml), { driver, clock });
  const labelsOf = async (kind: 'network' | 'volume', name: string): Promise<Record<string, string> | undefined> =>
    (kind === 'network' ? await driver.listNetworks({}) : await driver.listVolumes({})).find((r) => r.name === name)
      ?.labels;
  return { clock, driver, runnerFor, labelsOf };
}

describe('networks and volumes made anew when their definition changed, as docker compose does', () => {
  it('labels what it makes with compose’s config hash of the definition', async () => {
    const { clock, runnerFor, labelsOf } = engine();
    await clock.run(runnerFor(NETWORKED('172.99.0.0/16')).up());
    const stack = stackOf(NETWORKED('172.99.0.0/16'));
    const back = stack.networks.back;
    if (!back) throw new Error('no network back');
    expect((await labelsOf('network', 't_back'))?.[Label.configHash]).toBe(composeNetworkHash(back));
    // The hash is of the definition: another subnet, another hash.
    const other = stackOf(NETWORKED('192.168.0.0/16')).networks.back;
    if (!other) throw new Error('no network back');
    expect(composeNetworkHash(other)).not.toBe(composeNetworkHash(back));
  });

  it('moves the containers of a changed network to the new one, without making them anew', async () => {
    const { clock, driver, runnerFor, labelsOf } = engine();
    await clock.run(runnerFor(NETWORKED('172.99.0.0/16')).up());
    // Unchanged: nothing is touched.
    driver.calls.length = 0;
    await clock.run(runnerFor(NETWORKED('172.99.0.0/16')).up());
    expect(driver.calls.filter((c) => /^(stop|disconnect|connect|create|remove)/.test(c))).toEqual([]);

    const changed = runnerFor(NETWORKED('192.168.0.0/16'));
    const result = await clock.run(changed.up());
    expect(result.ok).toBe(true);
    // Stopped, taken off, joined to the new network, started again; the other service is not on it.
    expect(driver.calls.filter((c) => /^(stop|disconnect|connect|create|remove|start) /.test(c))).toEqual([
      'stop app',
      'disconnect app t_back',
      'connect app t_back',
      'start app',
    ]);
    const back = stackOf(NETWORKED('192.168.0.0/16')).networks.back;
    expect((await labelsOf('network', 't_back'))?.[Label.configHash]).toBe(back ? composeNetworkHash(back) : 'none');
    expect(changed.get('app')?.status).toBe('ready');
  });

  it('leaves a network alone that carries no hash (made by an older compose, or by hand)', async () => {
    const { clock, driver, runnerFor } = engine();
    await driver.createNetwork({
      name: 't_back',
      labels: { [Label.project]: 't', [Label.network]: 'back' },
      driverOpts: {},
      internal: false,
      attachable: false,
    });
    await clock.run(runnerFor(NETWORKED('192.168.0.0/16')).up());
    expect(driver.calls.filter((c) => /^(disconnect|connect)/.test(c))).toEqual([]);
  });

  it('refuses a changed volume when nobody can be asked, and says to pass -y', async () => {
    const { clock, runnerFor, labelsOf } = engine();
    await clock.run(runnerFor(WITH_VOLUME('bar')).up());
    const refused = await clock
      .run(runnerFor(WITH_VOLUME('zot')).up())
      .catch((err: unknown) => err as Error & { hint?: string });
    expect(refused).toMatchObject({
      name: 'VolumeChanged',
      message: `volume "t_data" exists but doesn't match configuration in compose file`,
    });
    expect((refused as { hint?: string }).hint).toMatch(/^pass -y to recreate it \(its data will be lost\)/);
    expect((await labelsOf('volume', 't_data'))?.foo).toBe('bar');
  });

  it('keeps a changed volume, and its data, when the answer is no', async () => {
    const { clock, driver, runnerFor, labelsOf } = engine();
    await clock.run(runnerFor(WITH_VOLUME('bar')).up());
    const asked: string[] = [];
    driver.calls.length = 0;
    const result = await clock.run(
      runnerFor(WITH_VOLUME('zot')).up([], undefined, {}, { confirm: (q) => (asked.push(q), Promise.resolve(false)) }),
    );
    expect(result.ok).toBe(true);
    expect(asked).toEqual([
      `Volume "t_data" exists but doesn't match configuration in compose file. Recreate (data will be lost)?`,
    ]);
    expect((await labelsOf('volume', 't_data'))?.foo).toBe('bar');
    expect(driver.calls.filter((c) => /^(remove|create)/.test(c))).toEqual([]);
  });

  it('makes a changed volume anew on yes: its containers removed first, then made again on it', async () => {
    const { clock, driver, runnerFor, labelsOf } = engine();
    await clock.run(runnerFor(WITH_VOLUME('bar')).up());
    driver.calls.length = 0;
    const runner = runnerFor(WITH_VOLUME('zot'));
    const result = await clock.run(runner.up([], undefined, {}, { confirm: () => Promise.resolve(true) }));
    expect(result.ok).toBe(true);
    const volume = stackOf(WITH_VOLUME('zot')).volumes.data;
    expect(await labelsOf('volume', 't_data')).toMatchObject({
      foo: 'zot',
      [Label.configHash]: volume ? composeVolumeHash(volume) : 'none',
    });
    // Only the service that mounts it.
    expect(driver.calls.filter((c) => /^(stop|remove|create|start) /.test(c))).toEqual([
      'stop app',
      'remove app',
      'create app',
      'start app',
    ]);
    expect(runner.get('app')?.status).toBe('ready');
  });
});
