import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from '../../main/orchestrator/compose/model';
import type { ContainerDriver, ContainerEvent, ContainerSpec } from '../../main/orchestrator/driver';
import { isEngineError } from '../../main/orchestrator/errors';
import { containerSpec } from '../../main/orchestrator/runtime/container-spec';
import { Label } from '../../main/orchestrator/runtime/labels';
import { load, removeStacks, writeStack } from './stack-dir';
import type { Behaviour } from './fake-driver';

/** A container to make: its compose definition (what the real engine runs) and how the fake acts it. */
export interface Scenario {
  yaml: string;
  fake: Behaviour;
}

export const SCENARIOS = {
  sleeper: { yaml: 'init: true\n    command: ["sleep", "3600"]', fake: {} },
  /** Prints two lines, then exits with code 3. */
  failing: {
    yaml: `command: ["sh", "-c", "echo one; echo two; sleep 1; exit 3"]`,
    fake: { exitAfter: 1000, exitCode: 3, logs: ['one', 'two'] },
  },
  /** Healthy about a second after it starts (the engine's own scheduled check). */
  healthy: {
    yaml: 'init: true\n    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 3600"]\n    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30 }',
    fake: { readyAfter: 1000, dockerHealthyAfter: 1500 },
  },
} satisfies Record<string, Scenario>;

/** What the suite needs of one engine: the driver, a way to give the fake its behaviours, and time. */
export interface ContractHarness {
  driver: ContainerDriver;
  image: string;
  /** The fake acts as the scenario says (the real engine runs the command); no-op for a real one. */
  behave(service: string, behaviour: Behaviour): void;
  /** Lets time pass (fake) or waits (real) until `check` holds; throws naming `what` past the deadline. */
  until(check: () => Promise<boolean> | boolean, what: string): Promise<void>;
}

/**
 * One contract every ContainerDriver keeps, run against the FakeDriver (unit) and the real engine
 * (integration): the fake that every runner test trusts is proven to act like the engine.
 */
export function driverContract(name: string, make: () => Promise<ContractHarness> | ContractHarness): void {
  describe(`the driver contract: ${name}`, () => {
    let h!: ContractHarness;
    const made: string[] = [];
    const project = `sp-contract-${randomBytes(3).toString('hex')}`;

    // The project's network, as the runner makes it before any container of the stack.
    beforeEach(async () => {
      h = await make();
      await h.driver.createNetwork({
        name: `${project}_default`,
        labels: { [Label.project]: project },
        driverOpts: {},
        internal: false,
        attachable: false,
      });
    });

    afterEach(async () => {
      for (const id of made.splice(0)) await h.driver.removeContainer(id).catch(() => undefined);
      // Right after its containers went: the engine may still be releasing their endpoints.
      await h.driver.removeNetwork(`${project}_default`);
      removeStacks();
    });

    function specOf(service: string, scenario: Scenario): ContainerSpec {
      const dir = writeStack({
        'compose.yaml': `name: ${project}\nservices:\n  ${service}:\n    image: ${h.image}\n    ${scenario.yaml}\n`,
      });
      const stack: Stack | undefined = load(dir).stack;
      const s = stack?.services[service];
      if (!stack || !s)
        throw new Error(`the contract's own compose file did not load: ${JSON.stringify(load(dir).errors)}`);
      h.behave(service, scenario.fake);
      return containerSpec(stack, s);
    }

    async function create(service: string, scenario: Scenario): Promise<string> {
      const id = await h.driver.createContainer(specOf(service, scenario));
      made.push(id);
      return id;
    }

    function recordEvents(): { events: ContainerEvent[]; ready: Promise<void>; close(): void } {
      const events: ContainerEvent[] = [];
      const sub = h.driver.events(
        { [Label.project]: project },
        (e) => events.push(e),
        () => undefined,
      );
      return { events, ready: sub.ready, close: () => sub.close() };
    }

    it('creates a container with its name and labels, listed by label, not running', async () => {
      const id = await create('app', SCENARIOS.sleeper);
      const listed = await h.driver.listContainers({ [Label.project]: project });
      expect(
        listed.map((c) => [c.id, c.name, c.state, c.labels[Label.service], c.labels[Label.containerNumber]]),
      ).toEqual([[id, `${project}-app-1`, 'created', 'app', '1']]);
      expect(await h.driver.listContainers({ [Label.project]: `${project}-other` })).toEqual([]);
    });

    it('refuses a second container of the same name as a name conflict', async () => {
      await create('app', SCENARIOS.sleeper);
      const err = await create('app', SCENARIOS.sleeper).catch((e: unknown) => e);
      expect(isEngineError(err, 'name-conflict')).toBe(true);
    });

    it('starts it (a start event, running since a time), stops it (die with the exit code)', async () => {
      const rec = recordEvents();
      await rec.ready;
      const id = await create('app', SCENARIOS.sleeper);
      await h.driver.startContainer(id);
      const running = await h.driver.inspectContainer(id);
      expect(running).toMatchObject({ id, state: 'running', restartCount: 0 });
      expect(running?.startedAt).toBeGreaterThan(0);
      await h.driver.stopContainer(id, 5);
      expect(await h.driver.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode: 143 });
      await h.until(() => rec.events.some((e) => e.action === 'die'), 'the die event');
      rec.close();
      const mine = rec.events.filter((e) => e.containerId === id);
      expect(mine.find((e) => e.action === 'die')?.exitCode).toBe(143);
      const order = mine.map((e) => e.action).filter((a) => a === 'create' || a === 'start' || a === 'die');
      expect(order).toEqual(['create', 'start', 'die']);
      expect(mine.every((e) => e.labels[Label.service] === 'app')).toBe(true);
    });

    it('reports a container that exits on its own, with its code and its output', async () => {
      const rec = recordEvents();
      await rec.ready;
      const id = await create('job', SCENARIOS.failing);
      await h.driver.startContainer(id);
      await h.until(async () => (await h.driver.inspectContainer(id))?.state === 'exited', 'the container exiting');
      expect(await h.driver.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode: 3 });
      await h.until(() => rec.events.some((e) => e.containerId === id && e.action === 'die'), 'the die event');
      rec.close();
      expect(rec.events.find((e) => e.containerId === id && e.action === 'die')?.exitCode).toBe(3);
      const lines = await new Promise<string[]>((resolve) => {
        const got: string[] = [];
        h.driver.logs(
          id,
          { follow: false },
          (l) => got.push(l.text),
          () => resolve(got),
        );
      });
      expect(lines).toEqual(['one', 'two']);
    });

    it('says a health check is starting, then healthy (with an event), and runs exec in the container', async () => {
      const rec = recordEvents();
      await rec.ready;
      const id = await create('db', SCENARIOS.healthy);
      await h.driver.startContainer(id);
      expect((await h.driver.inspectContainer(id))?.health).toBe('starting');
      await h.until(
        async () => (await h.driver.exec(id, ['test', '-f', '/tmp/ready'], 2000)).exitCode === 0,
        'the check passing when run by hand',
      );
      await h.until(
        async () => (await h.driver.inspectContainer(id))?.health === 'healthy',
        'the engine calling it healthy',
      );
      await h.until(
        () => rec.events.some((e) => e.containerId === id && e.action === 'health_status' && e.health === 'healthy'),
        'the health_status event',
      );
      rec.close();
    });

    it('writes files into a container it made (before its start), and refuses a container that is not there', async () => {
      const id = await create('app', SCENARIOS.sleeper);
      await h.driver.copyFiles(id, [{ path: '/run/secrets/token', content: 't0k', mode: 0o400, uid: 0, gid: 0 }]);
      await h.driver.startContainer(id);
      expect((await h.driver.inspectContainer(id))?.state).toBe('running');
      await expect(
        h.driver.copyFiles('0'.repeat(64), [{ path: '/x', content: 'x', mode: 0o444, uid: 0, gid: 0 }]),
      ).rejects.toThrow();
    });

    it('removes a container: gone from the list and from inspect', async () => {
      const id = await create('app', SCENARIOS.sleeper);
      await h.driver.removeContainer(id);
      expect(await h.driver.inspectContainer(id)).toBeUndefined();
      expect(await h.driver.listContainers({ [Label.project]: project })).toEqual([]);
    });

    it('knows an image it does not have, and a pull that cannot happen is image-missing', async () => {
      const absent = `stackpilot-test/absent-${randomBytes(3).toString('hex')}:1`;
      expect(await h.driver.hasImage(h.image)).toBe(true);
      expect(await h.driver.hasImage(absent)).toBe(false);
      const err = await h.driver.pullImage(absent, () => undefined).catch((e: unknown) => e);
      expect(isEngineError(err, 'image-missing')).toBe(true);
    });

    it('removes a network right after the containers on it (the engine may still be releasing their endpoints)', async () => {
      const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => create(`s${i}`, SCENARIOS.sleeper)));
      await Promise.all(ids.map((id) => h.driver.startContainer(id)));
      await Promise.all(ids.map((id) => h.driver.removeContainer(id)));
      made.length = 0;
      await h.driver.removeNetwork(`${project}_default`);
      expect(await h.driver.networkExists(`${project}_default`)).toBe(false);
      // afterEach removes it again: a network that is gone is no error.
    });

    it('creates, finds and removes a network', async () => {
      const net = `${project}_extra`;
      expect(await h.driver.networkExists(net)).toBe(false);
      await h.driver.createNetwork({
        name: net,
        labels: { [Label.project]: project },
        driverOpts: {},
        internal: false,
        attachable: false,
      });
      expect(await h.driver.networkExists(net)).toBe(true);
      await h.driver.removeNetwork(net);
      expect(await h.driver.networkExists(net)).toBe(false);
    });
  });
}
