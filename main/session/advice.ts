import { writeFileSync } from 'node:fs';
import { planOverride } from '../orchestrator/advisor/advisor-override';
import type { OverridePlan } from '../orchestrator/advisor/advisor-override';
import { adviseHealthchecks } from '../orchestrator/advisor/healthcheck-advisor';
import type { Finding } from '../orchestrator/advisor/healthcheck-advisor';
import type { Stack } from '../orchestrator/compose/model';
import type { RunRecord } from '../orchestrator/history/run-record';
import { StaleAdvice, WriteFailed } from './errors';

/** The advisor's findings on a stack, the override that would apply them, and what they were read from. */
export interface Advice {
  findings: Finding[];
  /** How many kept runs the findings read. */
  runs: number;
  /** Whether this engine applies `start_interval` (API 1.44 and later). */
  startIntervalApplies: boolean;
  plan?: OverridePlan;
}

/** The advisor on a stack, its run history and this engine. */
export function adviceFor(stack: Stack, runs: readonly RunRecord[], startIntervalApplies: boolean): Advice {
  const findings = adviseHealthchecks(stack, runs, { startIntervalApplies });
  const plan = planOverride(stack, findings);
  return { findings, runs: runs.length, startIntervalApplies, ...(plan ? { plan } : {}) };
}

/** Writes the override the user was shown, only if it is still what the advisor would write. */
export function writeAdvice(plan: OverridePlan | undefined, shown: string): string {
  if (!plan || plan.after !== shown) throw new StaleAdvice('the override would now be different from the one shown');
  try {
    writeFileSync(plan.file, plan.after);
  } catch (err) {
    throw new WriteFailed(`could not write ${plan.file}: ${(err as Error).message}`);
  }
  return plan.file;
}
