import { describe, expect, it } from 'vitest';
import type { ServiceView, StackView } from '../../../preload/contract';
import { NODE, conditionMet, layoutGraph } from './layout';

const svc = (name: string, deps: [string, ServiceView['dependsOn'][number]['condition']][] = []): ServiceView => ({
  name,
  level: 1,
  dependsOn: deps.map(([service, condition]) => ({ service, condition, required: true, restart: false })),
  dependents: [],
  ports: [],
  readiness: 'running',
  profiles: [],
  watch: [],
});

const stack = (services: ServiceView[]): StackView => ({
  name: 's',
  projectDir: '/p',
  files: [],
  services,
  levels: [],
  inactiveServices: [],
  profiles: [],
  variables: [],
  warnings: [],
});

describe('dependency graph layout', () => {
  const chain = stack([svc('db'), svc('api', [['db', 'service_healthy']]), svc('web', [['api', 'service_started']])]);

  it('puts dependencies left of what waits on them, without overlapping nodes', () => {
    const g = layoutGraph(chain, () => undefined);
    const x = Object.fromEntries(g.nodes.map((n) => [n.name, n.x]));
    expect(x.db).toBeLessThan(x.api ?? 0);
    expect(x.api).toBeLessThan(x.web ?? 0);
    expect(g.width).toBeGreaterThanOrEqual(3 * NODE.width);
    expect(g.edges.map((e) => `${e.from}->${e.to}:${e.condition}`)).toEqual([
      'db->api:service_healthy',
      'api->web:service_started',
    ]);
    for (const e of g.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it('marks the edges a waiting service is waiting on', () => {
    const states: Record<string, 'starting' | 'waiting'> = { db: 'starting', api: 'waiting', web: 'waiting' };
    const g = layoutGraph(chain, (n) => states[n]);
    expect(g.edges.map((e) => e.waiting)).toEqual([true, true]);
    expect(conditionMet('service_started', 'starting')).toBe(true);
    expect(conditionMet('service_healthy', 'starting')).toBe(false);
    expect(conditionMet('service_completed_successfully', 'completed')).toBe(true);
  });
});
