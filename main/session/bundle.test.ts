import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../test/support/stack-dir';
import type { EngineInfo } from '../orchestrator/driver';
import { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { bundleFile, bundleInput, writeStackBundle } from './bundle';

afterEach(removeStacks);

/** The fake engine, introducing itself as Podman does. */
class FakePodman extends FakeDriver {
  override info(): EngineInfo {
    return {
      product: 'Podman',
      version: '4.3.1',
      apiVersion: '1.41',
      endpoint: 'unix:///run/podman/podman.sock',
      reason: 'DOCKER_HOST',
    };
  }
}

function stackIn(dir: string) {
  const result = load(dir);
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  return result.stack;
}

describe('the diagnostic bundle, one use-case for the window and the command line', () => {
  it('names the engine as the window does: Podman on Podman', async () => {
    const clock = new FakeClock();
    const driver = new FakePodman(clock);
    const stack = stackIn(writeStack({ 'compose.yaml': 'name: b\nservices:\n  db:\n    image: db\n' }));
    const runner = new Orchestrator(stack, { driver, clock });
    const input = await bundleInput({
      stack,
      env: {},
      driver,
      runner,
      runs: [],
      preflight: {},
      app: { version: '9.9.9' },
      at: '2026-12-07T00:00:00.000Z',
    });
    expect(input.versions.engine).toBe(
      'Podman 4.3.1 (API 1.41) at unix:///run/podman/podman.sock, found by DOCKER_HOST',
    );
    expect(input.versions.stackpilot).toBe('9.9.9');
    runner.close();
  });

  it('takes the lines the orchestrator followed when it keeps them, else the engine keeps', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    driver.behaviours.db = { readyAfter: 100, logs: ['db: listening'] };
    const stack = stackIn(writeStack({ 'compose.yaml': 'name: b\nservices:\n  db:\n    image: db\n' }));
    const following = new Orchestrator(stack, { driver, clock, collectLogs: true });
    await clock.run(following.up([]));
    await clock.run(Promise.resolve());
    const oneShot = new Orchestrator(stack, { driver, clock });
    await oneShot.refresh();
    const src = { stack, env: {}, driver, runs: [], preflight: {}, app: { version: '1' }, at: 'now' };
    const fromHub = await bundleInput({ ...src, runner: following });
    const fromEngine = await bundleInput({ ...src, runner: oneShot });
    expect(fromHub.logs.db?.join('\n')).toContain('db: listening');
    expect(fromEngine.logs.db?.join('\n')).toContain('db: listening');
    following.close();
    oneShot.close();
  });

  it('is written without an engine, saying why none answered', async () => {
    const dir = writeStack({ 'compose.yaml': 'name: b\nservices:\n  db:\n    image: db\n' });
    const stack = stackIn(dir);
    const at = '2026-12-07T10:00:00.000Z';
    const file = bundleFile(dir, stack, at);
    expect(file).toBe(join(dir, 'stackpilot-bundle-b-2026-12-07T10-00-00-000Z.tar.gz'));
    const entries = await writeStackBundle(file, {
      stack,
      env: {},
      driver: undefined,
      engineDown: 'connect ENOENT /var/run/docker.sock',
      runner: undefined,
      runs: [],
      preflight: {},
      app: { version: '1' },
      at,
    });
    expect(entries.map((e) => e.name)).toContain('versions.json');
    expect(gunzipSync(readFileSync(file)).toString('utf8')).toContain(
      'not reachable: connect ENOENT /var/run/docker.sock',
    );
  });
});
