/**
 * The dependency graph of a stack: who waits on whom, cycles, start order as levels (services that
 * can start together), and the services a given service needs. Pure and deterministic (names sorted).
 */

export interface DependencyGraph {
  /** Service names, sorted. */
  readonly nodes: readonly string[];
  /** service -> the services it depends on (sorted). Only edges between known nodes. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** service -> the services that depend on it (sorted). */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
}

export function buildGraph(
  services: Readonly<Record<string, { dependsOn: Readonly<Record<string, unknown>> }>>,
): DependencyGraph {
  const nodes = Object.keys(services).sort();
  const known = new Set(nodes);
  const dependencies = new Map<string, string[]>();
  const dependents = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const name of nodes) {
    const deps = Object.keys(services[name]?.dependsOn ?? {})
      .filter((d) => known.has(d))
      .sort();
    dependencies.set(name, deps);
    for (const d of deps) dependents.get(d)?.push(name);
  }
  for (const list of dependents.values()) list.sort();
  return { nodes, dependencies, dependents };
}

/** Every elementary cycle found by a depth-first search, each written `[a, b, c, a]`; one per strongly connected part. */
export function findCycles(graph: DependencyGraph): string[][] {
  // Depth-first with an explicit stack, not recursion: a chain of 12,000 services must not overflow.
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const position = new Map<string, number>();
  const cycles: string[][] = [];
  const inCycle = new Set<string>();
  for (const root of graph.nodes) {
    if (state.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    state.set(root, 'visiting');
    position.set(root, path.push(root) - 1);
    while (work.length > 0) {
      const top = work[work.length - 1] as { node: string; next: number };
      const deps = graph.dependencies.get(top.node) ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++] as string;
        const s = state.get(dep);
        if (s === 'visiting') {
          const cycle = path.slice(position.get(dep));
          if (!cycle.some((n) => inCycle.has(n))) {
            cycle.forEach((n) => inCycle.add(n));
            cycles.push([...cycle, dep]);
          }
        } else if (s === undefined) {
          state.set(dep, 'visiting');
          position.set(dep, path.push(dep) - 1);
          work.push({ node: dep, next: 0 });
        }
        continue;
      }
      work.pop();
      path.pop();
      position.delete(top.node);
      state.set(top.node, 'done');
    }
  }
  return cycles;
}

export class DependencyCycleError extends Error {
  override readonly name = 'DependencyCycleError';
  readonly code = 'dependency-cycle';
  constructor(readonly cycles: string[][]) {
    super(`dependency cycle: ${cycles.map((c) => c.join(' -> ')).join('; ')}`);
  }
}

/**
 * Start order as levels: level 0 depends on nothing; every service sits one level above its deepest
 * dependency, so each level can start once the previous ones are up. Throws on a cycle.
 */
export function startLevels(graph: DependencyGraph, only?: ReadonlySet<string>): string[][] {
  const cycles = findCycles(graph);
  if (cycles.length > 0) throw new DependencyCycleError(cycles);
  const depth = new Map<string, number>();
  // Iterative (no cycles remain): a node's depth once every dependency has one.
  const depthOf = (start: string): number => {
    const work = [start];
    while (work.length > 0) {
      const node = work[work.length - 1] as string;
      if (depth.has(node)) {
        work.pop();
        continue;
      }
      const deps = graph.dependencies.get(node) ?? [];
      const pending = deps.filter((d) => !depth.has(d));
      if (pending.length > 0) {
        work.push(...pending);
        continue;
      }
      depth.set(
        node,
        deps.reduce((d, dep) => Math.max(d, (depth.get(dep) ?? 0) + 1), 0),
      );
      work.pop();
    }
    return depth.get(start) ?? 0;
  };
  const levels: string[][] = [];
  for (const node of graph.nodes) {
    if (only && !only.has(node)) continue;
    const d = depthOf(node);
    (levels[d] ??= []).push(node);
  }
  // With `only`, some depths may be empty: drop the gaps.
  return levels.filter((l) => l.length > 0);
}

/** The services `targets` need, transitively, including the targets themselves; sorted. */
export function requiredServices(graph: DependencyGraph, targets: readonly string[]): string[] {
  return closure(graph.dependencies, targets);
}

/** The services that depend on `targets`, transitively, including the targets themselves; sorted. */
export function dependentServices(graph: DependencyGraph, targets: readonly string[]): string[] {
  return closure(graph.dependents, targets);
}

function closure(edges: ReadonlyMap<string, readonly string[]>, targets: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...targets];
  while (queue.length > 0) {
    const node = queue.pop() as string;
    if (seen.has(node)) continue;
    seen.add(node);
    queue.push(...(edges.get(node) ?? []));
  }
  return [...seen].sort();
}
