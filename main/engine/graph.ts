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

export function buildGraph(services: Readonly<Record<string, { dependsOn: Readonly<Record<string, unknown>> }>>): DependencyGraph {
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
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const inCycle = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const dep of graph.dependencies.get(node) ?? []) {
      const s = state.get(dep);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(dep));
        if (!cycle.some((n) => inCycle.has(n))) {
          cycle.forEach((n) => inCycle.add(n));
          cycles.push([...cycle, dep]);
        }
      } else if (s === undefined) visit(dep);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.nodes) if (!state.has(node)) visit(node);
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
  const depthOf = (node: string): number => {
    const known = depth.get(node);
    if (known !== undefined) return known;
    let d = 0;
    for (const dep of graph.dependencies.get(node) ?? []) d = Math.max(d, depthOf(dep) + 1);
    depth.set(node, d);
    return d;
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
