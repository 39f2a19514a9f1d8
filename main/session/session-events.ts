import type { LogEntry } from '../orchestrator/logs/log-hub';
import type { HealthReport } from '../orchestrator/runtime/health-report';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import type { ServiceStats } from '../orchestrator/runtime/stats-monitor';
import type { SlowerThanUsual } from '../orchestrator/history/slower-than-usual';
import type { EngineState } from './engine-state';
import type { Overall } from './overall';
import type { Notice, RunRecorded } from './run-journal';
import type { ResolvedSettings } from './settings-service';
import type { StackShown } from './stack-loader';
import type { WatchState } from './watch-control';

/** A service as its session knows it: the orchestrator's snapshot and what the session adds to it. */
export interface ServiceReport {
  snapshot: ServiceSnapshot;
  /** How many replicas the service runs. */
  replicas: number;
  /** What it waits on, hop by hop, when that is a chain of more than two. */
  chain: { hops: string[]; end?: string };
  /** Slower than usual in its last run. */
  slower?: SlowerThanUsual;
  /** What the engine's health log says of it. */
  health?: HealthReport;
}

/** New log lines, and how many replicas each line's service runs (a line names its replica only when that matters). */
export interface LogBatch {
  entries: readonly LogEntry[];
  replicas: (service: string) => number;
}

/** The stacks open at once; one is active (the one a face shows and acts on). */
export interface OpenStacks {
  /** The active stack's path (none before the first open). */
  active?: string;
  stacks: { path: string; name: string; overall: Overall }[];
}

/**
 * What a session tells whoever listens (the window's contract adapter in `main/ipc`, and the faces
 * to come), in its own and the orchestrator's types. Each face turns them into its own shapes.
 */
export interface SessionEvents {
  'stack:changed': StackShown;
  'stacks:changed': OpenStacks;
  'stack:overall': Overall;
  'service:state': ServiceReport;
  'engine:status': EngineState;
  'logs:batch': LogBatch;
  'stats:batch': ServiceStats[];
  'history:recorded': RunRecorded;
  'app:notice': Notice;
  'watch:changed': WatchState;
  'settings:changed': ResolvedSettings;
  'terminal:output': { id: string; data: string };
  'terminal:exit': { id: string; exitCode: number };
}

export type SessionEvent = keyof SessionEvents;

/** Tells one session event. */
export type SessionEmit = <E extends SessionEvent>(event: E, payload: SessionEvents[E]) => void;
