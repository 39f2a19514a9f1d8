import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from '../compose/model';
import type { ServiceSnapshot } from '../runtime/service-state';
import { runRecord } from './run-record';
import type { RunAction, RunRecord } from './run-record';
import { slowerThanUsual } from './slower-than-usual';
import type { SlowerThanUsual } from './slower-than-usual';

/** Runs kept per stack: enough for a stable median, small enough to read at every open. */
export const RUNS_KEPT = 50;

/**
 * Where Stackpilot keeps what outlives a run (settings, history): $STACKPILOT_CONFIG_DIR, else the XDG
 * config folder. Electron's userData is the same folder on Linux, so the app and the CLI share it.
 */
export function appDataDir(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  return env.STACKPILOT_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homeDir, '.config'), 'stackpilot');
}

/** The folder runs are kept in: `history` in the app data folder. */
export function historyDir(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  return join(appDataDir(env, homeDir), 'history');
}

/** One file per stack: its project name and folder (two checkouts of one project are two stacks). */
export function historyFile(dir: string, project: string, projectDir: string): string {
  const hash = createHash('sha256').update(projectDir).digest('hex').slice(0, 10);
  return join(dir, `${project}-${hash}.jsonl`);
}

function isRunRecord(v: unknown): v is RunRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<RunRecord>;
  return (
    typeof r.id === 'string' &&
    typeof r.startedAt === 'number' &&
    typeof r.endedAt === 'number' &&
    Array.isArray(r.services)
  );
}

/**
 * A stack's runs as an append-only file of JSON lines, oldest first: a crash mid-write loses at most
 * the line being written (it is skipped on reading), never the runs before it. Past RUNS_KEPT the
 * file is written anew with the newest ones (to a temporary file, then renamed).
 */
export class RunHistory {
  constructor(private readonly file: string | undefined) {}

  /** No file: kept in memory (tests, a host with nowhere to write). */
  private memory: RunRecord[] = [];

  /** The runs, oldest first; a missing or unreadable file is an empty history, never an error. */
  list(): RunRecord[] {
    if (!this.file) return this.memory;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      if (!line.trim()) return [];
      try {
        const v: unknown = JSON.parse(line);
        return isRunRecord(v) ? [v] : [];
      } catch {
        return [];
      }
    });
  }

  /** Adds a run; false when it could not be written (a read-only folder): the caller says so. */
  add(run: RunRecord): boolean {
    if (!this.file) {
      this.memory = [...this.memory, run].slice(-RUNS_KEPT);
      return true;
    }
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      appendFileSync(this.file, `${JSON.stringify(run)}\n`, { mode: 0o600 });
      const runs = this.list();
      if (runs.length > RUNS_KEPT) {
        const tmp = `${this.file}.${process.pid}.tmp`;
        writeFileSync(
          tmp,
          runs
            .slice(-RUNS_KEPT)
            .map((r) => `${JSON.stringify(r)}\n`)
            .join(''),
          { mode: 0o600 },
        );
        renameSync(tmp, this.file);
      }
      return true;
    } catch {
      return false;
    }
  }
}

/** What keeping one run gave: the record (none when nothing changed), and who was slower than usual. */
export interface KeptRun {
  record?: RunRecord;
  slower: SlowerThanUsual[];
  /** False when the history folder could not be written. */
  saved: boolean;
}

/** What a run's record reads of the runner: every service's snapshot, and each replica's. */
export interface RunnerStates {
  snapshot(): ServiceSnapshot[];
  replicaCount(name: string): number;
  replica(name: string, replica: number): ServiceSnapshot | undefined;
}

/** How a runner's replicas are read for a run's record: each replica's own snapshot, 1 to N. */
export function replicasIn(runner: RunnerStates): (service: string) => ServiceSnapshot[] {
  return (service) =>
    Array.from({ length: runner.replicaCount(service) }, (_, i) => runner.replica(service, i + 1)).filter(
      (s): s is ServiceSnapshot => s !== undefined,
    );
}

/** Records a run that has ended (from the runner's states and how the up came out), compared with the runs before it, and keeps it. */
export function keepRun(
  history: RunHistory,
  stack: Stack,
  runner: RunnerStates,
  run: { action: RunAction; targets: readonly string[]; startedAt: number; endedAt: number },
  result: { ok: boolean; aborted: boolean },
): KeptRun {
  const outcome = result.aborted ? 'interrupted' : result.ok ? 'ready' : 'failed';
  const record = runRecord(
    stack,
    runner.snapshot(),
    { ...run, outcome },
    (n) => runner.replicaCount(n),
    replicasIn(runner),
  );
  if (!record) return { slower: [], saved: true };
  const slower = slowerThanUsual(record, history.list());
  return { record, slower, saved: history.add(record) };
}
