import type { UpOptions } from '../orchestrator/runtime/up-options';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { planSummary } from '../orchestrator/runtime/up-plan';
import type { PlanStep, UpPlan } from '../orchestrator/runtime/up-plan';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';

/** One line of the plan: action, kind, name, and why (with the service, when the name is not its own). */
function planLine(io: CliIO, step: PlanStep): string {
  const colour =
    step.action === 'keep'
      ? 90
      : step.action === 'missing' || step.action === 'refused'
        ? 31
        : step.action === 'remove' || step.action === 'recreate'
          ? 33
          : 32;
  const why = step.service && step.kind !== 'provider' ? `${step.service}: ${step.why}` : step.why;
  return `  ${paint(io, colour, step.action.padEnd(9))}${step.kind.padEnd(10)} ${step.name.padEnd(28)} ${why}\n`;
}

/** Prints a plan; exit 1 when the up would stop on something (a missing external resource, an image it may not fetch). */
export function printPlan(io: CliIO, plan: UpPlan): number {
  io.stdout(`Dry run: what stackpilot up would do to project ${plan.project} (nothing is changed)\n`);
  for (const step of plan.steps) io.stdout(planLine(io, step));
  io.stdout(`${planSummary(plan.steps)}.\n`);
  const stops = plan.steps.filter((s) => s.action === 'missing' || s.action === 'refused');
  if (stops.length === 0) return ExitCode.ok;
  io.stderr(`${paint(io, 31, 'up would stop:')} ${stops.map((s) => `${s.kind} ${s.name}: ${s.why}`).join('; ')}\n`);
  return ExitCode.failure;
}

/** `up --dry-run`: the plan of the same up, orphans included when --remove-orphans would remove them. */
export async function dryRunUp(
  io: CliIO,
  runner: Orchestrator,
  services: readonly string[],
  scale: Readonly<Record<string, number>>,
  options: UpOptions,
  removeOrphans: boolean,
): Promise<number> {
  const plan = await runner.plan(services, scale, options);
  const orphans = await runner.orphans();
  const steps: PlanStep[] = removeOrphans
    ? orphans.map((o) => ({
        kind: 'container',
        action: 'remove',
        name: o.name,
        why: 'orphan: its service is not in the compose file (--remove-orphans)',
      }))
    : [];
  if (!removeOrphans && orphans.length > 0)
    io.stderr(
      `${paint(io, 33, 'warning:')} orphan containers (${orphans.map((o) => o.name).join(', ')}) are kept; --remove-orphans removes them\n`,
    );
  return printPlan(io, { ...plan, steps: [...steps, ...plan.steps] });
}
