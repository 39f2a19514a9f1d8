import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeDriver } from '../../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import type { Stack } from '../compose/model';
import { EngineError, EngineUnreachable } from '../errors';
import { containerSpec } from './container-spec';
import type { ServiceSnapshot } from './service-state';
import { Orchestrator } from './orchestrator';
import type { OrchestratorOptions } from './orchestrator';

/** Events each test's state machine refused: none, ever (a refused event is a bug in the runner). */
const setups: string[][] = [];
afterEach(() => {
  removeStacks();
  const refused = setups.splice(0).flat();
  expect(refused, 'events the state machine refused').toEqual([]);
});

function stackOf(yaml: string): Stack {
  const result = load(writeStack({ 'compose.yaml': `name: t\n${yaml}` }));
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  return result.stack;
}

const HC = `    healthcheck: { test: ["CMD", "check"], interval: 5s, retries: 30 }\n`;

function setup(yaml: string, opts: Partial<OrchestratorOptions> = {}) {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  const stack = stackOf(yaml);
  const refused: string[] = [];
  const runner = new Orchestrator(stack, { driver, clock, onIllegalTransition: (why) => refused.push(why), ...opts });
  const history: ServiceSnapshot[] = [];
  runner.onChange((s) => history.push(s));
  const t0 = clock.now();
  setups.push(refused);
  return { clock, driver, stack, runner, history, t0 };
}

const CHAIN = `services:
  db:
    image: db
${HC}  api:
    image: api
${HC}    depends_on: { db: { condition: service_healthy } }
  web:
    image: web
    depends_on: { api: { condition: service_healthy } }
`;

describe('Orchestrator (fake engine, fake clock)', () => {
  it('starts a chain in order, each as soon as its dependency is ready (fast readiness)', async () => {
    const { clock, driver, runner, t0 } = setup(CHAIN);
    driver.behaviours.db = { readyAfter: 1000, dockerHealthyAfter: 5000 };
    driver.behaviours.api = { readyAfter: 500, dockerHealthyAfter: 5000 };
    const result = await clock.run(runner.up());
    expect(result).toEqual({ ok: true, aborted: false, problems: [], warnings: [] });
    // Containers are created up front; each start waits for its dependency.
    expect(driver.calls.filter((c) => c.startsWith('start'))).toEqual(['start db', 'start api', 'start web']);
    expect(driver.calls.filter((c) => c.startsWith('create')).sort()).toEqual([
      'create api',
      'create db',
      'create web',
    ]);
    const db = runner.get('db');
    const api = runner.get('api');
    // The first passing probe comes at most one probe interval after the service is really ready.
    expect((db?.readyAt ?? 0) - t0).toBeGreaterThanOrEqual(1000);
    expect((db?.readyAt ?? 0) - t0).toBeLessThanOrEqual(1000 + 1000);
    expect(api?.startRequestedAt).toBeGreaterThanOrEqual(db?.readyAt ?? Infinity);
    expect((api?.readyAt ?? 0) - (api?.startedAt ?? 0)).toBeLessThanOrEqual(500 + 400);
    expect(api?.reason).toMatch(/^ready: fast readiness \(exec check\) passed/);
    // Well before Docker's own first check (5 s) for either.
    expect((runner.get('web')?.readyAt ?? Infinity) - t0).toBeLessThan(5000);
  });

  it('shares one probe budget among the services starting together: many probe less often each, one as often as it may', async () => {
    const probesOf = async (count: number): Promise<number[]> => {
      const services = Array.from({ length: count }, (_, i) => `  s${i}:\n    image: s\n${HC}`).join('');
      const { clock, driver, runner } = setup(`services:\n${services}`);
      const perContainer = new Map<string, number>();
      const exec = driver.exec.bind(driver);
      driver.exec = (id, ...rest) => {
        perContainer.set(id, (perContainer.get(id) ?? 0) + 1);
        return exec(id, ...rest);
      };
      for (let i = 0; i < count; i++) driver.behaviours[`s${i}`] = { readyAfter: 3000, dockerHealthyAfter: 60_000 };
      expect(await clock.run(runner.up())).toMatchObject({ ok: true });
      return [...perContainer.values()];
    };
    // Alone: every 50 ms at first, then every ~5% of the time waited (3 s of start-up: ~45 probes).
    const [alone = 0] = await probesOf(1);
    expect(alone).toBeGreaterThanOrEqual(25);
    // Twenty at once share 40 probes a second: each probes every 500 ms (3 s: about 6 probes each).
    const crowd = await probesOf(20);
    expect(crowd).toHaveLength(20);
    for (const n of crowd) expect(n).toBeLessThanOrEqual(8);
  });

  it('waits for Docker health events alone when fast readiness is off', async () => {
    const { clock, driver, runner } = setup(CHAIN, { fastReadiness: { enabled: false } });
    driver.behaviours.db = { readyAfter: 1000, dockerHealthyAfter: 5000 };
    driver.behaviours.api = { readyAfter: 500, dockerHealthyAfter: 5000 };
    await clock.run(runner.up());
    const db = runner.get('db');
    expect((db?.readyAt ?? 0) - (db?.startedAt ?? 0)).toBe(5000);
    expect(db?.reason).toBe('ready: health check passed 5.0 s after start');
  });

  it('explains a wait down the chain, with the dependency probe that fails', async () => {
    const { clock, driver, runner, history } = setup(CHAIN);
    driver.behaviours.db = { readyAfter: 3000 };
    driver.behaviours.api = { readyAfter: 0 };
    await clock.run(runner.up());
    const apiWaits = history.filter((s) => s.name === 'api' && s.status === 'waiting').map((s) => s.reason);
    expect(apiWaits).toContain(
      'waiting for db (healthy): starting — health check: probe 3 failed: exit 1: connection refused',
    );
    const webWaits = history.filter((s) => s.name === 'web' && s.status === 'waiting').map((s) => s.reason);
    expect(webWaits).toContain('waiting for api (healthy): waiting for db');
  });

  it('blocks the dependents of a failed service and brings up the rest', async () => {
    const { clock, driver, runner } = setup(`services:
  db:
    image: db
${HC}    x-stackpilot: { retry: { attempts: 1 } }
  api:
    image: api
    depends_on: { db: { condition: service_healthy } }
  web:
    image: web
    depends_on: [api]
  metrics:
    image: metrics
`);
    driver.behaviours.db = { readyAfter: 10_000, exitAfter: 300, exitCode: 1, logs: ['FATAL: bad password'] };
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        service: 'api',
        status: 'blocked',
        reason: 'waiting for db (healthy), which is failed: exited with code 1 before it was ready',
      },
      { service: 'db', status: 'failed', reason: 'exited with code 1 before it was ready' },
      {
        service: 'web',
        status: 'blocked',
        reason:
          'waiting for api (started), which is blocked: waiting for db (healthy), which is failed: exited with code 1 before it was ready',
      },
    ]);
    expect(runner.get('db')?.lastLines).toEqual(['FATAL: bad password']);
    // The same, as data.
    expect(runner.get('db')?.why).toEqual({
      code: 'start-failed',
      cause: { code: 'exited-early', exitCode: 1, job: false },
      attempts: 1,
    });
    expect(runner.get('api')?.why).toMatchObject({
      code: 'blocked',
      dependency: 'db',
      condition: 'service_healthy',
      status: 'failed',
    });
    expect(runner.get('metrics')?.status).toBe('ready');
    // Their containers were made early and never started: left created, as compose leaves them.
    expect(driver.calls.filter((c) => c.startsWith('start') && (c.includes('api') || c.includes('web')))).toEqual([]);
    expect([...driver.containers.values()].map((c) => `${c.service}:${c.info.state}`).sort()).toEqual([
      'api:created',
      'db:exited',
      'metrics:running',
      'web:created',
    ]);
  });

  it('starts the dependents of a failed optional dependency (required: false), with a warning naming it', async () => {
    const { clock, driver, runner } = setup(`services:
  cache:
    image: cache
${HC}    x-stackpilot: { retry: { attempts: 1 } }
  api:
    image: api
    depends_on: { cache: { condition: service_healthy, required: false } }
`);
    driver.behaviours.cache = { readyAfter: 10_000, exitAfter: 300, exitCode: 1 };
    const result = await clock.run(runner.up());
    expect(runner.get('api')?.status).toBe('ready');
    expect(result.problems.map((p) => `${p.service}:${p.status}`)).toEqual(['cache:failed']);
    expect(result.warnings).toEqual([
      {
        service: 'api',
        dependency: 'cache',
        message:
          'optional dependency "cache" failed to start: failed (exited with code 1 before it was ready); api starts without it',
      },
    ]);
    expect(driver.calls.filter((c) => c.startsWith('start'))).toEqual(['start cache', 'start api']);
  });

  it('blocks a service_healthy dependent of a service with no health check, as compose refuses it; one from the image counts', async () => {
    const { clock, driver, runner } = setup(`services:
  plain: { image: plain }
  imaged: { image: imaged }
  a: { image: a, depends_on: { plain: { condition: service_healthy } } }
  b: { image: b, depends_on: { imaged: { condition: service_healthy } } }
`);
    driver.behaviours.imaged = { imageHealthcheck: true, dockerHealthyAfter: 3000 };
    await clock.run(runner.up());
    expect(runner.get('a')).toMatchObject({ status: 'blocked', why: { code: 'no-healthcheck', dependency: 'plain' } });
    expect(runner.get('a')?.reason).toBe(
      'waiting for plain to be healthy, but plain has no health check — give it one (or x-stackpilot.ready), or depend on it with condition: service_started',
    );
    // The image's HEALTHCHECK is what makes imaged ready (not its first second up), and b waits for it.
    expect(runner.get('imaged')?.status).toBe('ready');
    expect((runner.get('imaged')?.readyAt ?? 0) - (runner.get('imaged')?.startedAt ?? 0)).toBeGreaterThanOrEqual(3000);
    expect(runner.get('b')?.status).toBe('ready');
  });

  it('fetches images as pull_policy says: always pulled, build always built, never never pulled', async () => {
    const { clock, driver, runner } = setup(`services:
  fresh: { image: fresh, pull_policy: always }
  built: { image: built, build: ., pull_policy: build }
  local: { image: local, pull_policy: never }
  usual: { image: usual }
`);
    driver.missingImages.add('local');
    await clock.run(runner.up());
    // The images fresh and built are there, and still pulled and built; local is never pulled.
    expect(driver.calls.filter((c) => c.startsWith('pull') || c.startsWith('build')).sort()).toEqual([
      'build built',
      'pull fresh',
    ]);
    expect(runner.get('fresh')?.status).toBe('failed');
    expect(runner.get('built')?.status).toBe('ready');
    expect(runner.get('local')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('pull_policy: never') as string,
    });
    expect(runner.get('usual')?.status).toBe('ready');
  });

  it('fails a service that misses its startup_timeout, at exactly that time', async () => {
    const { clock, driver, runner } = setup(`services:
  slow:
    image: slow
${HC}    x-stackpilot: { startup_timeout: 2s }
`);
    driver.behaviours.slow = { readyAfter: 60_000 };
    await clock.run(runner.up());
    const slow = runner.get('slow');
    expect(slow?.status).toBe('failed');
    expect((slow?.since ?? 0) - (slow?.startedAt ?? 0)).toBe(2000);
    expect(slow?.reason).toMatch(/^not ready within 2\.0 s \(startup_timeout\); last probe \d+ failed: exit 1/);
  });

  it('starts a dependent of a job only after the job exits 0, and marks the job completed', async () => {
    const { clock, driver, runner } = setup(`services:
  migrate:
    image: tools
  api:
    image: api
    depends_on: { migrate: { condition: service_completed_successfully } }
`);
    driver.behaviours.migrate = { exitAfter: 700, exitCode: 0 };
    await clock.run(runner.up());
    expect(runner.get('migrate')).toMatchObject({ status: 'completed', reason: 'exited with code 0 after 700 ms' });
    expect(runner.get('api')?.startRequestedAt).toBeGreaterThanOrEqual((runner.get('migrate')?.startedAt ?? 0) + 700);
  });

  it('fails a job that exits non-zero and blocks what waits for it', async () => {
    const { clock, driver, runner } = setup(`services:
  migrate: { image: tools, x-stackpilot: { retry: { attempts: 1 } } }
  api: { image: api, depends_on: { migrate: { condition: service_completed_successfully } } }
`);
    driver.behaviours.migrate = { exitAfter: 100, exitCode: 2 };
    const result = await clock.run(runner.up());
    expect(result.problems.map((p) => `${p.service} ${p.status}`)).toEqual(['api blocked', 'migrate failed']);
    expect(runner.get('migrate')?.reason).toBe('exited with code 2');
  });

  it('bounds how many engine calls run at once', async () => {
    const services = Array.from({ length: 20 }, (_, i) => `  s${i}: { image: x }`).join('\n');
    const { clock, driver, runner } = setup(`services:\n${services}\n`, { concurrency: 4 });
    driver.latency = 50;
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(true);
    expect(driver.maxInFlight).toBe(4);
  });

  it('builds an image shared by several services once, by the service that has the build section', async () => {
    const dir = writeStack({ 'base/Dockerfile': 'FROM scratch\n' });
    const { clock, driver, runner } = setup(
      `services:\n  a: { image: shared, build: ${dir}/base }\n  b: { image: shared }\n  c: { image: shared, build: ${dir}/base }\n`,
    );
    driver.missingImages.add('shared');
    const result = await clock.run(runner.up());
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    expect(driver.calls.filter((c) => c.startsWith('build') || c.startsWith('pull'))).toEqual(['build shared']);
  });

  it('reports a missing image that cannot be pulled, with its reason', async () => {
    const { clock, driver, runner } = setup(
      `services:\n  app: { image: "ghcr.io/acme/app:1" }\n  web: { image: web, depends_on: [app] }\n`,
    );
    driver.missingImages.add('ghcr.io/acme/app:1');
    await clock.run(runner.up());
    expect(runner.get('app')).toMatchObject({
      status: 'failed',
      reason:
        'image ghcr.io/acme/app:1 is not on the engine and could not be pulled: no registry — build it, or pull it where a registry is reachable: docker pull ghcr.io/acme/app:1',
    });
    expect(runner.get('web')?.status).toBe('blocked');
  });

  it('adopts running containers instead of creating new ones, and recreates outdated ones', async () => {
    const { clock, driver, runner, stack } = setup(
      `services:\n  db:\n    image: db\n${HC}  api: { image: api, depends_on: { db: { condition: service_healthy } } }\n`,
    );
    const dbSpec = containerSpec(stack, stack.services.db as never);
    driver.adopt(dbSpec, { health: 'healthy' });
    const apiSpec = containerSpec(stack, stack.services.api as never);
    driver.adopt({ ...apiSpec, labels: { ...apiSpec.labels, 'org.stackpilot.config-hash': 'old' } });
    await clock.run(runner.refresh());
    expect(runner.get('db')).toMatchObject({ status: 'ready', outdated: false });
    expect(runner.get('api')).toMatchObject({ outdated: true });
    await clock.run(runner.up([], undefined, {}, { stopTimeoutSeconds: 3 }));
    // Stopped before it is removed, as compose does, with up -t's grace.
    expect(driver.calls).toEqual(['stop api', 'remove api', 'create api', 'start api']);
    expect(driver.stopGraces).toEqual(['api:3']);
    expect(runner.get('api')).toMatchObject({ status: 'ready', outdated: false });
  });

  it('stops dependents before their dependencies, and down removes everything', async () => {
    const { clock, runner, driver } = setup(CHAIN);
    driver.behaviours.db = { readyAfter: 0 };
    driver.behaviours.api = { readyAfter: 0 };
    await clock.run(runner.up());
    driver.calls.length = 0;
    const removed = await clock.run(runner.down());
    expect(driver.calls.filter((c) => c.startsWith('stop'))).toEqual(['stop web', 'stop api', 'stop db']);
    expect(removed).toEqual(
      expect.arrayContaining(['container t-web-1', 'container t-api-1', 'container t-db-1', 'network t_default']),
    );
    expect(runner.snapshot().map((s) => s.status)).toEqual(['defined', 'defined', 'defined']);
  });

  it('restarts a service, then the dependents that ask for it', async () => {
    const { clock, runner, driver } = setup(`services:
  api:
    image: api
${HC}  web: { image: web, depends_on: { api: { condition: service_healthy, restart: true } } }
  worker: { image: worker, depends_on: { api: { condition: service_healthy } } }
`);
    driver.behaviours.api = { readyAfter: 300 };
    await clock.run(runner.up());
    driver.calls.length = 0;
    const result = await clock.run(runner.restart('api'));
    expect(result.ok).toBe(true);
    expect(driver.calls).toEqual(['stop api', 'start api', 'stop web', 'start web']);
  });

  it('keeps a per-service timeline of every change with its reason', async () => {
    const { clock, runner, driver } = setup(CHAIN);
    driver.behaviours.db = { readyAfter: 200 };
    await clock.run(runner.up());
    expect(runner.get('web')?.timeline.map((t) => t.status)).toEqual(['defined', 'waiting', 'starting', 'ready']);
  });
});

describe('critical path', () => {
  it('follows the dependency that was ready last, and sums start-to-ready times', async () => {
    const { clock, driver, runner, stack } = setup(`services:
  db:
    image: db
${HC}  cache:
    image: cache
${HC}  api:
    image: api
${HC}    depends_on: { db: { condition: service_healthy }, cache: { condition: service_healthy } }
  web: { image: web, depends_on: { api: { condition: service_healthy } } }
`);
    driver.behaviours.db = { readyAfter: 2000 };
    driver.behaviours.cache = { readyAfter: 500 };
    driver.behaviours.api = { readyAfter: 1000 };
    await clock.run(runner.up());
    const { criticalPath } = await import('./critical-path');
    const path = criticalPath(stack, runner.snapshot());
    expect(path?.steps.map((s) => s.service)).toEqual(['db', 'api', 'web']);
    const sum = (path?.steps ?? []).reduce((n, s) => n + s.ms, 0);
    expect(path?.ms).toBe(sum);
    expect(path?.steps[0]?.ms).toBeGreaterThanOrEqual(2000);
  });
});

describe('fast readiness per service', () => {
  it('is skipped for a service that sets x-stackpilot.fast_readiness: false', async () => {
    const { clock, driver, runner } = setup(`services:
  db:
    image: db
${HC}    x-stackpilot: { fast_readiness: false }
`);
    driver.behaviours.db = { readyAfter: 100, dockerHealthyAfter: 5000 };
    await clock.run(runner.up());
    const db = runner.get('db');
    expect((db?.readyAt ?? 0) - (db?.startedAt ?? 0)).toBe(5000);
  });
});

describe('retries with backoff', () => {
  it('retries a failed start with exponential backoff and says attempt n/m and when the next try is', async () => {
    const { clock, driver, runner, history } = setup(
      `services:
  worker:
    image: worker
    x-stackpilot: { retry: { attempts: 4, delay: 1s, max_delay: 10s } }
`,
      { random: () => 1 },
    );
    // Fails its first three starts, then stays up.
    let starts = 0;
    const original = driver.startContainer.bind(driver);
    driver.startContainer = async (id) => {
      starts++;
      driver.behaviours.worker = starts <= 3 ? { exitAfter: 50, exitCode: 1, logs: [`crash ${starts}`] } : {};
      return original(id);
    };
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(true);
    const backoffs = history.filter((s) => s.name === 'worker' && s.status === 'backoff');
    expect(backoffs.map((s) => [s.attempt, s.maxAttempts, (s.nextAttemptAt ?? 0) - s.since])).toEqual([
      [1, 4, 1000],
      [2, 4, 2000],
      [3, 4, 4000],
    ]);
    expect(backoffs[0]?.why).toEqual({
      code: 'retrying',
      cause: { code: 'exited-early', exitCode: 1, job: false },
      attempt: 1,
      attempts: 4,
      delayMs: 1000,
    });
    expect(backoffs[2]?.lastLines).toEqual(['crash 3']);
    // Each exit keeps its own lines: the third did not overwrite the first.
    expect(runner.get('worker')?.exits?.map((e) => [e.exitCode, e.lines])).toEqual([
      [1, ['crash 1']],
      [1, ['crash 2']],
      [1, ['crash 3']],
    ]);
    expect(runner.get('worker')?.reason).toBe('running (up for 1.0 s) (attempt 4/4)');
    expect(starts).toBe(4);
  });

  it('gives up after the last attempt and says so', async () => {
    const { clock, driver, runner } = setup(
      `services:
  worker: { image: worker, x-stackpilot: { retry: { attempts: 3, delay: 100ms } } }
  api: { image: api, depends_on: [worker] }
`,
      { random: () => 0 },
    );
    driver.behaviours.worker = { exitAfter: 10, exitCode: 2 };
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(false);
    expect(runner.get('worker')).toMatchObject({
      status: 'failed',
      why: { code: 'start-failed', cause: { code: 'exited-early', exitCode: 2 }, attempts: 3 },
      attempt: 3,
      maxAttempts: 3,
    });
  });

  it('does not retry a health check whose command is missing from the image', async () => {
    const { clock, driver, runner } = setup(`services:\n  db:\n    image: db\n${HC}`);
    driver.exec = () => Promise.resolve({ exitCode: 127, output: 'sh: pg_isready: not found' });
    await clock.run(runner.up());
    expect(runner.get('db')).toMatchObject({ status: 'failed' });
    expect(runner.get('db')?.reason).toBe(
      "unhealthy while starting: the check's command is not in the image (check): sh: pg_isready: not found",
    );
    expect(runner.get('db')?.attempt).toBe(1);
  });
});

describe('a crash after ready, diagnosed', () => {
  it('says the OOM killer ended it, with the memory limit it had', async () => {
    const { clock, driver, runner } = setup(
      `services:
  hungry:
    image: hungry
    mem_limit: 512m
    x-stackpilot: { retry: { delay: 1s } }
`,
      { random: () => 1 },
    );
    driver.behaviours.hungry = { exitAfter: 2000, oomKilled: true };
    await clock.run(runner.up());
    expect(runner.get('hungry')?.status).toBe('ready');
    await clock.advance(2000);
    const crash = runner.get('hungry')?.timeline.find((t) => t.status === 'backoff');
    expect(crash?.reason).toBe(
      'killed: out of memory (limit 512 MiB; exit code 137); restarting in 1.0 s (1 restarts within 120 s (limit 5))',
    );
    expect(runner.get('hungry')?.exitCode).toBe(137);
  });
});

describe('a clean exit after ready', () => {
  it('is the end of a one-shot with nothing to check and no restart policy: completed, not restarted', async () => {
    const { clock, driver, runner } = setup(`services:
  once:
    image: once
    restart: "no"
  server:
    image: server
    restart: "no"
${HC}`);
    // Both outlive the first second (a loaded machine), then exit 0.
    driver.behaviours.once = { exitAfter: 3000, exitCode: 0 };
    driver.behaviours.server = { readyAfter: 500, exitAfter: 3000, exitCode: 0 };
    await clock.run(runner.up());
    expect(runner.get('once')?.status).toBe('ready');
    await clock.advance(5000);
    expect(runner.get('once')).toMatchObject({ status: 'completed', exitCode: 0, reason: 'exited with code 0' });
    expect(driver.calls.filter((c) => c === 'start once')).toHaveLength(1);
    // A server that passed its health check and then stops is unexpected, clean exit or not: restarted.
    expect(
      runner
        .get('server')
        ?.timeline.some((t) => t.status === 'backoff' && /^exited with code 0 unexpectedly/.test(t.reason)),
    ).toBe(true);
  });
});

describe('crash loop circuit', () => {
  it('restarts a crashing service with backoff, then opens the circuit, stops it, and keeps the last lines', async () => {
    const { clock, driver, runner } = setup(
      `services:
  flaky:
    image: flaky
    x-stackpilot: { crash_loop: { restarts: 3, window: 1m }, retry: { delay: 1s, max_delay: 4s } }
`,
      { random: () => 1 },
    );
    driver.behaviours.flaky = { exitAfter: 2000, exitCode: 1, logs: ['panic: nil map'] };
    await clock.run(runner.up());
    expect(runner.get('flaky')?.status).toBe('ready');
    await clock.advance(30_000);
    const flaky = runner.get('flaky');
    expect(flaky).toMatchObject({ status: 'failed', circuit: 'open', lastLines: ['panic: nil map'] });
    expect(flaky?.reason).toBe(
      'crash loop: exited with code 1 unexpectedly; 3 restarts within 60 s (limit 3). Stopped; reset the circuit to try again',
    );
    // Each crash after ready is pinned with its lines and the reason given at the time.
    expect(flaky?.exits?.map((e) => e.reason)).toEqual([
      'exited with code 1 unexpectedly; restarting in 1.0 s (1 restarts within 60 s (limit 3))',
      'exited with code 1 unexpectedly; restarting in 2.0 s (2 restarts within 60 s (limit 3))',
      'crash loop: exited with code 1 unexpectedly; 3 restarts within 60 s (limit 3). Stopped; reset the circuit to try again',
    ]);
    expect(flaky?.exits?.every((e) => e.lines.join() === 'panic: nil map')).toBe(true);
    const restarts = (flaky?.timeline ?? []).filter((t) => t.status === 'backoff').map((t) => t.reason);
    expect(restarts).toEqual([
      'exited with code 1 unexpectedly; restarting in 1.0 s (1 restarts within 60 s (limit 3))',
      'exited with code 1 unexpectedly; restarting in 2.0 s (2 restarts within 60 s (limit 3))',
    ]);
    expect(driver.calls.filter((c) => c === 'start flaky')).toHaveLength(3);
    expect(flaky?.restarts).toBe(2);
    expect(driver.calls.at(-1)).toBe('stop flaky');
    // Nothing more happens while the circuit is open.
    await clock.advance(120_000);
    expect(driver.calls.filter((c) => c === 'start flaky')).toHaveLength(3);

    // Reset: one more try (half-open); a stable start closes the circuit.
    driver.behaviours.flaky = {};
    await clock.run(runner.resetCircuit('flaky'));
    expect(runner.get('flaky')).toMatchObject({ status: 'ready', circuit: 'closed', restarts: 3 });
  });

  it('leaves a failing start-up of a service with a restart policy to the engine: its runs, never doubled by retries', async () => {
    const { clock, driver, runner } = setup(`services:
  api:
    image: api
    restart: on-failure:2
${HC}`);
    driver.behaviours.api = { readyAfter: 10_000, exitAfter: 300, exitCode: 1, engineRestarts: true };
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(false);
    // Stackpilot started it once; the engine ran it twice more (on-failure:2), then gave up.
    expect(driver.calls.filter((c) => c.startsWith('start'))).toEqual(['start api']);
    expect([...driver.containers.values()][0]?.info.restartCount).toBe(2);
    expect(runner.get('api')?.why).toMatchObject({ code: 'engine-gave-up', policy: 'on-failure:2', runs: 3 });
    expect(runner.get('api')?.reason).toBe(
      "exited with code 1 before it was ready; the engine's restart policy (on-failure:2) gave up after 3 runs",
    );
  });

  it('follows the engine restarting a start-up until it is ready, and stops a restart: always crash loop with the circuit', async () => {
    const { clock, driver, runner, history } = setup(`services:
  api:
    image: api
    restart: always
${HC}    x-stackpilot: { crash_loop: { restarts: 3, window: 60s } }
`);
    driver.behaviours.api = { readyAfter: 10_000, exitAfter: 200, exitCode: 2, engineRestarts: true };
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(false);
    expect(runner.get('api')).toMatchObject({ status: 'failed', circuit: 'open' });
    expect(runner.get('api')?.why).toMatchObject({ code: 'crash-loop', exitCode: 2 });
    expect(history.some((h) => h.why?.code === 'engine-restarting')).toBe(true);
    expect(driver.calls.filter((c) => c.startsWith('start'))).toEqual(['start api']);
    // Stopped, so the engine's policy does not go round again.
    expect(driver.calls.filter((c) => c.startsWith('stop'))).toEqual(['stop api']);
  });

  it('leaves restarts to the engine when the service has a restart policy, and follows them', async () => {
    const { clock, driver, runner } = setup(`services:
  api:
    image: api
    restart: always
${HC}`);
    driver.behaviours.api = { readyAfter: 100 };
    await clock.run(runner.up());
    const id = runner.get('api')?.containerId ?? '';
    // The engine restarts the container by itself.
    await driver.killContainer(id);
    await clock.advance(10);
    expect(runner.get('api')?.reason).toMatch(
      /^killed \(exit code 137: SIGKILL, often out of memory\) unexpectedly; the engine restarts it \(restart: always; 1 restarts/,
    );
    await driver.startContainer(id);
    await clock.advance(1000);
    expect(runner.get('api')).toMatchObject({ status: 'ready' });
    expect(runner.get('api')?.reason).toMatch(/^ready again: ready: fast readiness/);
  });
});

describe('start checks (host probe)', () => {
  it('fails a service whose host port is taken before making anything, and one whose bind source is missing', async () => {
    const { clock, driver, runner } = setup(
      `services:\n  web:\n    image: web\n    ports: ["8080:80"]\n  app:\n    image: app\n    volumes: [{ type: bind, source: ./config, target: /config }]\n  ok:\n    image: ok\n`,
      {
        host: {
          takenPorts: (ports) =>
            Promise.resolve(
              ports.some((p) => p.published === '8080')
                ? [{ port: 8080, hostIp: '0.0.0.0', holder: 'nginx (pid 7)' }]
                : [],
            ),
          exists: () => false,
        },
      },
    );
    await clock.run(runner.up());
    expect(runner.get('web')).toMatchObject({
      status: 'failed',
      reason:
        'host port 8080 (held by nginx (pid 7)) is already in use — stop what holds it, or publish web on another port',
    });
    expect(runner.get('web')?.why).toMatchObject({ code: 'error', errorCode: 'port-taken' });
    expect(runner.get('app')?.why).toMatchObject({ code: 'error', errorCode: 'bind-source-missing' });
    expect(runner.get('ok')?.status).toBe('ready');
    expect(driver.calls.filter((c) => c.startsWith('create'))).toEqual(['create ok']);
  });
});

describe('work nobody awaits', () => {
  it('a recovery that fails marks the service failed with why, instead of an unhandled rejection', async () => {
    const { clock, driver, runner } = setup(`services:
  api:
    image: api
    restart: always
${HC}`);
    driver.behaviours.api = { readyAfter: 100 };
    await clock.run(runner.up());
    const id = runner.get('api')?.containerId ?? '';
    await driver.killContainer(id);
    await clock.advance(10);
    // The engine restarts it by itself, but then answers nothing sensible about it.
    driver.inspectContainer = () => Promise.reject(new EngineError('engine-error', 'the Docker engine answered: boom'));
    await driver.startContainer(id);
    await clock.advance(1000);
    expect(runner.get('api')).toMatchObject({
      status: 'failed',
      reason: 'following its restart failed: the Docker engine answered: boom',
    });
    runner.close();
  });
});

describe('the engine going away', () => {
  it('reports the engine unreachable, reconnects with backoff, and restarts what died meanwhile', async () => {
    const { clock, driver, runner } = setup(
      `services:
  db:
    image: db
${HC}  api: { image: api, depends_on: { db: { condition: service_healthy } } }
`,
      { random: () => 1 },
    );
    driver.behaviours.db = { readyAfter: 100 };
    await clock.run(runner.up());
    const statuses: string[] = [];
    runner.onEngineStatus((s) =>
      statuses.push(
        s.state === 'connected'
          ? 'connected'
          : `unreachable (${s.reason}), retry #${s.attempt} in ${s.nextRetryAt - clock.now()} ms`,
      ),
    );

    // The engine restarts: streams end, and containers without a restart policy die with it.
    const apiId = runner.get('api')?.containerId ?? '';
    driver.goDown('connect ENOENT /var/run/docker.sock');
    await driver.killContainer(apiId);
    await clock.advance(1200);
    expect(runner.engineStatus()).toMatchObject({
      state: 'unreachable',
      reason: 'connect ENOENT /var/run/docker.sock',
      attempt: 2,
    });
    driver.down = undefined;
    await clock.advance(1500);
    expect(statuses).toEqual([
      'unreachable (the connection to the engine broke (connect ENOENT /var/run/docker.sock)), retry #1 in 500 ms',
      'unreachable (connect ENOENT /var/run/docker.sock), retry #2 in 1000 ms',
      'connected',
    ]);
    // api died while the engine was away: it is seen stopped, and brought back; db is untouched.
    await clock.advance(5000);
    expect(runner.get('api')).toMatchObject({ status: 'ready' });
    // A death the engine's restart caused is no crash: it does not count against the circuit.
    expect(
      runner
        .get('api')
        ?.timeline.slice(-4)
        .map((t) => `${t.status}: ${t.reason}`),
    ).toEqual([
      'stopped: killed (exit code 137: SIGKILL, often out of memory)',
      'waiting: waiting for db (healthy): ready — running; health check passes (the engine still says starting)',
      'starting: starting the container',
      'ready: running (up for 1.0 s)',
    ]);
    expect(runner.get('db')?.status).toBe('ready');
    runner.close();
  });

  it('a restart cut short by the engine going away is finished when it is back (the service stays wanted up)', async () => {
    const { clock, driver, runner } = setup(`services:\n  api: { image: api }\n`, { random: () => 1 });
    await clock.run(runner.up());
    const id = runner.get('api')?.containerId ?? '';
    // The engine goes away just as a restart asks it to stop the container; the engine's restart kills it.
    driver.goDown('connect ENOENT /var/run/docker.sock');
    const stop = driver.stopContainer.bind(driver);
    driver.stopContainer = () =>
      Promise.reject(new EngineUnreachable('unix:///var/run/docker.sock', 'connect ENOENT /var/run/docker.sock'));
    await expect(clock.run(runner.restart('api'))).rejects.toThrow('cannot reach the Docker engine');
    const c = driver.containers.get(id);
    if (c) c.info = { ...c.info, state: 'exited', exitCode: 137 };
    driver.stopContainer = stop;
    driver.down = undefined;
    await clock.advance(5000);
    expect(runner.get('api')).toMatchObject({ status: 'ready' });
    runner.close();
  });

  it('notices a frozen engine through its watchdog ping', async () => {
    const { clock, driver, runner } = setup(`services:\n  app: { image: app }\n`);
    await clock.run(runner.up());
    driver.down = 'no answer within 3000 ms (is the engine frozen or overloaded?)';
    // Within one watchdog interval (2 s), whatever its phase.
    await clock.advance(2100);
    expect(runner.engineStatus()).toMatchObject({
      state: 'unreachable',
      reason: 'no answer within 3000 ms (is the engine frozen or overloaded?)',
    });
    driver.down = undefined;
    await clock.advance(2000);
    expect(runner.engineStatus().state).toBe('connected');
    runner.close();
  });
});
