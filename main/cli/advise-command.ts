import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { stringify } from 'yaml';
import { planOverride } from '../orchestrator/advisor/advisor-override';
import type { OverridePlan } from '../orchestrator/advisor/advisor-override';
import { adviseHealthchecks } from '../orchestrator/advisor/healthcheck-advisor';
import type { Finding } from '../orchestrator/advisor/healthcheck-advisor';
import { startIntervalApplies as honoursStartInterval } from '../orchestrator/api-version';
import { formatLocation } from '../orchestrator/compose/diagnostics';
import { journalOf } from './history-command';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { UsageError, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';

export const ADVISE_HELP = `Usage: stackpilot advise [OPTIONS]

The healthcheck advisor: what makes the stack start slowly, or fail on a slow day, under docker compose
(and any tool that waits for Docker's own health status), with the evidence from the compose file and
from the stack's run history:
  - a first health probe that comes late (a long interval, no start_interval), and what that costs
    each service that waits for it healthy, measured from its usual time to ready;
  - a dependency with service_started on a service that has a health check (a race);
  - retries × interval shorter than the service's slowest time to ready (unhealthy on a slow day);
  - a health check that only proves the process is alive.

It can write an override (compose.override.yaml beside the compose file, which docker compose reads
by itself) that fixes what an override can fix, showing the diff first.

Options: the stack options of \`stackpilot config\` (-f, --project-directory, -p, --profile), and
      --write          write the override (asks first; the diff is shown)
  -y, --yes            with --write: write without asking
      --format FORMAT  text (default) or json

Exit codes: 0 (findings are not failures), 1 the override could not be written, 2 invalid input.
`;

const TITLE: Record<Finding['code'], string> = {
  'late-first-probe': 'late first probe',
  'started-not-healthy': 'waits for started, not healthy',
  'short-unhealthy-window': 'unhealthy on a slow day',
  'liveness-only': 'proves only that it runs',
};

function printFinding(io: CliIO, f: Finding, base: string): void {
  const where = f.where ? `  ${paint(io, 90, relative(base, formatLocation(f.where)) || formatLocation(f.where))}` : '';
  io.stdout(`${paint(io, 1, f.service)}  ${paint(io, 33, TITLE[f.code])}${where}\n  ${f.message}\n`);
  for (const e of f.evidence) io.stdout(`  ${paint(io, 90, `evidence: ${e}`)}\n`);
  if (f.fix) io.stdout(`  fix:\n${stringify(f.fix, { lineWidth: 0 }).replace(/^/gm, '    ').trimEnd()}\n`);
  if (f.hint) io.stdout(`  what to do: ${f.hint}\n`);
  io.stdout('\n');
}

function printDiff(io: CliIO, plan: OverridePlan): void {
  io.stdout(`${plan.before === undefined ? 'new file' : 'changes to'} ${plan.file}:\n`);
  for (const l of plan.diff)
    io.stdout(
      `${l.kind === '+' ? paint(io, 32, `+ ${l.text}`) : l.kind === '-' ? paint(io, 31, `- ${l.text}`) : `  ${l.text}`}\n`,
    );
}

/** Whether the engine honours start_interval; without an engine, it cannot be known: assume not. */
async function startIntervalApplies(io: CliIO): Promise<{ applies: boolean; note?: string }> {
  try {
    const driver = await io.connectEngine();
    return { applies: honoursStartInterval(driver.info().apiVersion) };
  } catch {
    return {
      applies: false,
      note: 'no Docker engine answered: the fixes assume it does not honour start_interval (Docker 25 and later do)',
    };
  }
}

export async function adviseCommand(
  io: CliIO,
  values: StackArgs & { write?: boolean; yes?: boolean },
  positionals: string[],
): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`advise takes no service names (got ${positionals.join(' ')})`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const stack = loadFromArgs(io, values);
  if (!stack) return ExitCode.invalidInput;
  const runs = journalOf(io, stack).runs();
  const engine = await startIntervalApplies(io);
  const findings = adviseHealthchecks(stack, runs, { startIntervalApplies: engine.applies });
  const plan = planOverride(stack, findings);
  if (format === 'json') {
    io.stdout(
      `${JSON.stringify({ findings, runs: runs.length, startIntervalApplies: engine.applies, ...(plan ? { override: { file: plan.file, after: plan.after } } : {}) }, null, 2)}\n`,
    );
  } else {
    if (engine.note) io.stderr(`${paint(io, 33, 'note:')} ${engine.note}\n`);
    if (findings.length === 0)
      io.stdout(
        `Nothing to advise: every health check of ${stack.name} lets what waits on it start soon after it is ready${runs.length === 0 ? ' (no run history yet: after a few runs the figures are measured)' : ''}.\n`,
      );
    for (const f of findings) printFinding(io, f, stack.projectDir);
    if (findings.length > 0)
      io.stdout(
        `${findings.length} finding${findings.length === 1 ? '' : 's'} (figures from ${runs.length} run${runs.length === 1 ? '' : 's'} of history)${plan ? `; ${plan.fixes.length} fixed by the override` : ''}.\n`,
      );
    if (plan && !values.write)
      io.stdout(
        `Write it with: stackpilot advise --write  (${plan.before === undefined ? 'a new' : 'changes to'} ${relative(stack.projectDir, plan.file)}; the diff is shown first)\n`,
      );
  }
  if (!values.write || !plan) return ExitCode.ok;
  if (format === 'text') printDiff(io, plan);
  if (!values.yes) {
    if (!io.confirm) {
      io.stderr(`Nothing written: there is no terminal to ask on; add --yes to write ${plan.file}.\n`);
      return ExitCode.failure;
    }
    if (!(await io.confirm(`Write ${plan.file}? (y/N) `))) {
      io.stdout('Nothing written.\n');
      return ExitCode.ok;
    }
  }
  try {
    writeFileSync(plan.file, plan.after);
  } catch (err) {
    io.stderr(`stackpilot: could not write ${plan.file}: ${(err as Error).message}\n`);
    return ExitCode.failure;
  }
  const read = stack.files.includes(plan.file) || !values.file;
  io.stdout(
    `Wrote ${plan.file}.${read ? '' : ` docker compose reads it by itself only without -f: add -f ${plan.file}.`}\n`,
  );
  return ExitCode.ok;
}
