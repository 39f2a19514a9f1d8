/*
 * What the window is shown of a stack as it runs: states and reasons, runs, the engine, logs, stats.
 * Part of the contract (preload/contract.ts re-exports it).
 */

/** A menu item or shortcut the shell handles by asking the window to act. */
export type AppCommand =
  'open' | 'up' | 'down' | 'toggle-logs' | 'toggle-graph' | 'focus-search' | 'focus-filter' | 'show-help';

export type ServiceStatusView =
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

/** Why, as data: the orchestrator's reason code and its parameters (words are in `reason`). */
export type ReasonView = { code: string } & Record<string, unknown>;

export interface ServiceStateView {
  name: string;
  status: ServiceStatusView;
  reason: string;
  why: ReasonView;
  since: number;
  containerName: string;
  containerId?: string;
  exitCode?: number;
  outdated: boolean;
  attempt?: number;
  maxAttempts?: number;
  nextAttemptAt?: number;
  circuit?: 'closed' | 'open' | 'half-open';
  lastLines: string[];
  /** Started again after a crash, failed attempt or unhealthy spell, this session. */
  restarts: number;
  /** While pulling or building: how far (bytes or steps, when the engine says). */
  progress?: { current?: number; total?: number; message: string };
  startedAt?: number;
  readyAt?: number;
  /** State changes, and (kind: watch) what a watch did for it and (kind: hook) each pre_start step, in its state of the time. */
  timeline: { at: number; status: ServiceStatusView; reason: string; kind?: 'watch' | 'hook' }[];
  /** How many containers it runs. */
  replicaCount: number;
  /** Each exit this session (the newest 10), with the last lines before it. */
  exits?: { at: number; exitCode?: number; reason: string; lines: string[] }[];
  /** While it waits on a dependency that waits too: each hop, down to what is actually slow. */
  waitChain?: string[];
  /** The service at the chain's end: what is actually slow (its health report explains it). */
  waitChainEnd?: string;
  /** With more than one: each replica's own state (the fields above are the service's as a whole). */
  replicas?: ReplicaStateView[];
  /** Its last run took more than 1.5× its usual time to be ready (the median of its last runs). */
  slower?: SlowerView;
  /** The engine's own health check of its container: each probe's output, and when it probes next. */
  health?: HealthReportView;
}

export interface HealthReportView {
  status?: 'starting' | 'healthy' | 'unhealthy';
  /** The engine's last probes (it keeps five), newest last; `says`: what an HTTP health endpoint answered ("HTTP 503 — database: disconnected"). */
  log: { at: number; exitCode: number; output: string; says?: string }[];
  failingStreak: number;
  /** While starting or unhealthy: when the engine's next scheduled probe is due (an estimate). */
  nextProbeAt?: number;
}

export interface SlowerView {
  service: string;
  ms: number;
  usualMs: number;
  runs: number;
}

/** One stretch of one state in a run, in ms from the run's start. */
export interface PhaseView {
  status: ServiceStatusView;
  from: number;
  to: number;
}

/** What one service did in one run; times in ms from the run's start. */
export interface ServiceRunView {
  service: string;
  status: ServiceStatusView;
  reason: string;
  replicas: number;
  startedAt?: number;
  readyAt?: number;
  /** From its container starting to ready: its own cost, without the wait on its dependencies. */
  readyMs?: number;
  attempts: { at: number; reason: string }[];
  pullMs?: number;
  buildMs?: number;
  phases: PhaseView[];
  /** With more than one container: each replica's own run. */
  replicaRuns?: {
    replica: number;
    startedAt?: number;
    readyAt?: number;
    readyMs?: number;
    attempts: { at: number; reason: string }[];
    phases: PhaseView[];
  }[];
}

/** One Up (or restart, or start) of the stack, as kept in its history. */
export interface RunView {
  id: string;
  action: 'up' | 'restart' | 'start';
  targets: string[];
  startedAt: number;
  endedAt: number;
  outcome: 'ready' | 'failed' | 'interrupted';
  services: ServiceRunView[];
  criticalPath?: { steps: { service: string; ms: number }[]; ms: number };
}

/** A run just kept, and who in it was slower than usual. */
export interface RunRecordedView {
  run: RunView;
  slower: SlowerView[];
}

export interface ReplicaStateView {
  replica: number;
  status: ServiceStatusView;
  reason: string;
  containerName: string;
}

export type EngineStatusView =
  | {
      state: 'connected';
      since: number;
      /** "Podman 4.3.1 (API 1.41) at unix:///…, found by docker context "podman"". */
      engine?: string;
      /** "Docker" or "Podman". */
      product?: string;
      /** The far host, when the engine runs on another machine (its published ports are there). */
      remote?: string;
      /** Where each published port is from here, when not localhost: "8080" → "127.0.0.1:41234" (an SSH tunnel) or "devbox:8080". */
      ports?: Record<string, string>;
    }
  | { state: 'unreachable'; reason: string; since: number; nextRetryAt: number; attempt: number }
  | { state: 'unknown'; reason: string };

/** An engine one can pick: "default" (DOCKER_HOST or the socket found) or a docker context. */
export interface EngineChoiceView {
  name: string;
  /** unix://…, tcp://…, ssh://… */
  host: string;
  description?: string;
  /** docker's current context (DOCKER_CONTEXT, config.json), which a stack uses unless told otherwise. */
  current: boolean;
}

/** The engines, and the one the active stack uses (remembered per stack). */
export interface EngineChoicesView {
  choices: EngineChoiceView[];
  chosen: string;
}

export type OverallState = 'idle' | 'starting' | 'ready' | 'failed';

/** The stack in one word (the tray's and the window's), and whether any container is up or on its way. */
export interface OverallView {
  state: OverallState;
  words: string;
  running: boolean;
}

export interface RuntimeSnapshot {
  engine: EngineStatusView;
  services: ServiceStateView[];
  overall: OverallView;
  watch: WatchStateView;
}

/** The stacks open at once, each with its own runtime; the window shows the active one. */
export interface OpenStacksView {
  /** The active stack's `path` (none before the first open). */
  active?: string;
  stacks: { path: string; name: string; overall: OverallView }[];
}

/** The stack's watch (develop.watch, as `docker compose watch`): on or off, and what it did last. */
export interface WatchStateView {
  active: boolean;
  /** The folders and files watched, while active. */
  paths: string[];
  /** Its latest actions, newest last (20 at most). */
  events: { at: number; service?: string; text: string; failed: boolean }[];
}

export interface LogLineView {
  seq: number;
  service: string;
  /** Which replica printed it, when the service runs more than one (shown as `api-2`). */
  replica?: number;
  stream: 'stdout' | 'stderr';
  timestamp: string;
  text: string;
}

export interface LogsFetchRequest {
  services?: string[];
  /** Lines after this sequence number (0: from the oldest kept). */
  afterSeq?: number;
  limit?: number;
}

export interface LogsSearchRequest {
  text: string;
  regex?: boolean;
  services?: string[];
}

/** A service's resource use now, summed over its containers, as `docker stats` counts it. */
export interface ServiceStatsView {
  service: string;
  /** When it was read (ms). */
  at: number;
  /** Percent of one CPU (200: two CPUs busy). */
  cpuPercent: number;
  memoryBytes: number;
  /** The smallest limit of its containers (the host's memory when none is set). */
  memoryLimitBytes: number;
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
  /** How many running containers it was read from. */
  containers: number;
}
