import type { LogEntry } from '../../orchestrator/logs/log-hub';
import type { LogBatch, ServiceReport } from '../../session/session-events';
import type { SessionSnapshot } from '../../session/stack-session-base';
import type { LogLineView, RuntimeSnapshot, ServiceStateView } from '../../../preload/contract';

/** A service as the window sees it: its snapshot, with what the session adds (wait chain, slower, health). */
export function stateView(report: ServiceReport): ServiceStateView {
  const { snapshot: s, replicas: replicaCount, chain, slower, health } = report;
  return {
    name: s.name,
    status: s.status,
    reason: s.reason,
    why: s.why,
    since: s.since,
    containerName: s.containerName,
    ...(s.containerId ? { containerId: s.containerId } : {}),
    ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
    outdated: s.outdated,
    ...(s.attempt !== undefined ? { attempt: s.attempt } : {}),
    ...(s.maxAttempts !== undefined ? { maxAttempts: s.maxAttempts } : {}),
    ...(s.nextAttemptAt !== undefined ? { nextAttemptAt: s.nextAttemptAt } : {}),
    ...(s.circuit ? { circuit: s.circuit } : {}),
    lastLines: s.lastLines,
    restarts: s.restarts ?? 0,
    ...(s.progress ? { progress: s.progress } : {}),
    ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}),
    ...(s.readyAt !== undefined ? { readyAt: s.readyAt } : {}),
    timeline: s.timeline,
    replicaCount,
    ...(chain.hops.length > 2 ? { waitChain: chain.hops, ...(chain.end ? { waitChainEnd: chain.end } : {}) } : {}),
    ...(s.exits ? { exits: s.exits } : {}),
    ...(s.replicas
      ? {
          replicas: s.replicas.map((r) => ({
            replica: r.replica,
            status: r.status,
            reason: r.reason,
            containerName: r.containerName,
          })),
        }
      : {}),
    ...(slower ? { slower } : {}),
    ...(health ? { health } : {}),
  };
}

/** A line for the window; `replicas` says how many the service runs, to name the replica only when it matters. */
export const logView = (e: LogEntry, replicas = 1): LogLineView => ({
  seq: e.seq,
  service: e.service,
  ...(replicas > 1 || e.replica > 1 ? { replica: e.replica } : {}),
  stream: e.stream,
  timestamp: e.timestamp,
  text: e.text,
});

/** A batch of lines for the window. */
export const logViews = (batch: LogBatch): LogLineView[] =>
  batch.entries.map((e) => logView(e, batch.replicas(e.service)));

/** The open stack's running side as the window first reads it. */
export function snapshotView(s: SessionSnapshot): RuntimeSnapshot {
  return { engine: s.engine, services: s.services.map(stateView), overall: s.overall, watch: s.watch };
}
