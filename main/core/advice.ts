import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { AdviceView } from '../../preload/contract';
import { planOverride } from '../orchestrator/advisor/advisor-override';
import type { OverridePlan } from '../orchestrator/advisor/advisor-override';
import { adviseHealthchecks } from '../orchestrator/advisor/healthcheck-advisor';
import { formatLocation } from '../orchestrator/compose/diagnostics';
import type { Stack } from '../orchestrator/compose/model';
import type { RunRecord } from '../orchestrator/history/run-record';
import { StaleAdvice, WriteFailed } from '../session/errors';

/** The advisor's findings and override for a stack, as the window shows them. */
export function adviceFor(stack: Stack, runs: readonly RunRecord[], startIntervalApplies: boolean): { view: AdviceView; plan?: OverridePlan } {
  const findings = adviseHealthchecks(stack, runs, { startIntervalApplies });
  const plan = planOverride(stack, findings);
  return {
    view: {
      findings: findings.map((f) => ({
        code: f.code,
        service: f.service,
        message: f.message,
        ...(f.where ? { where: formatLocation(f.where) } : {}),
        evidence: f.evidence,
        ...(f.fix ? { fix: stringify(f.fix, { lineWidth: 0 }).trimEnd() } : {}),
        ...(f.hint ? { hint: f.hint } : {}),
      })),
      runs: runs.length,
      startIntervalApplies,
      ...(plan ? { override: { file: plan.file, exists: plan.before !== undefined, after: plan.after, diff: plan.diff } } : {}),
    },
    ...(plan ? { plan } : {}),
  };
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
