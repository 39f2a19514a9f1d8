import type { Stack } from '../engine/compose/model';
import { RunHistory, historyFile, keepRun } from '../engine/history/run-history';
import type { RunAction } from '../engine/history/run-record';
import { describeSlower } from '../engine/history/slower-than-usual';
import type { SlowerThanUsual } from '../engine/history/slower-than-usual';
import type { StackRunner, UpResult } from '../engine/runtime/stack-runner';
import type { NoticeView, RunRecordedView, RunView } from '../../preload/contract';

/**
 * The open stack's run history as the window sees it: each Up (restart, start) kept when it ends, who
 * was slower than usual in the last run of theirs, and the notices that say so. One per stack.
 */
export class RunJournal {
  private readonly history: RunHistory;
  private readonly slower = new Map<string, SlowerThanUsual>();

  constructor(
    private readonly stack: Stack,
    /** The app's history folder; none: kept in memory for this session. */
    dir: string | undefined,
  ) {
    this.history = new RunHistory(dir ? historyFile(dir, stack.name, stack.projectDir) : undefined);
  }

  runs(): RunView[] {
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
    runner: StackRunner,
    run: { action: RunAction; targets: readonly string[]; startedAt: number; endedAt: number },
    result: UpResult,
  ): { recorded: RunRecordedView; notices: NoticeView[]; changed: string[] } | undefined {
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
    const notices: NoticeView[] = kept.slower.map((s) => ({ level: 'info', title: `${s.service} was slower than usual`, body: describeSlower(s), service: s.service }));
    if (!kept.saved) notices.push({ level: 'error', title: 'Run history not saved', body: 'The app data folder cannot be written: this run is not kept.' });
    return { recorded: { run: kept.record, slower: kept.slower }, notices, changed };
  }
}
