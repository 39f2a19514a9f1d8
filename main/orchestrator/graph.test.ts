import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DependencyCycleError,
  buildGraph,
  dependentServices,
  findCycles,
  requiredServices,
  startLevels,
} from './graph';

const stack = (edges: Record<string, string[]>) =>
  buildGraph(
    Object.fromEntries(
      Object.entries(edges).map(([name, deps]) => [name, { dependsOn: Object.fromEntries(deps.map((d) => [d, {}])) }]),
    ),
  );

describe('dependency graph', () => {
  const demo = stack({
    db: [],
    cache: [],
    migrate: ['db'],
    api: ['db', 'cache', 'migrate'],
    web: ['api'],
    worker: ['api'],
    metrics: [],
  });

  it('orders services as levels', () => {
    expect(startLevels(demo)).toEqual([['cache', 'db', 'metrics'], ['migrate'], ['api'], ['web', 'worker']]);
  });

  it('finds what a service needs, and what needs it', () => {
    expect(requiredServices(demo, ['api'])).toEqual(['api', 'cache', 'db', 'migrate']);
    expect(dependentServices(demo, ['db'])).toEqual(['api', 'db', 'migrate', 'web', 'worker']);
  });

  it('levels only the services asked for, without gaps', () => {
    expect(startLevels(demo, new Set(['web', 'api', 'cache']))).toEqual([['cache'], ['api'], ['web']]);
  });

  it('names whole cycles', () => {
    expect(findCycles(stack({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(stack({ self: ['self'] }))).toEqual([['self', 'self']]);
    expect(findCycles(stack({ a: ['b'], b: ['a'], x: ['y'], y: ['x'] }))).toEqual([
      ['a', 'b', 'a'],
      ['x', 'y', 'x'],
    ]);
    expect(() => startLevels(stack({ a: ['b'], b: ['a'] }))).toThrow(new DependencyCycleError([['a', 'b', 'a']]));
  });

  it('ignores edges to unknown services (they are reported by the loader)', () => {
    expect(startLevels(stack({ a: ['ghost'] }))).toEqual([['a']]);
  });

  it('levels respect every dependency edge (property)', () => {
    // Random DAGs: service i may only depend on services with a smaller index.
    const dag = fc
      .integer({ min: 1, max: 40 })
      .chain((n) =>
        fc
          .tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j))))
          .map((deps) => Object.fromEntries(deps.map((d, i) => [`s${i}`, d.map((j) => `s${j}`)]))),
      );
    fc.assert(
      fc.property(dag, (edges) => {
        const graph = stack(edges);
        const levels = startLevels(graph);
        const levelOf = new Map(levels.flatMap((l, i) => l.map((n) => [n, i] as const)));
        expect(levels.flat().sort()).toEqual(Object.keys(edges).sort());
        for (const [name, deps] of Object.entries(edges)) {
          for (const d of deps) expect(levelOf.get(d)).toBeLessThan(levelOf.get(name) ?? -1);
          // Tight: each service sits right above its deepest dependency.
          const want = deps.length === 0 ? 0 : Math.max(...deps.map((d) => levelOf.get(d) ?? 0)) + 1;
          expect(levelOf.get(name)).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});
