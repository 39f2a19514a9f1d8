import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { EngineStack, slowService } from '../support/engine-stack';

const engineState = inject('engine');
let current: EngineStack | undefined;

afterEach(async () => {
  const s = current;
  current = undefined;
  if (!s) return;
  await s.cleanup();
  expect(await s.containers(), 'the test leaves no container behind').toBe(0);
});

async function stackOf(yaml: string, opts: Parameters<typeof EngineStack.create>[1] = {}): Promise<EngineStack> {
  current = await EngineStack.create(yaml, opts);
  return current;
}

describe.skipIf(!engineState.available)(
  `bringing stacks up and down on the real engine (${engineState.reason})`,
  () => {
    it('leaves a failing start to the restart policy the service has: on-failure:2 is three runs, the engine counting two restarts', async () => {
      const s = await stackOf(`services:
  flaky:
    image: stackpilot-test/busybox:1
    command: ["sh", "-c", "echo run; sleep 0.3; exit 1"]
    restart: on-failure:2
    healthcheck: { test: ["CMD", "test", "-f", "/never"], interval: 5s }
`);
      const result = await s.runner.up();
      expect(result.ok).toBe(false);
      expect(s.runner.get('flaky')?.why).toMatchObject({ code: 'engine-gave-up', policy: 'on-failure:2', runs: 3 });
      const restarts = execFileSync(
        'docker',
        ['inspect', '-f', '{{.RestartCount}}', s.runner.get('flaky')?.containerName ?? ''],
        { encoding: 'utf8' },
      ).trim();
      expect(restarts).toBe('2');
      expect(s.count('flaky', 'start')).toBe(3);
    });

    it('starts a dependent whose optional dependency (required: false) fails, and says so', async () => {
      const s = await stackOf(`services:
  cache:
    image: stackpilot-test/busybox:1
    command: ["sh", "-c", "echo cannot bind; exit 3"]
    healthcheck: { test: ["CMD", "test", "-f", "/never"], interval: 5s }
    x-stackpilot: { retry: { attempts: 1 } }
  api:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "3600"]
    depends_on: { cache: { condition: service_healthy, required: false } }
`);
      const result = await s.runner.up();
      expect(s.runner.get('cache')?.status).toBe('failed');
      expect(s.runner.get('api')?.status).toBe('ready');
      expect(result.warnings.map((w) => `${w.service}<-${w.dependency}`)).toEqual(['api<-cache']);
    });

    it('starts independent services in parallel and dependents only once their dependencies are healthy', async () => {
      // a and b each become ready only once the other has started (a shared volume holds the marks): in
      // parallel they both get there; started one after the other, the first would never be ready. (With
      // "ready after 1 s" instead, a slow engine could start b after a was ready, and the test failed.)
      const handshake = (me: string, other: string): string => `    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "touch /marks/${me}; until [ -f /marks/${other} ]; do sleep 0.1; done; touch /tmp/ready; exec sleep 3600"]
    volumes: ["marks:/marks"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 5s, timeout: 2s, retries: 30 }
    x-stackpilot: { startup_timeout: 60s, retry: { attempts: 1 } }
`;
      const s = await stackOf(`volumes:
  marks: {}
services:
  a:
${handshake('a', 'b')}  b:
${handshake('b', 'a')}  c:
${slowService(0)}
    depends_on:
      a: { condition: service_healthy }
      b: { condition: service_healthy }
`);
      const result = await s.runner.up();
      expect(result).toEqual({ ok: true, aborted: false, problems: [], warnings: [] });
      const aReady = s.runner.get('a')?.readyAt ?? Infinity;
      const bReady = s.runner.get('b')?.readyAt ?? Infinity;
      // Parallel: each of a and b started before the other was ready.
      expect(s.at('a', 'start')).toBeLessThan(bReady);
      expect(s.at('b', 'start')).toBeLessThan(aReady);
      // Gated: c was not started before both were ready (engine event times).
      expect(s.at('c', 'start')).toBeGreaterThanOrEqual(Math.max(aReady, bReady) - 5);
      expect(s.runner.get('a')?.reason).toMatch(/^ready: fast readiness \(exec test -f \/tmp\/ready\) passed/);
      expect(s.runner.get('c')?.status).toBe('ready');
    });

    it('waits for a job to complete successfully (service_completed_successfully)', async () => {
      const s = await stackOf(`services:
  migrate:
    image: stackpilot-test/busybox:1
    command: ["sh", "-c", "echo migrating; sleep 1; echo done"]
  api:
${slowService(0)}
    depends_on:
      migrate: { condition: service_completed_successfully }
`);
      const result = await s.runner.up();
      expect(result.ok).toBe(true);
      expect(s.runner.get('migrate')).toMatchObject({ status: 'completed', exitCode: 0 });
      expect(s.at('api', 'start')).toBeGreaterThanOrEqual(s.at('migrate', 'die'));
    });

    it('leaves dependents of a failed service blocked, and brings the rest up', async () => {
      const s = await stackOf(`services:
  broken:
    image: stackpilot-test/busybox:1
    command: ["sh", "-c", "echo 'fatal: cannot open config' >&2; exit 3"]
    healthcheck: { test: ["CMD", "test", "-f", "/never"], interval: 5s }
    x-stackpilot: { retry: { attempts: 2, delay: 200ms } }
  needs-broken:
${slowService(0)}
    depends_on:
      broken: { condition: service_healthy }
  fine:
${slowService(0)}
`);
      const result = await s.runner.up();
      expect(result.ok).toBe(false);
      expect(result.problems.map((p) => [p.service, p.status])).toEqual([
        ['broken', 'failed'],
        ['needs-broken', 'blocked'],
      ]);
      expect(s.runner.get('broken')).toMatchObject({
        reason: 'exited with code 3 before it was ready (after 2 attempts)',
        attempt: 2,
      });
      expect(s.runner.get('broken')?.lastLines).toContain('fatal: cannot open config');
      expect(s.count('broken', 'start')).toBe(2);
      expect(s.runner.get('needs-broken')?.reason).toMatch(
        /^waiting for broken \(healthy\), which is failed: exited with code 3/,
      );
      expect(s.runner.get('fine')?.status).toBe('ready');
      expect(s.count('needs-broken', 'start')).toBe(0);
      // Made and never started: left created, as compose leaves it.
      const made = s.runner.get('needs-broken')?.containerId ?? '';
      expect(execFileSync('docker', ['inspect', '-f', '{{.State.Status}}', made], { encoding: 'utf8' }).trim()).toBe(
        'created',
      );
    });

    it('fails a service that is not ready within its startup_timeout', async () => {
      const s = await stackOf(`services:
  stuck:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/never"], interval: 5s }
    x-stackpilot: { startup_timeout: 2s, retry: { attempts: 1 } }
`);
      const result = await s.runner.up();
      expect(result.ok).toBe(false);
      expect(s.runner.get('stuck')?.reason).toMatch(
        /^not ready within 2\.0 s \(startup_timeout\); last probe \d+ failed: exit 1/,
      );
    });

    it('restarts a service and then the dependents that ask for it, once it is ready again', async () => {
      const s = await stackOf(`services:
  api:
${slowService(1)}
  web:
${slowService(0)}
    depends_on:
      api: { condition: service_healthy, restart: true }
  worker:
${slowService(0)}
    depends_on:
      api: { condition: service_healthy }
`);
      expect((await s.runner.up()).ok).toBe(true);
      const result = await s.runner.restart('api');
      expect(result.ok).toBe(true);
      expect(s.count('api', 'start')).toBe(2);
      expect(s.count('web', 'start')).toBe(2);
      expect(s.count('worker', 'start')).toBe(1);
      expect(s.at('web', 'start', 1)).toBeGreaterThanOrEqual((s.runner.get('api')?.readyAt ?? Infinity) - 5);
      // web keeps serving while api restarts, and is restarted once api is back.
      expect(s.at('web', 'die')).toBeGreaterThan(s.at('api', 'start', 1));
    });

    it('stops in reverse dependency order, honouring stop signals and grace periods', async () => {
      const s = await stackOf(`services:
  db:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "3600"]
  stubborn:
    # A shell as PID 1 ignores SIGTERM: only the kill after the grace period stops it.
    image: stackpilot-test/busybox:1
    command: ["sh", "-c", "while true; do sleep 0.2; done"]
    stop_grace_period: 2s
    depends_on: [db]
  polite:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "3600"]
    stop_signal: SIGINT
    depends_on: [db]
`);
      expect((await s.runner.up()).ok).toBe(true);
      await s.runner.stop();
      expect(s.at('stubborn', 'die')).toBeLessThan(s.at('db', 'die'));
      expect(s.at('polite', 'die')).toBeLessThan(s.at('db', 'die'));
      expect(s.runner.get('stubborn')).toMatchObject({ status: 'stopped', exitCode: 137 });
      expect(s.runner.get('stubborn')?.reason).toMatch(/^stopped in \d/);
      expect(
        s.events.some(
          (e) => e.action === 'kill' && e.labels['com.docker.compose.service'] === 'polite' && e.labels.signal === '2',
        ),
      ).toBe(true);
      expect(s.runner.get('polite')?.exitCode).toBe(130);
      const removed = await s.runner.down();
      expect(removed).toEqual(expect.arrayContaining([`network ${s.project}_default`]));
    });

    it('flags a changed service as outdated and recreates it on up', async () => {
      const yaml = (greeting: string) => `services:
  app:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "3600"]
    environment:
      GREETING: ${greeting}
  other:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "3600"]
`;
      const s = await stackOf(yaml('hello'));
      expect((await s.runner.up()).ok).toBe(true);
      const before = s.runner.get('app')?.containerId;
      const otherBefore = s.runner.get('other')?.containerId;
      s.write(yaml('bonjour'));
      const runner = s.reload();
      await runner.refresh();
      expect(runner.get('app')?.outdated).toBe(true);
      expect(runner.get('other')?.outdated).toBe(false);
      expect((await runner.up()).ok).toBe(true);
      expect(runner.get('app')?.containerId).not.toBe(before);
      expect(runner.get('app')?.outdated).toBe(false);
      expect(runner.get('other')?.containerId).toBe(otherBefore);
    });
  },
);

describe.skipIf(!engineState.available)('living with docker-compose', () => {
  const COMPOSE = `services:
  db:
    image: stackpilot-test/busybox:1
    command: ["sh", "-c", "touch /tmp/ready; exec sleep 3600"]
    init: true
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s }
  api:
    image: stackpilot-test/busybox:1
    command: ["sleep", "3600"]
    init: true
    depends_on:
      db: { condition: service_healthy }
`;

  const dockerCompose = (s: EngineStack, ...args: string[]): string =>
    execFileSync('docker-compose', ['-p', s.project, ...args], {
      cwd: s.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('adopts a stack that docker-compose started, without duplicating a container', async () => {
    const s = await stackOf(COMPOSE);
    dockerCompose(s, 'up', '-d');
    const ids = (await s.driver.listContainers({ 'com.docker.compose.project': s.project })).map((c) => c.id).sort();
    expect(ids).toHaveLength(2);
    await s.runner.refresh();
    expect(s.runner.get('db')?.status).toBe('ready');
    expect(s.runner.get('api')).toMatchObject({
      status: 'ready',
      outdated: false,
      containerName: `${s.project}_api_1`,
    });
    const seen = s.events.length;
    expect((await s.runner.up()).ok).toBe(true);
    expect(
      (await s.driver.listContainers({ 'com.docker.compose.project': s.project })).map((c) => c.id).sort(),
    ).toEqual(ids);
    expect(s.events.slice(seen).filter((e) => e.action === 'create' || e.action === 'start')).toEqual([]);
  });

  it('is seen by docker-compose ps and taken down by docker-compose down', async () => {
    const s = await stackOf(COMPOSE);
    expect((await s.runner.up()).ok).toBe(true);
    const ps = dockerCompose(s, 'ps');
    expect(ps).toContain(`${s.project}-db-1`);
    expect(ps).toContain(`${s.project}-api-1`);
    dockerCompose(s, 'down');
    expect(await s.containers()).toBe(0);
  });
});
