import { describe, expect, it } from 'vitest';
import { initialSnapshot } from './service-state';
import type { ServiceSnapshot } from './service-state';
import type { Reason } from './reasons';
import { waitChain } from './wait-chain';

const snap = (name: string, status: ServiceSnapshot['status'], why: Reason, reason = ''): ServiceSnapshot => ({ ...initialSnapshot(name, `p-${name}-1`, 0), status, why, reason });
const waiting = (name: string, ...on: [string, 'service_started' | 'service_healthy' | 'service_completed_successfully'][]): ServiceSnapshot =>
  snap(name, 'waiting', { code: 'waiting', on: on.map(([service, condition]) => ({ service, condition, detail: '' })) }, 'waiting');

describe('the wait chain', () => {
  it('follows each hop to what is actually slow, and ends with its state and reason', () => {
    const all = new Map<string, ServiceSnapshot>([
      ['api', waiting('api', ['cache', 'service_started'], ['migrate', 'service_completed_successfully'])],
      ['cache', snap('cache', 'ready', { code: 'running' }, 'running')],
      ['migrate', waiting('migrate', ['db', 'service_healthy'])],
      ['db', snap('db', 'starting', { code: 'running-waiting', until: 'the health check' }, 'running; waiting for the health check')],
    ]);
    expect(waitChain(all.get('api')!, (n) => all.get(n))).toEqual(['api waits for migrate (completed)', 'migrate waits for db (healthy)', 'db: starting — running; waiting for the health check']);
    expect(waitChain(all.get('db')!, (n) => all.get(n))).toEqual([]);
  });

  it('stops at a loop or an unknown service rather than going round', () => {
    const all = new Map<string, ServiceSnapshot>([
      ['a', waiting('a', ['b', 'service_started'])],
      ['b', waiting('b', ['a', 'service_started'])],
    ]);
    expect(waitChain(all.get('a')!, (n) => all.get(n))).toEqual(['a waits for b (started)', 'b waits for a (started)']);
    expect(waitChain(waiting('x', ['gone', 'service_started']), () => undefined)).toEqual(['x waits for gone (started)']);
  });
});
