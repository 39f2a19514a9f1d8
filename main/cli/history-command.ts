import type { Stack } from '../orchestrator/compose/model';
import { historyDir } from '../orchestrator/history/run-history';
import { RunJournal } from '../session/run-journal';
import type { RunAction, RunRecord } from '../orchestrator/history/run-record';
import type { SlowerThanUsual } from '../orchestrator/history/slower-than-usual';
import { SLOWER, describeSlower, isSlower, median, usualTimes } from '../orchestrator/history/slower-than-usual';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import type { UpResult } from '../orchestrator/runtime/orchestrator';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { UsageError, checkServiceNames, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';

export const HISTORY_HELP = `Usage: stackpilot history [OPTIONS] [SERVICE]

The stack's last runs (each up, restart or start, by the command line or the window; the newest 50 are
kept), newest first: when, how long, the outcome and the critical path. With SERVICE: its time to
ready in each run (from its container starting), the usual (median) and which runs were slower.

Options: the stack options of \`stackpilot config\` (-f, --project-directory, -p, --profile), and
      --format FORMAT   table (default) or json (the runs as recorded, oldest first)
  -n, --last N          only the newest N runs

Runs are kept in $STACKPILOT_CONFIG_DIR/history (default ~/.config/stackpilot/history).
`;

/** The run history of this stack (this project name in this folder), the window's too. */
export function journalOf(io: Pick<CliIO, 'env' | 'homeDir'>, stack: Stack): RunJournal {
  return new RunJournal(stack, historyDir(io.env, io.homeDir));
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
/** Local time, sortable: 2026-12-03 07:04:30. */
const when = (at: number): string => new Date(at).toLocaleString('sv-SE');

/** Keeps the run an up, start or restart just did (saying so when it cannot); the caller tells who was slower than usual. */
export function recordRun(
  io: CliIO,
  stack: Stack,
  runner: Orchestrator,
  action: RunAction,
  targets: readonly string[],
  startedAt: number,
  result: UpResult,
): SlowerThanUsual[] {
  const kept = journalOf(io, stack).record(runner, { action, targets, startedAt, endedAt: io.clock.now() }, result);
  for (const n of kept?.notices ?? [])
    if (n.level === 'error')
      io.stderr(`${paint(io, 33, 'warning:')} ${n.body} Set STACKPILOT_CONFIG_DIR to a writable folder.\n`);
  return kept?.recorded.slower ?? [];
}

export function printSlower(io: CliIO, slower: readonly SlowerThanUsual[]): void {
  for (const s of slower) io.stdout(`${paint(io, 33, 'Slower than usual:')} ${describeSlower(s)}\n`);
}

function runLine(r: RunRecord): string {
  const path =
    r.criticalPath && r.criticalPath.steps.length > 0
      ? r.criticalPath.steps.map((s) => `${s.service} ${secs(s.ms)}`).join(' → ')
      : '';
  const what = r.targets.length > 0 ? `${r.action} ${r.targets.join(' ')}` : r.action;
  return `${when(r.startedAt)}  ${what.padEnd(12)}  ${r.outcome.padEnd(11)}  ${secs(r.endedAt - r.startedAt).padStart(7)}  ${String(r.services.length).padStart(8)}  ${path}`;
}

function serviceTable(io: CliIO, runs: readonly RunRecord[], service: string): void {
  const times = usualTimes(runs, service);
  const usual = times.length > 0 ? median(times) : undefined;
  io.stdout(
    `${'WHEN'.padEnd(19)}  ${'OUTCOME'.padEnd(11)}  ${'READY IN'.padStart(8)}  ${'ATTEMPTS'.padStart(8)}  NOTE\n`,
  );
  for (const r of [...runs].reverse()) {
    const s = r.services.find((x) => x.service === service);
    if (!s) continue;
    const slow =
      usual !== undefined && times.length >= SLOWER.minRuns && s.readyMs !== undefined && isSlower(s.readyMs, usual);
    const note = slow ? paint(io, 33, 'slower than usual') : s.readyMs === undefined ? `${s.status}: ${s.reason}` : '';
    io.stdout(
      `${when(r.startedAt)}  ${s.status.padEnd(11)}  ${(s.readyMs === undefined ? '-' : secs(s.readyMs)).padStart(8)}  ${String(s.attempts.length + 1).padStart(8)}  ${note}\n`,
    );
  }
  if (usual !== undefined) io.stdout(`\nusually ready in ${secs(usual)} (median of the last ${times.length} runs)\n`);
}

export function historyCommand(
  io: CliIO,
  values: StackArgs & { format?: string; last?: string },
  positionals: string[],
): number {
  if (positionals.length > 1)
    throw new UsageError(`history takes at most one service name (got ${positionals.join(' ')})`);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  const last = values.last === undefined ? undefined : Number(values.last);
  if (last !== undefined && (!Number.isInteger(last) || last < 1))
    throw new UsageError(`--last takes a whole number of runs, not "${values.last}"`);
  const stack = loadFromArgs(io, values, positionals);
  if (!stack) return ExitCode.invalidInput;
  checkServiceNames(stack, positionals);
  const runs = journalOf(io, stack)
    .runs()
    .slice(-(last ?? Infinity));
  const service = positionals[0];
  if (format === 'json') {
    const shown = service
      ? runs
          .map((r) => ({ ...r, services: r.services.filter((s) => s.service === service) }))
          .filter((r) => r.services.length > 0)
      : runs;
    io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
    return ExitCode.ok;
  }
  if (runs.length === 0) {
    io.stdout(`No runs of ${stack.name} yet: \`stackpilot up\` (or Up in the window) records one.\n`);
    return ExitCode.ok;
  }
  if (service) {
    serviceTable(io, runs, service);
    return ExitCode.ok;
  }
  io.stdout(
    `${'WHEN'.padEnd(19)}  ${'ACTION'.padEnd(12)}  ${'OUTCOME'.padEnd(11)}  ${'TOOK'.padStart(7)}  SERVICES  CRITICAL PATH\n`,
  );
  for (const r of [...runs].reverse()) io.stdout(`${runLine(r)}\n`);
  return ExitCode.ok;
}
