import { describe, expect, it } from 'vitest';
import type { ServiceStateView, ServiceStatsView, ServiceView, StackView } from '../../../preload/contract';
import { isFailing, stepRow, tableGroups } from './table-model';
import type { TableQuery } from './table-model';

const service = (name: string, level: number, group?: string, image = 'busybox'): ServiceView => ({
  name,
  level,
  group,
  image,
  dependsOn: [],
  dependents: [],
  ports: [],
  readiness: 'running',
  profiles: [],
  watch: [],
});
const stack: StackView = {
  name: 't',
  projectDir: '/p',
  files: ['/p/compose.yaml'],
  services: [
    service('db', 1, 'infra', 'postgres'),
    service('cache', 1, 'infra', 'redis'),
    service('api', 2, 'app'),
    service('web', 3, 'app'),
    service('worker', 3, 'app'),
  ],
  levels: [['cache', 'db'], ['api'], ['web', 'worker']],
  inactiveServices: [],
  profiles: [],
  variables: [],
  warnings: [],
};
const state = (
  name: string,
  status: ServiceStateView['status'],
  extra: Partial<ServiceStateView> = {},
): ServiceStateView => ({
  name,
  status,
  reason: status === 'failed' ? 'exited with code 3' : status,
  why: { code: status },
  since: 0,
  containerName: `t-${name}-1`,
  outdated: false,
  lastLines: [],
  restarts: 0,
  timeline: [],
  replicaCount: 1,
  ...extra,
});
const stats = (service: string, cpuPercent: number, memoryBytes: number): ServiceStatsView => ({
  service,
  at: 1,
  cpuPercent,
  memoryBytes,
  memoryLimitBytes: 1e9,
  netRxBytes: 0,
  netTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 1,
  containers: 1,
});
const query = (q: Partial<TableQuery> = {}): TableQuery => ({
  groupBy: 'group',
  text: '',
  onlyFailing: false,
  sort: null,
  ...q,
});
const names = (groups: ReturnType<typeof tableGroups>): string[][] =>
  groups.map((g) => [g.title, ...g.services.map((s) => s.name)]);

describe('the service table model', () => {
  const states = {
    db: state('db', 'ready', { startedAt: 0, restarts: 2 }),
    cache: state('cache', 'failed'),
    api: state('api', 'blocked'),
    web: state('web', 'ready', { startedAt: 500 }),
    worker: state('worker', 'waiting'),
  };

  it('groups as the stack says, in start order', () => {
    expect(names(tableGroups(stack, {}, {}, query(), 0))).toEqual([
      ['infra', 'cache', 'db'],
      ['app', 'api', 'web', 'worker'],
    ]);
    expect(names(tableGroups(stack, {}, {}, query({ groupBy: 'level' }), 0)).map((g) => g.length)).toEqual([3, 2, 3]);
  });

  it('filters by every word, over name, image, state and reason, and drops empty groups', () => {
    expect(names(tableGroups(stack, states, {}, query({ text: 'postgres' }), 0))).toEqual([['infra', 'db']]);
    expect(names(tableGroups(stack, states, {}, query({ text: 'code 3' }), 0))).toEqual([['infra', 'cache']]);
    expect(names(tableGroups(stack, states, {}, query({ text: 'APP ready' }), 0))).toEqual([['app', 'web']]);
    expect(tableGroups(stack, states, {}, query({ text: 'nothing-like-it' }), 0)).toEqual([]);
  });

  it('"only failing" keeps failed, blocked, unhealthy, backing-off and open-circuit services', () => {
    expect(names(tableGroups(stack, states, {}, query({ onlyFailing: true }), 0))).toEqual([
      ['infra', 'cache'],
      ['app', 'api'],
    ]);
    expect(isFailing(state('x', 'ready', { circuit: 'open' }))).toBe(true);
    expect(isFailing(undefined)).toBe(false);
  });

  it('sorts within each group by the chosen column, ties kept in start order', () => {
    const usage = {
      db: stats('db', 5, 100),
      cache: stats('cache', 50, 10),
      api: stats('api', 1, 300),
      web: stats('web', 1, 200),
    };
    expect(names(tableGroups(stack, states, usage, query({ sort: { key: 'cpu', descending: true } }), 1000))).toEqual([
      ['infra', 'cache', 'db'],
      ['app', 'api', 'web', 'worker'],
    ]);
    expect(
      names(tableGroups(stack, states, usage, query({ sort: { key: 'memory', descending: true } }), 1000))[1],
    ).toEqual(['app', 'api', 'web', 'worker']);
    expect(
      names(tableGroups(stack, states, usage, query({ sort: { key: 'state', descending: false } }), 1000))[1],
    ).toEqual(['app', 'api', 'worker', 'web']);
    expect(
      names(tableGroups(stack, states, usage, query({ sort: { key: 'uptime', descending: true } }), 1000))[0],
    ).toEqual(['infra', 'db', 'cache']);
    expect(
      names(tableGroups(stack, states, usage, query({ sort: { key: 'name', descending: true } }), 1000))[1],
    ).toEqual(['app', 'worker', 'web', 'api']);
    expect(
      names(tableGroups(stack, states, usage, query({ sort: { key: 'restarts', descending: true } }), 1000))[0],
    ).toEqual(['infra', 'db', 'cache']);
  });

  it('steps through rows with the arrow keys, stopping at the ends', () => {
    const order = ['a', 'b', 'c'];
    expect(stepRow(order, null, 1)).toBe('a');
    expect(stepRow(order, null, -1)).toBe('c');
    expect(stepRow(order, 'a', 1)).toBe('b');
    expect(stepRow(order, 'c', 1)).toBe('c');
    expect(stepRow(order, 'a', -1)).toBe('a');
    expect(stepRow(order, 'gone', 1)).toBe('a');
    expect(stepRow([], 'a', 1)).toBeNull();
  });
});
