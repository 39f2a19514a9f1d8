import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../test/support/stack-dir';
import type { EventChannel, EventMap } from '../../preload/contract';
import type { HostProbe } from '../orchestrator/runtime/start-checks';
import { StackSession } from './stack-session';
import { windowEvents } from '../ipc/window-events';
import type { LogBatch, ServiceReport } from './session-events';
import { inspectView } from '../ipc/views/inspect-view';

afterEach(removeStacks);

function stack(yaml: string) {
  const result = load(writeStack({ 'compose.yaml': `name: t\n${yaml}` }));
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  return result.stack;
}

/** A runtime on the fake engine and clock, with every event it emits recorded. */
function runtimeWith(platform = 'linux', host?: HostProbe) {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  let connects = 0;
  const events: { event: EventChannel; payload: unknown }[] = [];
  const runtime = new StackSession(
    () => {
      connects++;
      return Promise.resolve(driver);
    },
    clock,
    windowEvents(<E extends EventChannel>(event: E, payload: EventMap[E]) => events.push({ event, payload })),
    '/',
    platform,
    host,
  );
  const stateChanges = (): string[] =>
    events
      .filter((e) => e.event === 'service:state')
      .map((e) => `${(e.payload as { name: string }).name}:${(e.payload as { status: string }).status}`);
  return { clock, driver, runtime, events, stateChanges, connects: () => connects };
}

describe('the stack runtime behind the window', () => {
  it('connects once when several commands arrive while the engine is still being reached', async () => {
    const { runtime, connects } = runtimeWith();
    const attached = runtime.attach(stack('services:\n  a:\n    image: a\n'));
    await Promise.all([attached, runtime.preflight([]), runtime.preflight([])]);
    expect(connects()).toBe(1);
    runtime.close();
  });

  it('computes the stack in one word and sends it when it changes, once per change', async () => {
    const { clock, runtime, events } = runtimeWith();
    await runtime.attach(stack('services:\n  a:\n    image: a\n'));
    expect(runtime.snapshot().overall).toEqual({ state: 'idle', words: 'not running', running: false });
    await clock.run(runtime.up());
    const sent = events.filter((e) => e.event === 'stack:overall').map((e) => e.payload);
    expect(sent).toEqual([
      // Once when the runtime first reads the engine, then at each change.
      { state: 'idle', words: 'not running', running: false },
      { state: 'starting', words: 'starting', running: false },
      { state: 'starting', words: 'starting', running: true },
      { state: 'ready', words: 'all ready', running: true },
    ]);
    expect(runtime.snapshot().overall).toEqual({ state: 'ready', words: 'all ready', running: true });
    runtime.close();
  });

  it('asks one host probe for the checklist and for the start checks', async () => {
    const asked: string[] = [];
    const host: HostProbe = {
      takenPorts: (ports) => {
        asked.push(ports.map((p) => p.published).join(','));
        return Promise.resolve(
          ports.some((p) => p.published === '8080') ? [{ port: 8080, hostIp: '0.0.0.0', holder: 'nginx (pid 7)' }] : [],
        );
      },
      exists: () => true,
    };
    const { clock, runtime } = runtimeWith('linux', host);
    await runtime.attach(stack('services:\n  web:\n    image: web\n    ports: ["8080:80"]\n'));
    const view = await runtime.preflight([]);
    expect(view.checks.find((c) => c.id === 'ports')?.items.map((i) => i.detail)).toEqual(['in use by nginx (pid 7)']);
    const up = await clock.run(runtime.up());
    expect(up.ok).toBe(false);
    expect(up.message).toContain('host port 8080 (held by nginx (pid 7)) is already in use');
    expect(asked).toEqual(['8080', '8080']);
    runtime.close();
  });

  it('checks the engine, variables, ports and images before a start', async () => {
    const { driver, runtime } = runtimeWith();
    driver.missingImages.add('b');
    driver.missingImages.add('t-c');
    await runtime.attach(stack('services:\n  a:\n    image: a\n  b:\n    image: b\n  c:\n    build: .\n'));
    const view = await runtime.preflight([{ name: 'TOKEN', set: false, required: true }]);
    expect(view.checks.map((c) => [c.id, c.state, c.title])).toEqual([
      ['engine', 'ok', 'Engine reachable'],
      ['variables', 'problem', '1 variable to set'],
      ['ports', 'ok', 'Host ports free'],
      ['images', 'problem', '2 images to build or pull'],
      // The fake engine is not on this machine: its disk is not ours to read.
      ['disk', 'unknown', 'Disk space'],
    ]);
    expect(view.checks[3]?.items.map((i) => i.detail)).toEqual([
      'a present (1 MiB)',
      'b not present: pulled on Up, or now',
      't-c not built yet: built on Up, or now',
    ]);
    expect(view.ready).toBe(true);
    runtime.close();
  });

  it('says what in the file this engine is too old for: refused keys block, a start_interval it goes without is a warning', async () => {
    const { runtime } = runtimeWith();
    await runtime.attach(
      stack(
        'services:\n  a:\n    image: a\n    healthcheck: { test: ["CMD", "ok"], start_period: 10s, start_interval: 1s }\n',
      ),
    );
    const warned = (await runtime.preflight([])).checks[0];
    expect(warned).toMatchObject({
      id: 'engine',
      state: 'warning',
      title: 'Engine older than this file expects',
      hint: 'update Docker to 25.0 or later',
    });
    expect(warned?.items).toEqual([
      {
        name: 'start_interval (a): the engine probes at interval from the start',
        ok: false,
        detail: 'needs Docker 25.0 (API 1.44)',
      },
    ]);
    await runtime.attach(stack('services:\n  a:\n    image: a\n    annotations: { x: y }\n'));
    const view = await runtime.preflight([]);
    expect(view.checks[0]).toMatchObject({ state: 'problem', title: 'Engine too old for this file' });
    expect(view.checks[0]?.items[0]?.detail).toBe('needs Docker 24.0 (API 1.43): Up refuses it, as compose does');
    expect(view.ready).toBe(false);
    runtime.close();
  });

  it('restarts the whole stack: everything stopped, then up again in order, said with its CLI equivalent', async () => {
    const { clock, runtime, events, stateChanges } = runtimeWith();
    await runtime.attach(stack('services:\n  db:\n    image: db\n  api:\n    image: api\n    depends_on: [db]\n'));
    const first = await clock.run(runtime.up());
    expect(first, JSON.stringify(first)).toMatchObject({ ok: true });
    events.length = 0;
    const result = await clock.run(runtime.restartAll());
    expect(result).toMatchObject({ ok: true, message: 'restart all: ready' });
    expect(result.cli).toMatch(/^stackpilot stop -p t .* && stackpilot up -p t /);
    const states = stateChanges();
    expect(states.indexOf('api:stopped')).toBeLessThan(states.indexOf('db:stopped'));
    expect(states.lastIndexOf('db:ready')).toBeLessThan(states.lastIndexOf('api:ready'));
    runtime.close();
  });

  it('fetches missing images without starting anything, and says which failed', async () => {
    const { clock, driver, runtime, stateChanges } = runtimeWith();
    const dir = writeStack({ 'base/Dockerfile': 'FROM scratch\n' });
    driver.missingImages.add('base').add('ghcr.io/x/y:1');
    await runtime.attach(
      stack(
        `services:\n  a: { image: base, build: ${dir}/base }\n  b: { image: base }\n  c: { image: "ghcr.io/x/y:1" }\n  d: { image: d }\n`,
      ),
    );
    const result = await clock.run(runtime.fetchImages());
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^ghcr\.io\/x\/y:1: image ghcr\.io\/x\/y:1 is not on the engine/) as unknown,
    });
    expect(driver.calls).toEqual(['build base', 'pull ghcr.io/x/y:1']);
    expect(stateChanges()).toContain('a:building');
    expect(runtime.snapshot().services.map((s) => `${s.snapshot.name}:${s.snapshot.status}`)).toEqual([
      'a:defined',
      'b:defined',
      'c:defined',
      'd:defined',
    ]);
    expect(runtime.snapshot().services.find((s) => s.snapshot.name === 'c')?.snapshot.reason).toMatch(
      /^could not fetch ghcr.io\/x\/y:1/,
    );
    driver.missingImages.delete('ghcr.io/x/y:1');
    expect(await clock.run(runtime.fetchImages())).toMatchObject({
      ok: true,
      message: 'every image is already present',
    });
    runtime.close();
  });

  it('tells once when a service fails and when it recovers (desktop notifications, toasts)', async () => {
    const { clock, driver, runtime, events } = runtimeWith();
    await runtime.attach(stack('services:\n  job:\n    image: job\n    x-stackpilot: { retry: { attempts: 1 } }\n'));
    driver.behaviours.job = { exitAfter: 100, exitCode: 3 };
    await clock.run(runtime.up());
    driver.behaviours.job = {};
    await clock.run(runtime.start('job'));
    const notices = events.filter((e) => e.event === 'app:notice').map((e) => e.payload);
    expect(notices).toEqual([
      {
        level: 'error',
        title: 'job failed',
        body: expect.stringContaining('exited with code 3') as unknown,
        service: 'job',
      },
      { level: 'success', title: 'job recovered', body: expect.any(String) as unknown, service: 'job' },
    ]);
    runtime.close();
  });

  it('says what to do, for the OS, when no engine answers, and blocks Up', async () => {
    const clock = new FakeClock();
    const runtime = new StackSession(
      () => Promise.reject(new Error('no socket at /var/run/docker.sock')),
      clock,
      () => undefined,
      '/',
      'darwin',
    );
    await runtime.attach(stack('services:\n  a:\n    image: a\n'));
    const view = await runtime.preflight([]);
    expect(view.checks[0]).toMatchObject({
      id: 'engine',
      state: 'problem',
      detail: 'no socket at /var/run/docker.sock',
      hint: expect.stringContaining('Docker Desktop') as unknown,
    });
    expect(view.checks[3]).toMatchObject({ id: 'images', state: 'unknown' });
    expect(view.ready).toBe(false);
  });

  it("inspects a service's container with secret values held back until asked for", async () => {
    const { clock, runtime } = runtimeWith();
    await runtime.attach(
      stack(
        'x-stackpilot:\n  env:\n    SHOP_KEY_X: { secret: true, default: k }\nservices:\n  api:\n    image: a\n    user: "1000"\n    environment:\n      GREETING: hi\n      DB_PASSWORD: s3cret\n      SHOP_KEY_X: sk\n',
      ),
    );
    await expect(runtime.inspect('api')).rejects.toMatchObject({ code: 'not-running' });
    await clock.run(runtime.up());
    const found = await runtime.inspect('api');
    const view = inspectView(found.service, found.details, found.secrets);
    expect(view.container).toBe('t-api-1');
    expect(view.user).toBe('1000');
    expect(view.env.filter((e) => ['GREETING', 'DB_PASSWORD', 'SHOP_KEY_X'].includes(e.name))).toEqual([
      { name: 'DB_PASSWORD', secret: true },
      { name: 'GREETING', value: 'hi', secret: false },
      { name: 'SHOP_KEY_X', secret: true },
    ]);
    expect(JSON.stringify(view)).not.toContain('s3cret');
    expect(await runtime.revealEnv('api', 'DB_PASSWORD')).toBe('s3cret');
    await expect(runtime.revealEnv('api', 'NOPE')).rejects.toMatchObject({ code: 'unknown-variable' });
    await expect(runtime.inspect('nope')).rejects.toMatchObject({ code: 'unknown-service' });
    runtime.close();
  });

  it("sends each running service's use every 2 s, from the engine's stats streams", async () => {
    const { clock, driver, runtime, events } = runtimeWith();
    await runtime.attach(stack('services:\n  api:\n    image: a\n    scale: 2\n'));
    await clock.run(runtime.up());
    await clock.advance(2000);
    expect(driver.statsStreams.size).toBe(2);
    for (const push of driver.statsStreams.values())
      push({
        cpuPercent: 12.5,
        memoryBytes: 1000,
        memoryLimitBytes: 8000,
        netRxBytes: 1,
        netTxBytes: 1,
        blockReadBytes: 0,
        blockWriteBytes: 0,
        pids: 2,
      });
    await clock.advance(2000);
    const batches = events.filter((e) => e.event === 'stats:batch').map((e) => e.payload as EventMap['stats:batch']);
    expect(batches.at(-1)).toEqual([
      expect.objectContaining({
        service: 'api',
        cpuPercent: 25,
        memoryBytes: 2000,
        memoryLimitBytes: 8000,
        containers: 2,
      }),
    ]);
    runtime.close();
    expect(driver.statsStreams.size).toBe(0);
  });
});

describe('run history in the window', () => {
  it('keeps each Up, tells the window, and says who was slower than usual on its card and in a notice', async () => {
    const { clock, driver, runtime, events } = runtimeWith();
    await runtime.attach(
      stack('services:\n  db:\n    image: db\n    healthcheck: { test: ["CMD", "ok"], interval: 1s }\n'),
    );
    for (let i = 0; i < 5; i++) {
      driver.behaviours.db = { readyAfter: 300 };
      await clock.run(runtime.up());
      await clock.run(runtime.down());
    }
    expect(runtime.history().length).toBe(5);
    expect(events.filter((e) => e.event === 'app:notice')).toEqual([]);
    driver.behaviours.db = { readyAfter: 3000 };
    await clock.run(runtime.up());
    const recorded = events
      .filter((e) => e.event === 'history:recorded')
      .map((e) => e.payload as EventMap['history:recorded']);
    expect(recorded.length).toBe(6);
    expect(recorded[5]?.slower).toEqual([expect.objectContaining({ service: 'db', runs: 5 })]);
    const notice = events.filter((e) => e.event === 'app:notice').map((e) => e.payload as EventMap['app:notice']);
    expect(notice).toEqual([
      expect.objectContaining({ level: 'info', title: 'db was slower than usual', service: 'db' }),
    ]);
    expect(runtime.snapshot().services.find((s) => s.snapshot.name === 'db')?.slower).toMatchObject({
      service: 'db',
      runs: 5,
    });
    // The next run at its usual pace takes the flag away.
    await clock.run(runtime.down());
    driver.behaviours.db = { readyAfter: 300 };
    await clock.run(runtime.up());
    expect(runtime.snapshot().services.find((s) => s.snapshot.name === 'db')?.slower).toBeUndefined();
    expect(runtime.history().length).toBe(7);
    runtime.close();
  });
});

describe('an engine absent when the stack is opened', () => {
  it('is tried again, sooner then every 10 s, saying when; once it answers the stack is read and the checklist is green', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    let up = false;
    let tries = 0;
    const events: { event: EventChannel; payload: unknown }[] = [];
    const runtime = new StackSession(
      () => {
        tries++;
        return up ? Promise.resolve(driver) : Promise.reject(new Error('connect ENOENT /var/run/docker.sock'));
      },
      clock,
      windowEvents(<E extends EventChannel>(event: E, payload: EventMap[E]) => events.push({ event, payload })),
      '/',
    );
    await runtime.attach(stack('services:\n  a:\n    image: a\n'));
    expect((await runtime.preflight([])).checks[0]).toMatchObject({ id: 'engine', state: 'problem' });
    const status = () =>
      events.filter((e) => e.event === 'engine:status').map((e) => e.payload as EventMap['engine:status']);
    expect(status().at(-1)).toMatchObject({ state: 'unreachable', attempt: 1, nextRetryAt: clock.now() + 1000 });
    await clock.advance(1000 + 2000 + 4000);
    expect(status().at(-1)).toMatchObject({ state: 'unreachable', attempt: 4, nextRetryAt: clock.now() + 8000 });
    await clock.advance(8000);
    expect(status().at(-1)).toMatchObject({ state: 'unreachable', attempt: 5, nextRetryAt: clock.now() + 10_000 });
    up = true;
    await clock.advance(10_000);
    expect(status().at(-1)).toMatchObject({ state: 'connected' });
    expect((await runtime.preflight([])).checks[0]).toMatchObject({ id: 'engine', state: 'ok' });
    // Connected: no more tries.
    const before = tries;
    await clock.advance(60_000);
    expect(tries).toBe(before);
    runtime.close();
  });
});

describe("the session's own events", () => {
  it('tells a service in the orchestrator’s types, with what the session adds, and never in a face’s shapes', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const told: { event: string; payload: unknown }[] = [];
    const session = new StackSession(
      () => Promise.resolve(driver),
      clock,
      (event, payload) => told.push({ event, payload }),
      '/',
    );
    await session.attach(stack('services:\n  db:\n    image: db\n  api:\n    image: api\n    depends_on: [db]\n'));
    await clock.run(session.up());
    const reports = told.filter((e) => e.event === 'service:state').map((e) => e.payload as ServiceReport);
    const last = reports.filter((r) => r.snapshot.name === 'api').at(-1);
    expect(last?.snapshot).toMatchObject({ name: 'api', status: 'ready' });
    expect(last?.replicas).toBe(1);
    expect(last?.snapshot.timeline.length).toBeGreaterThan(0);
    // Log lines stay the orchestrator's entries; how many replicas each service runs is asked, not copied.
    const logs: LogBatch = session.logs({});
    expect(logs.replicas('api')).toBe(1);
    expect(told.find((e) => e.event === 'engine:status')?.payload).toMatchObject({ state: 'connected' });
    session.close();
  });
});
