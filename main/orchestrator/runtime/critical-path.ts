import type { DependencyCondition, Stack } from '../compose/model';
import type { ServiceSnapshot } from './service-state';

export interface CriticalStep {
  service: string;
  /**
   * What this step added: from the moment the step before it let it go (its own start request, for
   * the first) to the moment it let the next one go (ready, completed, or started for a dependent
   * that waits on service_started), so the steps add up to the chain's time and never overlap.
   */
  ms: number;
}

export interface CriticalPath {
  steps: CriticalStep[];
  /** The sum of the steps: no orchestrator can bring this chain up faster on this engine. */
  ms: number;
}

function settledAt(s: ServiceSnapshot | undefined): number | undefined {
  if (!s) return undefined;
  if (s.status === 'ready') return s.readyAt;
  if (s.status === 'completed') return s.since;
  return undefined;
}

/** When the dependency met the condition its dependent waited on. */
function metAt(dep: ServiceSnapshot, condition: DependencyCondition): number | undefined {
  if (condition === 'service_started') return dep.startedAt ?? settledAt(dep);
  return settledAt(dep);
}

/**
 * The chain that decided how long a start took: from the last service to be ready, back through the
 * dependency whose condition was met last, to a service that waited on nothing.
 */
export function criticalPath(stack: Stack, snapshots: readonly ServiceSnapshot[]): CriticalPath | undefined {
  const byName = new Map(snapshots.map((s) => [s.name, s]));
  const settled = snapshots.filter((s) => settledAt(s) !== undefined && s.startRequestedAt !== undefined);
  // Latest to settle first; on a tie, the one started later (a dependent ready the moment it runs).
  let current = settled.sort(
    (a, b) => (settledAt(b) ?? 0) - (settledAt(a) ?? 0) || (b.startRequestedAt ?? 0) - (a.startRequestedAt ?? 0),
  )[0];
  let end = settledAt(current);
  const chain: { service: string; start: number; end: number }[] = [];
  const seen = new Set<string>();
  while (current && end !== undefined && !seen.has(current.name)) {
    seen.add(current.name);
    chain.unshift({ service: current.name, start: current.startRequestedAt ?? end, end });
    const met = Object.entries(stack.services[current.name]?.dependsOn ?? {}).flatMap(([name, d]) => {
      const dep = byName.get(name);
      const at = dep && dep.startRequestedAt !== undefined ? metAt(dep, d.condition) : undefined;
      return dep && at !== undefined ? [{ dep, at }] : [];
    });
    const last = met.sort((a, b) => b.at - a.at)[0];
    current = last?.dep;
    end = last?.at;
  }
  const first = chain[0];
  if (!first) return undefined;
  const steps = chain.map((c, i) => ({
    service: c.service,
    ms: Math.max(0, c.end - (i === 0 ? c.start : (chain[i - 1]?.end ?? c.start))),
  }));
  return { steps, ms: steps.reduce((n, s) => n + s.ms, 0) };
}
