import type { Outcome } from './dependency-gate';
import type { ServiceStatus } from './service-state';

/** What an up came to, for whoever asked for it. */
export interface UpResult {
  ok: boolean;
  aborted: boolean;
  /** Services that did not come up, with the reason. */
  problems: { service: string; status: ServiceStatus; reason: string }[];
  /** What came up anyway, and without what: optional dependencies (`required: false`) that failed. */
  warnings: { service: string; dependency: string; message: string }[];
}

/** A service's outcome from its replicas': the first trouble wins; all done alike is that. */
export function combined(outcomes: readonly Outcome[]): Outcome {
  for (const o of ['aborted', 'failed', 'blocked'] as const) if (outcomes.includes(o)) return o;
  return outcomes.every((o) => o === 'completed') ? 'completed' : 'ready';
}

/** Several services' results as one: ok when every one is. */
export function mergedResults(all: readonly UpResult[]): UpResult {
  return {
    ok: all.every((r) => r.ok),
    aborted: all.some((r) => r.aborted),
    problems: all.flatMap((r) => r.problems),
    warnings: all.flatMap((r) => r.warnings),
  };
}
