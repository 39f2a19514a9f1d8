import { stringify } from 'yaml';
import { formatLocation } from '../../orchestrator/compose/diagnostics';
import type { Advice } from '../../session/advice';
import type { AdviceView } from '../../../preload/contract';

/** The advisor's findings and override as the window shows them: places and fixes in words. */
export function adviceView(advice: Advice): AdviceView {
  const { plan } = advice;
  return {
    findings: advice.findings.map((f) => ({
      code: f.code,
      service: f.service,
      message: f.message,
      ...(f.where ? { where: formatLocation(f.where) } : {}),
      evidence: f.evidence,
      ...(f.fix ? { fix: stringify(f.fix, { lineWidth: 0 }).trimEnd() } : {}),
      ...(f.hint ? { hint: f.hint } : {}),
    })),
    runs: advice.runs,
    startIntervalApplies: advice.startIntervalApplies,
    ...(plan
      ? { override: { file: plan.file, exists: plan.before !== undefined, after: plan.after, diff: plan.diff } }
      : {}),
  };
}
