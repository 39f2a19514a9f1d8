import type { HealthState } from '../driver';
import type { Reason } from './reasons';

/** The states of ARCHITECTURE.md ("Service states and readiness"). Every change carries a reason a person can read. */
export type ServiceStatus =
  | 'defined'
  | 'waiting'
  | 'pulling'
  | 'building'
  | 'starting'
  | 'ready'
  | 'unhealthy'
  | 'backoff'
  | 'failed'
  | 'blocked'
  | 'stopping'
  | 'stopped'
  | 'completed';

export interface TimelineEntry {
  at: number;
  status: ServiceStatus;
  reason: string;
  /** Set for what a watch did, and for each pre_start hook step (its status is the service's at the time, unchanged). */
  kind?: 'watch' | 'hook';
}

export interface ServiceSnapshot {
  name: string;
  status: ServiceStatus;
  /** Why, in words (made from `why`). */
  reason: string;
  /** Why, as data: a code and its parameters (see reasons.ts). */
  why: Reason;
  since: number;
  containerName: string;
  containerId?: string;
  health?: HealthState;
  exitCode?: number;
  /** The container was created from a different definition than the file now has. */
  outdated: boolean;
  progress?: { current?: number; total?: number; message: string };
  /** Start attempts: the current one and the most there will be (retry policy). */
  attempt?: number;
  maxAttempts?: number;
  /** When the next attempt starts, while in backoff. */
  nextAttemptAt?: number;
  /** The crash-loop circuit, once it has been anything but closed. */
  circuit?: 'closed' | 'open' | 'half-open';
  /** Last log lines, kept when the service fails. */
  lastLines: string[];
  /** Times it was started again after a crash, a failed attempt or an unhealthy spell (this session). */
  restarts?: number;
  createdAt?: number;
  /** When Stackpilot asked the engine to start it (the start's own cost counts from here). */
  startRequestedAt?: number;
  startedAt?: number;
  readyAt?: number;
  timeline: TimelineEntry[];
  /** Each exit this session (the newest 10), its last lines pinned to it: a later one does not overwrite them. */
  exits?: ExitRecord[];
  /** With more than one replica: each one's state (the fields above say the service's as a whole). */
  replicas?: ReplicaView[];
}

export interface ExitRecord {
  at: number;
  exitCode?: number;
  /** The reason it was given then (the exit in words, and what came next). */
  reason: string;
  lines: string[];
}

const EXITS_KEPT = 10;

/** The exits with one more, its lines pinned to it. */
export function withExit(exits: readonly ExitRecord[] | undefined, exit: ExitRecord): ExitRecord[] {
  return [...(exits ?? []), exit].slice(-EXITS_KEPT);
}

export interface ReplicaView {
  replica: number;
  status: ServiceStatus;
  reason: string;
  containerName: string;
  containerId?: string;
}

const TIMELINE_LIMIT = 200;
/** States a service is started again from, counted as restarts. */
const AFTER_TROUBLE = new Set<ServiceStatus>(['backoff', 'failed', 'unhealthy', 'ready']);

export function initialSnapshot(name: string, containerName: string, at: number): ServiceSnapshot {
  return {
    name,
    status: 'defined',
    reason: 'no container yet',
    why: { code: 'no-container' },
    since: at,
    containerName,
    outdated: false,
    lastLines: [],
    timeline: [{ at, status: 'defined', reason: 'no container yet' }],
  };
}

/** A new snapshot with the status and reason changed and the change kept in the timeline. */
export function withStatus(
  s: ServiceSnapshot,
  status: ServiceStatus,
  reason: string,
  at: number,
  patch: Partial<ServiceSnapshot> = {},
): ServiceSnapshot {
  // The timeline keeps state changes; a new reason within one state (a probe that failed again) only updates `reason`.
  const changed = s.status !== status;
  const timeline = changed ? [...s.timeline, { at, status, reason }].slice(-TIMELINE_LIMIT) : s.timeline;
  const restarted = changed && status === 'starting' && AFTER_TROUBLE.has(s.status);
  return {
    ...s,
    ...patch,
    status,
    reason,
    since: changed ? at : s.since,
    timeline,
    ...(restarted ? { restarts: (s.restarts ?? 0) + 1 } : {}),
  };
}

/** The snapshot with one more timeline entry, and nothing else changed. */
export function withTimelineEntry(s: ServiceSnapshot, entry: TimelineEntry): ServiceSnapshot {
  return { ...s, timeline: [...s.timeline, entry].slice(-TIMELINE_LIMIT) };
}

export function describeExit(code: number | undefined, oomKilled = false): string {
  if (oomKilled) return `killed: out of memory (exit code ${code ?? 137})`;
  if (code === undefined) return 'exited';
  if (code === 0) return 'exited with code 0';
  if (code === 137) return 'killed (exit code 137: SIGKILL, often out of memory)';
  if (code === 143) return 'stopped (exit code 143: SIGTERM)';
  if (code === 126) return 'exited with code 126: the command is not executable';
  if (code === 127) return 'exited with code 127: command not found';
  return `exited with code ${code}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
