import type { Stack } from '../compose/model';
import type { ServiceSnapshot } from './service-state';

export interface CriticalStep {
  service: string;
  /** From the request to start the container to the service being ready (or done). */
  ms: number;
}

export interface CriticalPath {
  steps: CriticalStep[];
  /** The sum of the steps: no orchestrator can bring this chain up faster on this engine. */
  ms: number;
}

/** Latest to settle first; on a tie, the one started later (a dependent ready the moment it runs). */
const lastFirst = (a: ServiceSnapshot, b: ServiceSnapshot): number => (settledAt(b) ?? 0) - (settledAt(a) ?? 0) || (b.startRequestedAt ?? 0) - (a.startRequestedAt ?? 0);

function settledAt(s: ServiceSnapshot | undefined): number | undefined {
  if (!s) return undefined;
  if (s.status === 'ready') return s.readyAt;
  if (s.status === 'completed') return s.since;
  return undefined;
}

/**
 * The chain that decided how long a start took: from the last service to be ready, back through the
 * dependency that was ready last, to a service that waited on nothing.
 */
export function criticalPath(stack: Stack, snapshots: readonly ServiceSnapshot[]): CriticalPath | undefined {
  const byName = new Map(snapshots.map((s) => [s.name, s]));
  const settled = snapshots.filter((s) => settledAt(s) !== undefined && s.startRequestedAt !== undefined);
  let current = settled.sort(lastFirst)[0];
  const steps: CriticalStep[] = [];
  const seen = new Set<string>();
  while (current && !seen.has(current.name)) {
    seen.add(current.name);
    steps.unshift({ service: current.name, ms: Math.max(0, (settledAt(current) ?? 0) - (current.startRequestedAt ?? 0)) });
    const deps = Object.keys(stack.services[current.name]?.dependsOn ?? {})
      .map((d) => byName.get(d))
      .filter((d): d is ServiceSnapshot => d !== undefined && settledAt(d) !== undefined && d.startRequestedAt !== undefined);
    current = deps.sort(lastFirst)[0];
  }
  if (steps.length === 0) return undefined;
  return { steps, ms: steps.reduce((n, s) => n + s.ms, 0) };
}
