import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeDriver } from '../../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import type { Stack } from '../compose/model';
import { Orchestrator } from '../runtime/orchestrator';
import { RUNS_KEPT, RunHistory, historyFile, replicasIn } from './run-history';
import { runRecord } from './run-record';
import type { RunRecord, ServiceRun } from './run-record';
import { describeSlower, median, slowerThanUsual } from './slower-than-usual';

const dirs: string[] = [];
afterEach(() => {
  removeStacks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stackOf(yaml: string): Stack {
  const result = load(writeStack({ 'compose.yaml': `name: t\n${yaml}` }));
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  return result.stack;
}

const HC = `    healthcheck: { test: ["CMD", "check"], interval: 5s, retries: 30 }\n`;
const CHAIN = `services:
  db:
    image: db
${HC}  api:
    image: api
${HC}    depends_on: { db: { condition: service_healthy } }
    x-stackpilot: { retry: { attempts: 3, delay: 1s } }
  web:
    image: web
    depends_on: { api: { condition: service_healthy } }
`;

function setup(yaml = CHAIN) {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  const stack = stackOf(yaml);
  const runner = new Orchestrator(stack, { driver, clock });
  return { clock, driver, stack, runner };
}

describe('runRecord: one run from the services timelines', () => {
  it('keeps each service phases on the run axis, its time to ready and the critical path', async () => {
    const { clock, driver, stack, runner } = setup();
    driver.behaviours.db = { readyAfter: 1000, dockerHealthyAfter: 5000 };
    driver.behaviours.api = { readyAfter: 500, dockerHealthyAfter: 5000 };
    const t0 = clock.now();
    await clock.run(runner.up());
    const record = runRecord(stack, runner.snapshot(), {
      action: 'up',
      targets: [],
      startedAt: t0,
      endedAt: clock.now(),
      outcome: 'ready',
    });
    expect(record?.services.map((s) => s.service).sort()).toEqual(['api', 'db', 'web']);
    const of = (n: string): ServiceRun | undefined => record?.services.find((s) => s.service === n);
    const api = of('api');
    expect(api?.phases.map((p) => p.status)).toEqual(expect.arrayContaining(['waiting', 'starting', 'ready']));
    // Its own cost: from its container starting to ready, not the wait on db.
    expect(api?.readyMs).toBeGreaterThanOrEqual(500);
    expect(api?.readyMs).toBeLessThan(1500);
    expect(api?.startedAt).toBeGreaterThanOrEqual(of('db')?.readyAt ?? Infinity);
    // Phases follow each other without gaps and end with the run.
    for (const s of record?.services ?? []) {
      s.phases.forEach((p, i) => expect(p.from).toBe(i === 0 ? p.from : s.phases[i - 1]?.to));
      expect(s.phases.at(-1)?.to).toBe((record?.endedAt ?? 0) - t0);
    }
    expect(record?.criticalPath?.steps.map((s) => s.service)).toEqual(['db', 'api', 'web']);
  });

  it('counts a service_started hop only until the dependency started: the path never outlasts the run', async () => {
    const { clock, driver, stack, runner } = setup(`services:
  db:
    image: db
${HC}  api:
    image: api
${HC}    depends_on: { db: { condition: service_healthy } }
  web:
    image: web
${HC}    depends_on: { api: { condition: service_started } }
`);
    driver.behaviours.db = { readyAfter: 1000 };
    driver.behaviours.api = { readyAfter: 3000 };
    driver.behaviours.web = { readyAfter: 5000 };
    const t0 = clock.now();
    await clock.run(runner.up());
    const record = runRecord(stack, runner.snapshot(), {
      action: 'up',
      targets: [],
      startedAt: t0,
      endedAt: clock.now(),
      outcome: 'ready',
    });
    const path = record?.criticalPath;
    expect(path?.steps.map((s) => s.service)).toEqual(['db', 'api', 'web']);
    // web went as soon as api started: api's 3 s to ready overlap web's own 5 s and are not counted.
    expect(path?.steps[1]?.ms).toBeLessThan(1000);
    expect(path?.steps[2]?.ms).toBeGreaterThanOrEqual(5000);
    expect(path?.ms).toBeLessThanOrEqual((record?.endedAt ?? 0) - t0);
  });

  it('lists each failed attempt with its reason', async () => {
    const { clock, driver, stack, runner } = setup();
    driver.behaviours.db = { readyAfter: 100 };
    // api exits before it is ready, every time: three attempts, then failed.
    driver.behaviours.api = { readyAfter: 100_000, exitAfter: 200, exitCode: 3 };
    const t0 = clock.now();
    await clock.run(runner.up());
    const record = runRecord(stack, runner.snapshot(), {
      action: 'up',
      targets: [],
      startedAt: t0,
      endedAt: clock.now(),
      outcome: 'failed',
    });
    const api = record?.services.find((s) => s.service === 'api');
    expect(api?.status).toBe('failed');
    expect(api?.readyMs).toBeUndefined();
    expect(api?.attempts.length).toBe(3);
    expect(api?.attempts[0]?.reason).toMatch(/code 3/);
    expect(record?.services.find((s) => s.service === 'web')?.status).toBe('blocked');
  });

  it('has no record for a run that changed nothing, and leaves out what was up before it', async () => {
    const { clock, driver, stack, runner } = setup();
    driver.behaviours.db = { readyAfter: 100 };
    driver.behaviours.api = { readyAfter: 100 };
    await clock.run(runner.up());
    await clock.advance(10_000);
    const t1 = clock.now();
    await clock.run(runner.up());
    expect(
      runRecord(stack, runner.snapshot(), {
        action: 'up',
        targets: [],
        startedAt: t1,
        endedAt: clock.now(),
        outcome: 'ready',
      }),
    ).toBeUndefined();
    const t2 = clock.now();
    await clock.run(runner.restart('web'));
    const record = runRecord(stack, runner.snapshot(), {
      action: 'start',
      targets: ['web'],
      startedAt: t2,
      endedAt: clock.now(),
      outcome: 'ready',
    });
    expect(record?.services.map((s) => s.service)).toEqual(['web']);
    expect(record?.criticalPath?.steps.map((s) => s.service)).toEqual(['web']);
  });
});

const run = (startedAt: number, times: Record<string, number | undefined>): RunRecord => ({
  id: `${startedAt}-up`,
  action: 'up',
  targets: [],
  startedAt,
  endedAt: startedAt + 1000,
  outcome: 'ready',
  services: Object.entries(times).map(([service, readyMs]) => ({
    service,
    status: 'ready',
    reason: '',
    replicas: 1,
    attempts: [],
    phases: [],
    ...(readyMs !== undefined ? { readyMs } : {}),
  })),
});

describe('slowerThanUsual', () => {
  const earlier = [1000, 1100, 900, 1000, 1200].map((ms, i) => run(i * 10_000, { api: ms, db: 400 }));

  it('fires above 1.5x the median of at least 5 earlier runs, with both figures', () => {
    const now = run(100_000, { api: 1600, db: 500 });
    expect(slowerThanUsual(now, earlier)).toEqual([{ service: 'api', ms: 1600, usualMs: 1000, runs: 5 }]);
    expect(describeSlower({ service: 'api', ms: 1600, usualMs: 1000, runs: 5 })).toBe(
      'api took 1.6 s to be ready, usually 1.0 s (median of the last 5 runs)',
    );
  });

  it('is quiet at 1.5x or below, with fewer than 5 runs, and for a few ms on an instant service', () => {
    expect(slowerThanUsual(run(100_000, { api: 1500 }), earlier)).toEqual([]);
    expect(slowerThanUsual(run(100_000, { api: 5000 }), earlier.slice(1))).toEqual([]);
    const instant = [20, 20, 20, 20, 20].map((ms, i) => run(i, { tiny: ms }));
    expect(slowerThanUsual(run(100_000, { tiny: 60 }), instant)).toEqual([]);
  });

  it('counts only runs in which the service became ready, and never the run itself', () => {
    const mixed = [...earlier, run(60_000, { api: undefined })];
    const now = run(100_000, { api: 2000 });
    expect(slowerThanUsual(now, [...mixed, now])[0]?.runs).toBe(5);
  });

  it('takes the median, not the mean', () => {
    expect(median([1, 100, 2])).toBe(2);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
});

describe('RunHistory (files)', () => {
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'stackpilot-history-'));
    dirs.push(d);
    return d;
  };

  it('keeps runs across instances, one file per project folder', () => {
    const dir = tempDir();
    const file = historyFile(dir, 'shop', '/src/shop');
    expect(historyFile(dir, 'shop', '/src/other-checkout/shop')).not.toBe(file);
    new RunHistory(file).add(run(1, { api: 10 }));
    new RunHistory(file).add(run(2, { api: 20 }));
    expect(new RunHistory(file).list().map((r) => r.startedAt)).toEqual([1, 2]);
  });

  it(`keeps the newest ${RUNS_KEPT}`, () => {
    const file = historyFile(tempDir(), 'p', '/p');
    const history = new RunHistory(file);
    for (let i = 0; i < RUNS_KEPT + 7; i++) history.add(run(i, { api: i }));
    const runs = history.list();
    expect(runs.length).toBe(RUNS_KEPT);
    expect(runs[0]?.startedAt).toBe(7);
    expect(readFileSync(file, 'utf8').trim().split('\n').length).toBe(RUNS_KEPT);
  });

  it('skips a line cut short by a crash and anything that is not a run', () => {
    const file = historyFile(tempDir(), 'p', '/p');
    const history = new RunHistory(file);
    history.add(run(1, { api: 1 }));
    appendFileSync(file, '{"id":"2-up","startedAt":2,"ser');
    appendFileSync(file, '\n{"not":"a run"}\n');
    history.add(run(3, { api: 3 }));
    expect(history.list().map((r) => r.startedAt)).toEqual([1, 3]);
  });

  it('is empty, not an error, without a file; and says when it cannot write', () => {
    const dir = tempDir();
    expect(new RunHistory(join(dir, 'none.jsonl')).list()).toEqual([]);
    writeFileSync(join(dir, 'file'), '');
    expect(new RunHistory(join(dir, 'file', 'under-a-file.jsonl')).add(run(1, {}))).toBe(false);
  });
});

describe('runRecord with replicas', () => {
  it('keeps each replica its own phases and time to ready, beside the service as a whole', async () => {
    const { clock, driver, stack, runner } = setup(`services:
  api:
    image: api
${HC}    deploy: { replicas: 2 }
`);
    driver.behaviours['t-api-1'] = { readyAfter: 300 };
    driver.behaviours['t-api-2'] = { readyAfter: 2000 };
    const t0 = clock.now();
    await clock.run(runner.up());
    const record = runRecord(
      stack,
      runner.snapshot(),
      { action: 'up', targets: [], startedAt: t0, endedAt: clock.now(), outcome: 'ready' },
      (n) => runner.replicaCount(n),
      replicasIn(runner),
    );
    const api = record?.services[0];
    expect(api?.replicas).toBe(2);
    expect(api?.replicaRuns?.map((r) => r.replica)).toEqual([1, 2]);
    const [one, two] = api?.replicaRuns ?? [];
    expect(one?.readyMs).toBeLessThan(1000);
    expect(two?.readyMs).toBeGreaterThanOrEqual(2000);
    expect(two?.phases.at(-1)?.status).toBe('ready');
  });
});
