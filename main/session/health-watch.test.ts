import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, flush } from '../../test/support/fake-clock';
import { load, removeStacks, writeStack } from '../../test/support/stack-dir';
import type { ContainerDriver, ContainerInfo } from '../orchestrator/driver';
import { initialSnapshot } from '../orchestrator/runtime/service-state';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import { HealthWatch } from './health-watch';

afterEach(removeStacks);

const STACK = `name: t
services:
  db:
    image: db
    healthcheck: { test: ["CMD", "pg_isready"], interval: 5s }
  api:
    image: api
    depends_on: { db: { condition: service_healthy } }
`;

describe('HealthWatch: the engine health log of what is starting', () => {
  it('reads it while the service starts, tells each change once, and stops reading when nothing starts', async () => {
    const result = load(writeStack({ 'compose.yaml': STACK }));
    if (!result.stack) throw new Error('no stack');
    const clock = new FakeClock();
    let log: ContainerInfo['healthLog'] = [];
    const inspected: string[] = [];
    const driver = {
      inspectContainer: (id: string) => {
        inspected.push(id);
        return Promise.resolve({
          id,
          name: 't-db-1',
          state: 'running',
          health: 'starting',
          healthLog: log,
          oomKilled: false,
          restartCount: 0,
          image: 'db',
          labels: {},
          startedAt: 1_000_000,
        } satisfies ContainerInfo);
      },
    } as unknown as ContainerDriver;
    let db: ServiceSnapshot = { ...initialSnapshot('db', 't-db-1', 0), status: 'starting', containerId: 'c1' };
    const api: ServiceSnapshot = {
      ...initialSnapshot('api', 't-api-1', 0),
      status: 'waiting',
      why: { code: 'waiting', on: [{ service: 'db', condition: 'service_healthy', detail: '' }] },
    };
    const told: string[] = [];
    const watch = new HealthWatch(
      driver,
      clock,
      result.stack,
      false,
      () => [db, api],
      (name) => told.push(name),
    );
    watch.poke(db);
    await flush();
    expect(watch.of(db)).toEqual({ status: 'starting', log: [], failingStreak: 0, nextProbeAt: 1_005_000 });
    log = [{ at: 1_005_000, exitCode: 2, output: 'no response\n' }];
    await clock.advance(1000);
    await flush();
    expect(watch.of(db)?.log).toEqual([{ at: 1_005_000, exitCode: 2, output: 'no response' }]);
    expect(watch.of(db)?.nextProbeAt).toBe(1_010_000);
    await clock.advance(1000);
    await flush();
    expect(told).toEqual(['db', 'db']);
    // Ready: nothing more to read; the last report stays with its container, not with a new one.
    db = { ...db, status: 'ready' };
    const reads = inspected.length;
    await clock.advance(5000);
    await flush();
    expect(inspected.length).toBe(reads);
    expect(watch.of(db)?.failingStreak).toBe(1);
    expect(watch.of({ ...db, containerId: 'c2' })).toBeUndefined();
    watch.close();
  });
});
