import { RunHistory, historyFile } from '../../main/orchestrator/history/run-history';
import type { RunRecord } from '../../main/orchestrator/history/run-record';

/**
 * An earlier run of a stack of services started one after the other, each ready `ms` after its
 * container started: what a test seeds a stack's history with, so that "usual" is known exactly.
 */
export function earlierRun(i: number, services: readonly { name: string; ms: number }[]): RunRecord {
  const startedAt = Date.now() - (10 - i) * 3_600_000;
  let at = 0;
  const runs = services.map(({ name, ms }): RunRecord['services'][number] => {
    const from = at;
    at += ms;
    return {
      service: name,
      status: 'ready',
      reason: 'ready',
      replicas: 1,
      startedAt: from,
      readyAt: from + ms,
      readyMs: ms,
      attempts: [],
      phases: [
        ...(from > 0 ? [{ status: 'waiting' as const, from: 0, to: from }] : []),
        { status: 'starting', from, to: from + ms },
      ],
    };
  });
  for (const r of runs) r.phases.push({ status: 'ready', from: r.readyAt ?? 0, to: at });
  return {
    id: `${startedAt}-up`,
    action: 'up',
    targets: [],
    startedAt,
    endedAt: startedAt + at,
    outcome: 'ready',
    services: runs,
    criticalPath: { steps: services.map((s) => ({ service: s.name, ms: s.ms })), ms: at },
  };
}

/** Writes `count` such runs where the app and the CLI look for the history of this project in `dir`. */
export function seedHistory(
  configDir: string,
  project: string,
  dir: string,
  count: number,
  services: readonly { name: string; ms: number }[],
): void {
  const history = new RunHistory(historyFile(`${configDir}/history`, project, dir));
  for (let i = 0; i < count; i++) history.add(earlierRun(i, services));
}
