import type { Stack } from '../orchestrator/compose/model';
import { RunHistory, historyFile, keepRun } from '../orchestrator/history/run-history';
import type { RunAction } from '../orchestrator/history/run-record';
import { describeSlower } from '../orchestrator/history/slower-than-usual';
import type { SlowerThanUsual } from '../orchestrator/history/slower-than-usual';
import type { Orchestrator, UpResult } from '../orchestrator/runtime/orchestrator';
import type { RunRecord } from '../orchestrator/history/run-record';

/** Something worth telling a person once: a service slower than usual, a history not saved. */
export interface Notice {
  level: 'info' | 'success' | 'error';
  title: string;
  body: string;
  service?: string;
}

/** A run just kept, and who in it was slower than usual. */
export interface RunRecorded {
  run: RunRecord;
  slower: SlowerThanUsual[];
}

/**
 * A stack's run history, for every face: each up, restart or start kept when it ends, who was slower
 * than usual in the last run of theirs, and the notices that say so. One per open stack.
 */
export class RunJournal {
  private readonly history: RunHistory;
  private readonly slower = new Map<string, SlowerThanUsual>();

  constructor(
    private readonly stack: Stack,
    /** The history folder; none: kept in memory for this session. */
    private readonly dir: string | undefined,
  ) {
    this.history = new RunHistory(dir ? historyFile(dir, stack.name, stack.projectDir) : undefined);
  }

  runs(): RunRecord[] {
    return this.history.list();
  }

  /** The service's last run, when it was slower than usual. */
  slowerOf(service: string): SlowerThanUsual | undefined {
    return this.slower.get(service);
  }

  /**
   * Keeps a run that has ended. Returns what to tell: the run with who was slower, the notices, and
   * the services whose view changed (slower now, or no longer); nothing when the run changed nothing.
   */
  record(
    runner: Orchestrator,
    run: { action: RunAction; targets: readonly string[]; startedAt: number; endedAt: number },
    result: UpResult,
  ): { recorded: RunRecorded; notices: Notice[]; changed: string[] } | undefined {
    const kept = keepRun(this.history, this.stack, runner, run, result);
    if (!kept.record) return undefined;
    const changed: string[] = [];
    // A service that ran again has this run's verdict, slower or not.
    for (const s of kept.record.services) {
      if (s.readyMs === undefined) continue;
      const now = kept.slower.find((x) => x.service === s.service);
      if (now || this.slower.has(s.service)) changed.push(s.service);
      if (now) this.slower.set(s.service, now);
      else this.slower.delete(s.service);
    }
    const notices: Notice[] = kept.slower.map((s) => ({
      level: 'info',
      title: `${s.service} was slower than usual`,
      body: describeSlower(s),
      service: s.service,
    }));
    if (!kept.saved)
      notices.push({
        level: 'error',
        title: 'Run history not saved',
        body: `${this.dir ?? 'The history folder'} cannot be written: this run is not kept.`,
      });
    return { recorded: { run: kept.record, slower: kept.slower }, notices, changed };
  }
}
