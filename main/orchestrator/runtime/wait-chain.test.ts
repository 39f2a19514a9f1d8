import { describe, expect, it } from 'vitest';
import { initialSnapshot } from './service-state';
import type { ServiceSnapshot } from './service-state';
import type { Reason } from './reasons';
import { waitChain } from './wait-chain';
import { healthReport } from './health-report';
import type { Healthcheck } from '../compose/model';
import type { ContainerInfo } from '../driver';

const snap = (name: string, status: ServiceSnapshot['status'], why: Reason, reason = ''): ServiceSnapshot => ({
  ...initialSnapshot(name, `p-${name}-1`, 0),
  status,
  why,
  reason,
});
const waiting = (
  name: string,
  ...on: [string, 'service_started' | 'service_healthy' | 'service_completed_successfully'][]
): ServiceSnapshot =>
  snap(
    name,
    'waiting',
    { code: 'waiting', on: on.map(([service, condition]) => ({ service, condition, detail: '' })) },
    'waiting',
  );

describe('the wait chain', () => {
  it('follows each hop to what is actually slow, and ends with its state and reason', () => {
    const all = new Map<string, ServiceSnapshot>([
      ['api', waiting('api', ['cache', 'service_started'], ['migrate', 'service_completed_successfully'])],
      ['cache', snap('cache', 'ready', { code: 'running' }, 'running')],
      ['migrate', waiting('migrate', ['db', 'service_healthy'])],
      [
        'db',
        snap(
          'db',
          'starting',
          { code: 'running-waiting', until: 'the health check' },
          'running; waiting for the health check',
        ),
      ],
    ]);
    expect(waitChain(all.get('api')!, (n) => all.get(n))).toEqual([
      'api waits for migrate (completed)',
      'migrate waits for db (healthy)',
      'db: starting — running; waiting for the health check',
    ]);
    expect(waitChain(all.get('db')!, (n) => all.get(n))).toEqual([]);
  });

  it('stops at a loop or an unknown service rather than going round', () => {
    const all = new Map<string, ServiceSnapshot>([
      ['a', waiting('a', ['b', 'service_started'])],
      ['b', waiting('b', ['a', 'service_started'])],
    ]);
    expect(waitChain(all.get('a')!, (n) => all.get(n))).toEqual(['a waits for b (started)', 'b waits for a (started)']);
    expect(waitChain(waiting('x', ['gone', 'service_started']), () => undefined)).toEqual([
      'x waits for gone (started)',
    ]);
  });
});

describe('healthReport: the engine health log behind a wait', () => {
  const info = (over: Partial<ContainerInfo>): ContainerInfo => ({
    id: 'c',
    name: 't-db-1',
    state: 'running',
    oomKilled: false,
    restartCount: 0,
    image: 'db',
    labels: {},
    startedAt: 10_000,
    ...over,
  });
  const hc: Healthcheck = { test: ['CMD', 'pg_isready'], interval: 5000, disable: false };

  it('keeps each probe with its exit code and output, counts the failures in a row, and says when the engine probes next', () => {
    const r = healthReport(
      info({
        health: 'starting',
        healthLog: [
          { at: 15_000, exitCode: 0, output: 'ok\n' },
          { at: 20_000, exitCode: 1, output: 'pg_isready: no response\n' },
          { at: 25_000, exitCode: 1, output: 'pg_isready: no response\n' },
        ],
      }),
      hc,
      true,
    );
    expect(r).toEqual({
      status: 'starting',
      log: [
        { at: 15_000, exitCode: 0, output: 'ok' },
        { at: 20_000, exitCode: 1, output: 'pg_isready: no response' },
        { at: 25_000, exitCode: 1, output: 'pg_isready: no response' },
      ],
      failingStreak: 2,
      nextProbeAt: 30_000,
    });
  });

  it('counts the first probe from the start, at start_interval inside start_period where the engine honours it', () => {
    const quick: Healthcheck = { ...hc, startPeriod: 60_000, startInterval: 1000 };
    expect(healthReport(info({ health: 'starting' }), quick, true).nextProbeAt).toBe(11_000);
    expect(healthReport(info({ health: 'starting' }), quick, false).nextProbeAt).toBe(15_000);
    expect(healthReport(info({ health: 'starting' }), { ...hc, interval: undefined }, true).nextProbeAt).toBe(40_000);
  });

  it('has no next probe once healthy or stopped', () => {
    expect(healthReport(info({ health: 'healthy' }), hc, true).nextProbeAt).toBeUndefined();
    expect(healthReport(info({ state: 'exited', health: 'unhealthy' }), hc, true).nextProbeAt).toBeUndefined();
  });
});
