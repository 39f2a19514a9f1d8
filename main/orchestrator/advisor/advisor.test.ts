import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import type { Stack } from '../compose/model';
import type { RunRecord } from '../history/run-record';
import { lineDiff, overrideFileOf, planOverride } from './advisor-override';
import { adviseHealthchecks } from './healthcheck-advisor';

afterEach(removeStacks);

const COMPOSE = `name: adv
services:
  db:
    image: db
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
      interval: 30s
  api:
    image: api
    depends_on:
      db: { condition: service_healthy }
  worker:
    image: worker
    depends_on: [db]
  cache:
    image: cache
    healthcheck: { test: ["CMD", "true"], interval: 1s }
  search:
    image: search
    healthcheck: { test: ["CMD", "check"], interval: 1s, retries: 3 }
`;

function stackIn(files: Record<string, string>): { stack: Stack; dir: string } {
  const dir = writeStack(files);
  const result = load(dir);
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  return { stack: result.stack, dir };
}

const runs = (times: Record<string, number>, n = 5): RunRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${i}`,
    action: 'up',
    targets: [],
    startedAt: i * 1000,
    endedAt: i * 1000 + 10,
    outcome: 'ready',
    services: Object.entries(times).map(([service, ms]) => ({
      service,
      status: 'ready',
      reason: '',
      replicas: 1,
      readyMs: ms + i * 10,
      attempts: [],
      phases: [],
    })),
  }));

describe('the healthcheck advisor', () => {
  it('finds the late first probe, with what it costs each dependent, measured, and the fix for an engine without start_interval', () => {
    const { stack, dir } = stackIn({ 'compose.yaml': COMPOSE });
    const findings = adviseHealthchecks(stack, runs({ db: 1200, search: 4000 }), { startIntervalApplies: false });
    const late = findings.find((f) => f.code === 'late-first-probe');
    expect(late?.service).toBe('db');
    expect(late?.message).toBe(
      "db's first health probe comes 30.0 s after it starts (interval 30s, no start_interval), but it is ready in 1.2 s (the median of its last 5 runs): under docker compose each service waiting for it healthy (api) starts 28.8 s late.",
    );
    expect(late?.where).toMatchObject({ file: join(dir, 'compose.yaml'), line: 7 });
    // Steady-state probes each second, the same 90 s before it is called unhealthy.
    expect(late?.fix).toEqual({ healthcheck: { interval: '1s', retries: 90 } });
  });

  it('prefers start_period with start_interval where the engine honours it (the interval after start is kept)', () => {
    const { stack } = stackIn({ 'compose.yaml': COMPOSE });
    const late = adviseHealthchecks(stack, runs({ db: 1200 }), { startIntervalApplies: true }).find(
      (f) => f.code === 'late-first-probe',
    );
    expect(late?.fix).toEqual({ healthcheck: { start_period: '10s', start_interval: '1s' } });
  });

  it('without history, says what it costs at most', () => {
    const { stack } = stackIn({ 'compose.yaml': COMPOSE });
    expect(
      adviseHealthchecks(stack, [], { startIntervalApplies: false }).find((f) => f.code === 'late-first-probe')
        ?.message,
    ).toMatch(/starts up to 30\.0 s late\.$/);
  });

  it('finds a service_started dependency on a service with a health check (a race), and fixes the condition', () => {
    const { stack } = stackIn({ 'compose.yaml': COMPOSE });
    const race = adviseHealthchecks(stack, [], { startIntervalApplies: false }).find(
      (f) => f.code === 'started-not-healthy',
    );
    expect(race).toMatchObject({ service: 'worker', fix: { depends_on: { db: { condition: 'service_healthy' } } } });
    expect(race?.where?.line).toBe(14);
  });

  it('finds retries × interval shorter than a slow day, from history', () => {
    const { stack } = stackIn({ 'compose.yaml': COMPOSE });
    const short = adviseHealthchecks(stack, runs({ search: 2500 }), { startIntervalApplies: false }).find(
      (f) => f.code === 'short-unhealthy-window',
    );
    expect(short?.service).toBe('search');
    expect(short?.message).toBe(
      'search is marked unhealthy after 3.0 s (3 retries × 1s), but it has needed up to 2.5 s to be ready: on a slow day it fails for no fault of its own.',
    );
    expect(short?.fix).toEqual({ healthcheck: { start_period: '8s' } });
  });

  it('flags a health check that only proves the process is alive, with advice and no fix', () => {
    const { stack } = stackIn({ 'compose.yaml': COMPOSE });
    const alive = adviseHealthchecks(stack, [], { startIntervalApplies: false }).find(
      (f) => f.code === 'liveness-only',
    );
    expect(alive?.service).toBe('cache');
    expect(alive?.fix).toBeUndefined();
    expect(alive?.hint).toMatch(/pg_isready/);
  });

  it('says nothing of a stack that starts fast', () => {
    const { stack } = stackIn({
      'compose.yaml':
        'services:\n  db:\n    image: db\n    healthcheck: { test: ["CMD", "pg_isready"], interval: 2s }\n  api:\n    image: api\n    depends_on: { db: { condition: service_healthy } }\n',
    });
    expect(adviseHealthchecks(stack, runs({ db: 500 }), { startIntervalApplies: false })).toEqual([]);
  });
});

describe('the override it writes', () => {
  it('is a new compose.override.yaml with every fix, and its diff is all added lines', () => {
    const { stack, dir } = stackIn({ 'compose.yaml': COMPOSE });
    const plan = planOverride(stack, adviseHealthchecks(stack, runs({ db: 1200 }), { startIntervalApplies: false }));
    expect(plan?.file).toBe(join(dir, 'compose.override.yaml'));
    expect(plan?.before).toBeUndefined();
    expect(plan?.after)
      .toBe(`# Written by Stackpilot's healthcheck advisor: each service ready soon after it is, under docker compose too.

services:
  db:
    healthcheck:
      interval: 1s
      retries: 90
  worker:
    depends_on:
      db:
        condition: service_healthy
`);
    expect(plan?.diff.every((l) => l.kind === '+')).toBe(true);
    expect(plan?.fixes.map((f) => f.code).sort()).toEqual(['late-first-probe', 'started-not-healthy']);
  });

  it('merges into an override already there, keeping its comments and other keys', () => {
    const { stack, dir } = stackIn({
      'compose.yaml': COMPOSE,
      'compose.override.yaml': '# local ports\nservices:\n  db:\n    ports: ["5432:5432"] # for psql\n',
    });
    expect(overrideFileOf(stack)).toBe(join(dir, 'compose.override.yaml'));
    const plan = planOverride(stack, adviseHealthchecks(stack, runs({ db: 1200 }), { startIntervalApplies: false }));
    expect(plan?.after).toContain('# local ports');
    expect(plan?.after).toContain('ports: ["5432:5432"] # for psql');
    expect(plan?.diff.filter((l) => l.kind === '-')).toEqual([]);
    expect(plan?.diff.filter((l) => l.kind === '+').map((l) => l.text.trim())).toEqual([
      'healthcheck:',
      'interval: 1s',
      'retries: 90',
      'worker:',
      'depends_on:',
      'db:',
      'condition: service_healthy',
    ]);
    // Loaded with its override, the stack now asks for what the advisor wrote.
    writeFileSync(join(dir, 'compose.override.yaml'), plan?.after ?? '');
    const again = load(dir).stack;
    expect(again?.services.db?.healthcheck?.interval).toBe(1000);
    expect(again?.services.worker?.dependsOn.db?.condition).toBe('service_healthy');
    expect(
      again && adviseHealthchecks(again, runs({ db: 1200 }), { startIntervalApplies: false }).filter((f) => f.fix),
    ).toEqual([]);
  });

  it('diffs lines: kept, removed, added', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nc\nd\n')).toEqual([
      { kind: ' ', text: 'a' },
      { kind: '-', text: 'b' },
      { kind: ' ', text: 'c' },
      { kind: '+', text: 'd' },
    ]);
  });
});
