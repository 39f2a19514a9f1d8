/**
 * The one contract between Stackpilot's main process and its renderer, shared by main/ipc, main/web,
 * the preload and the renderer. A leaf: it imports nothing. Channels are `domain:verb`; a renamed
 * channel is a compile error on every side.
 */

export const InvokeChannels = {
  appInfo: 'app:info',
  stackOpen: 'stack:open',
  stackCurrent: 'stack:current',
  stackSetVariables: 'stack:set-variables',
  stackSetProfiles: 'stack:set-profiles',
  stackPreflight: 'stack:preflight',
  stackRecent: 'stack:recent',
  stackUp: 'stack:up',
  stackDown: 'stack:down',
  stackRestart: 'stack:restart',
  stackFetchImages: 'stack:fetch-images',
  stackRecreateOutdated: 'stack:recreate-outdated',
  stackWatch: 'stack:watch',
  stacksList: 'stacks:list',
  stackClose: 'stack:close',
  serviceStart: 'service:start',
  serviceStop: 'service:stop',
  serviceRestart: 'service:restart',
  serviceResetCircuit: 'service:reset-circuit',
  serviceScale: 'service:scale',
  runtimeSnapshot: 'runtime:snapshot',
  logsFetch: 'logs:fetch',
  logsSearch: 'logs:search',
  serviceInspect: 'service:inspect',
  serviceRevealEnv: 'service:reveal-env',
  engineProjects: 'engine:projects',
  engineChoices: 'engine:choices',
  stackUseEngine: 'stack:use-engine',
  settingsGet: 'settings:get',
  settingsSet: 'settings:set',
  terminalOpen: 'terminal:open',
  terminalInput: 'terminal:input',
  terminalResize: 'terminal:resize',
  terminalClose: 'terminal:close',
  historyList: 'history:list',
  stackAdvise: 'stack:advise',
  stackAdviseWrite: 'stack:advise-write',
  stackBundle: 'stack:bundle',
  stackPlan: 'stack:plan',
} as const;

export const EventChannels = {
  stackChanged: 'stack:changed',
  serviceState: 'service:state',
  overall: 'stack:overall',
  engineStatus: 'engine:status',
  logsBatch: 'logs:batch',
  statsBatch: 'stats:batch',
  notice: 'app:notice',
  command: 'app:command',
  settingsChanged: 'settings:changed',
  terminalOutput: 'terminal:output',
  terminalExit: 'terminal:exit',
  watchChanged: 'watch:changed',
  stacksChanged: 'stacks:changed',
  historyRecorded: 'history:recorded',
} as const;

export type InvokeChannel = (typeof InvokeChannels)[keyof typeof InvokeChannels];
export type EventChannel = (typeof EventChannels)[keyof typeof EventChannels];

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
}

export interface OpenStackRequest {
  /** A compose file or a folder holding one. */
  path: string;
  profiles?: string[];
  /** As `-p`: a project started under a name of its own (opened from the engine's list). */
  projectName?: string;
}

export interface DiagnosticView {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  /** For missing/unset-variable findings: the variable to ask for. */
  variable?: string;
}

export type DependencyConditionView = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DependencyView {
  service: string;
  condition: DependencyConditionView;
  required: boolean;
  restart: boolean;
}

export interface PortView {
  published?: string;
  target: number;
  protocol: string;
  hostIp?: string;
}

/** What a service is, before anything runs. Runtime state arrives with the orchestrator. */
export interface ServiceView {
  name: string;
  description?: string;
  group?: string;
  image?: string;
  /** Build context, when the image is built. */
  build?: string;
  /** The program that runs it, for a provider's service (it has no image). */
  provider?: string;
  /** 1-based start level. */
  level: number;
  dependsOn: DependencyView[];
  /** Services that wait on this one. */
  dependents: string[];
  ports: PortView[];
  /** The readiness rule in words: "healthcheck: wget …", "http probe: …", "running". */
  readiness: string;
  open?: string;
  profiles: string[];
  /** Its develop.watch rules, in words ("sync ./src → /app"): what the stack's Watch acts on. */
  watch: string[];
}

export interface VariableView {
  name: string;
  description?: string;
  secret: boolean;
  /** Shown only for variables that are not secret. */
  default?: string;
  /** Whether the environment, .env or this session gives it a value; the value itself never crosses. */
  set: boolean;
  /** The stack cannot load without it (`${NAME:?…}`), or x-stackpilot.env gives no default. */
  required: boolean;
}

export interface StackView {
  name: string;
  projectDir: string;
  files: string[];
  description?: string;
  docs?: string;
  services: ServiceView[];
  levels: string[][];
  inactiveServices: string[];
  /** Every profile the files name, whether it is active, and the services it holds. */
  profiles: { name: string; active: boolean; services: string[] }[];
  variables: VariableView[];
  warnings: DiagnosticView[];
}

/**
 * What opening (or reloading) a stack gave. `revision` counts the loads of this app run: one load is
 * one revision, whether it reaches the window as the command's answer or as `stack:changed`.
 */
export type StackLoadView =
  | {
      status: 'loaded';
      revision: number;
      stack: StackView;
      /**
       * The files changed on disk and no longer load: the stack shown (and running) is the last one that
       * did, and these say why the edit does not.
       */
      reloadErrors?: DiagnosticView[];
      /** The file whose edit this load follows, when it came from one. */
      changedFile?: string;
    }
  | {
      status: 'invalid';
      revision: number;
      source: string;
      errors: DiagnosticView[];
      warnings: DiagnosticView[];
      /** Variables that would let it load: asked for in a form instead of only listed as errors. */
      needs: VariableView[];
      /** Where `.env` would be written for them. */
      projectDir: string;
    };

export interface SetVariablesRequest {
  values: Record<string, string>;
  /** Write them to the project's `.env` (only with the user's consent); else this session only. */
  save: boolean;
}

export interface PreflightCheck {
  id: 'engine' | 'variables' | 'ports' | 'images' | 'disk';
  /** warning: worth knowing, nothing blocks Up. */
  state: 'ok' | 'problem' | 'warning' | 'unknown';
  title: string;
  detail: string;
  /** What to do, when something is wrong. */
  hint?: string;
  items: { name: string; ok: boolean; detail: string }[];
}

export interface PreflightView {
  checks: PreflightCheck[];
  /** Nothing blocks Up (warnings may remain). */
  ready: boolean;
}

export interface RecentStack {
  path: string;
  name: string;
  openedAt: number;
}

/** Something worth telling the user once: a service failed or recovered, a file was written. */
export interface NoticeView {
  level: 'info' | 'success' | 'error';
  title: string;
  body: string;
  service?: string;
}

/** A menu item or shortcut the shell handles by asking the window to act. */
export type AppCommand = 'open' | 'up' | 'down' | 'toggle-logs' | 'toggle-graph' | 'focus-search' | 'focus-filter' | 'show-help';

export type ServiceStatusView = 'defined' | 'waiting' | 'pulling' | 'building' | 'starting' | 'ready' | 'unhealthy' | 'backoff' | 'failed' | 'blocked' | 'stopping' | 'stopped' | 'completed';

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
  replicaRuns?: { replica: number; startedAt?: number; readyAt?: number; readyMs?: number; attempts: { at: number; reason: string }[]; phases: PhaseView[] }[];
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

/** One variable of a container's environment. A secret's value is not sent until asked for. */
export interface EnvEntryView {
  name: string;
  /** Absent for a secret: `service:reveal-env` gives it. */
  value?: string;
  secret: boolean;
}

/** A service's container as the engine has it: read-only, for a person to read and copy. */
export interface InspectView {
  service: string;
  container: string;
  id: string;
  image: string;
  imageId: string;
  digests: string[];
  created: number;
  state: string;
  startedAt?: number;
  command: string[];
  entrypoint: string[];
  workingDir?: string;
  user?: string;
  restartPolicy: string;
  env: EnvEntryView[];
  mounts: { type: string; source: string; target: string; readOnly: boolean }[];
  networks: { name: string; ip?: string; ipv6?: string; mac?: string; aliases: string[] }[];
  ports: { container: string; host: string }[];
  labels: Record<string, string>;
  /** The engine's last health probes, newest last, with what they printed. */
  health?: { status: string; log: { at: number; exitCode: number; output: string }[] };
}

/** What the user chose in Settings (every field has its default filled in). */
export interface SettingsView {
  theme: 'system' | 'light' | 'dark';
  fastReadiness: boolean;
  concurrency: number;
  notifications: boolean;
  /** What quitting the desktop app does while a stack runs. */
  onQuit: 'ask' | 'stop' | 'leave';
}

/** A compose project on the engine (Stackpilot's or docker compose's), as `docker compose ls` lists it. */
export interface ProjectView {
  name: string;
  /** `running(2), exited(1)`, as docker compose ls says it. */
  status: string;
  running: number;
  containers: number;
  services: number;
  /** The files it was started from: what Open opens. */
  configFiles: string[];
  workingDir?: string;
  byStackpilot: boolean;
  /** The stack open in this window. */
  open: boolean;
}

export interface TerminalOpenRequest {
  service: string;
  replica?: number;
  /** A command line to run (through the container's sh); none: a shell, bash when it has one, else sh. */
  command?: string;
  cols: number;
  rows: number;
}

export interface TerminalView {
  id: string;
  service: string;
  container: string;
  /** What runs, as the engine was asked to run it. */
  command: string[];
}

/** What a command did, for the UI to say (and the CLI command that does the same). */
export interface ActionResult {
  ok: boolean;
  message: string;
  /**
   * The action stopped at a question only the user can answer (a changed volume: make it anew, its
   * data lost?). `answer` labels the button that repeats the action with yes.
   */
  confirm?: { question: string; answer: string };
  /** The same from a terminal with stackpilot ('' when it has none)… */
  cli: string;
  /** …and with docker compose, where compose has the command. */
  compose?: string;
}

export interface UpRequest {
  /** Make anew the volumes whose definition changed (their data is lost). */
  recreateChangedVolumes: boolean;
}

export interface InvokeMap {
  'app:info': { args: []; result: AppInfo };
  'stack:open': { args: [OpenStackRequest]; result: StackLoadView };
  'stack:current': { args: []; result: StackLoadView | null };
  'stack:set-variables': { args: [SetVariablesRequest]; result: StackLoadView };
  /** Opens the same stack again with these profiles active (none: only the services without one). */
  'stack:set-profiles': { args: [string[]]; result: StackLoadView };
  'stack:preflight': { args: []; result: PreflightView };
  'stack:recent': { args: []; result: RecentStack[] };
  /** With `recreateChangedVolumes`: the yes to ActionResult.confirm (as `up -y`). */
  'stack:up': { args: [] | [UpRequest]; result: ActionResult };
  'stack:down': { args: []; result: ActionResult };
  'stack:restart': { args: []; result: ActionResult };
  'stack:fetch-images': { args: []; result: ActionResult };
  /** Makes anew the containers whose definition changed (and nothing else): `up --no-deps` of them. */
  'stack:recreate-outdated': { args: []; result: ActionResult };
  /** Starts (true) or stops the watch; refused with why and what to do when no rule can run. */
  'stack:watch': { args: [boolean]; result: WatchStateView };
  'stacks:list': { args: []; result: OpenStacksView };
  /** Closes one open stack (by its path): its containers keep running; another becomes active. */
  'stack:close': { args: [string]; result: OpenStacksView };
  'service:start': { args: [string]; result: ActionResult };
  'service:stop': { args: [string]; result: ActionResult };
  'service:restart': { args: [string]; result: ActionResult };
  'service:reset-circuit': { args: [string]; result: ActionResult };
  /** Runs this many containers of the service: adds the missing numbers, or removes the highest. */
  'service:scale': { args: [string, number]; result: ActionResult };
  'runtime:snapshot': { args: []; result: RuntimeSnapshot };
  'logs:fetch': { args: [LogsFetchRequest]; result: LogLineView[] };
  'logs:search': { args: [LogsSearchRequest]; result: LogLineView[] };
  /** The service's container (its first replica, or the one numbered). */
  'service:inspect': { args: [string, number?]; result: InspectView };
  /** One secret variable's value, on the user's request. */
  'service:reveal-env': { args: [string, string, number?]; result: string };
  'settings:get': { args: []; result: SettingsView };
  /** Changes what is given; the runtime's options (fast readiness, concurrency) apply from the next load of a stack. */
  'settings:set': { args: [Partial<SettingsView>]; result: SettingsView };
  /** Every compose project on the engine, with a container in any state. */
  'engine:projects': { args: []; result: ProjectView[] };
  /** The engines one can pick (docker contexts, "default" first) and the active stack's. */
  'engine:choices': { args: []; result: EngineChoicesView };
  /** Runs the active stack on this engine (a context name) from now on, remembered for the stack; what runs on the other stays there. */
  'stack:use-engine': { args: [string]; result: EngineChoicesView };
  /** An exec with a TTY in the service's container; its output comes as terminal:output. */
  'terminal:open': { args: [TerminalOpenRequest]; result: TerminalView };
  'terminal:input': { args: [string, string]; result: boolean };
  'terminal:resize': { args: [string, number, number]; result: boolean };
  /** Ends the exec (its shell gets a hangup, as when a terminal window closes). */
  'terminal:close': { args: [string]; result: boolean };
  /** The open stack's kept runs (the newest 50), oldest first. */
  'history:list': { args: []; result: RunView[] };
  /** The healthcheck advisor's findings for the open stack, and the override that fixes what it can. */
  'stack:advise': { args: []; result: AdviceView };
  /** What Up would do now, read from the engine, changing nothing (as `stackpilot up --dry-run`). */
  'stack:plan': { args: []; result: PlanView };
  /** Writes the override shown (its text, as `stack:advise` gave it); refused when it would now differ. */
  'stack:advise-write': { args: [string]; result: AdviceWrittenView };
  /** Writes a diagnostic bundle of the open stack (secrets masked) into the app's data folder. */
  'stack:bundle': { args: []; result: BundleWrittenView };
}

/** A diagnostic bundle written: where, and what is in it. */
export interface BundleWrittenView extends ActionResult {
  file: string;
  entries: { name: string; bytes: number }[];
}

export interface FindingView {
  code: 'late-first-probe' | 'started-not-healthy' | 'short-unhealthy-window' | 'liveness-only';
  service: string;
  message: string;
  /** file:line:column where the file says it. */
  where?: string;
  evidence: string[];
  /** The fix written into the override, as YAML under the service; none: what to do by hand is in `hint`. */
  fix?: string;
  hint?: string;
}

export interface AdviceView {
  findings: FindingView[];
  /** How many runs of history the figures come from. */
  runs: number;
  /** Whether the engine honours start_interval (Docker 25, API 1.44): the fixes differ. */
  startIntervalApplies: boolean;
  override?: { file: string; exists: boolean; after: string; diff: { kind: ' ' | '-' | '+'; text: string }[] };
}

export interface AdviceWrittenView {
  file: string;
  /** The open stack reads the file (docker compose in that folder does, without -f). */
  loaded: boolean;
}

/** One thing Up would do, and why. keep: left as it is; missing and refused: Up would stop there. */
export interface PlanStepView {
  kind: 'network' | 'volume' | 'image' | 'container' | 'provider';
  action: 'create' | 'recreate' | 'start' | 'keep' | 'remove' | 'pull' | 'build' | 'run' | 'missing' | 'refused';
  /** Its name on the engine. */
  name: string;
  service?: string;
  why: string;
}

export interface PlanView {
  project: string;
  steps: PlanStepView[];
  /** The same, from a terminal: Stackpilot's command, and docker compose's. */
  cli: string;
  compose?: string;
}

export interface EventMap {
  'stack:changed': StackLoadView;
  'service:state': ServiceStateView;
  'stack:overall': OverallView;
  'engine:status': EngineStatusView;
  'logs:batch': LogLineView[];
  /** Every running service's use, each few seconds while any runs. */
  'stats:batch': ServiceStatsView[];
  'app:notice': NoticeView;
  'app:command': AppCommand;
  'settings:changed': SettingsView;
  'terminal:output': { id: string; data: string };
  'terminal:exit': { id: string; exitCode: number };
  'watch:changed': WatchStateView;
  'stacks:changed': OpenStacksView;
  'history:recorded': RunRecordedView;
}

/** Sends one event to whoever listens on the other side (the window, browser-mode sockets). */
export type EmitEvent = <E extends EventChannel>(event: E, payload: EventMap[E]) => void;

/**
 * Errors cross the boundary as data, and are thrown again, as one typed error, on the other side.
 * `code` is the engine's error code (engine-unreachable, port-taken, …), a contract code
 * (unknown-channel, bad-payload), or `unexpected`; `hint` says what to do.
 */
export interface ContractErrorData {
  name: string;
  code: string;
  message: string;
  hint?: string;
}

export type InvokeResponse<T> = { result: T } | { error: ContractErrorData };

/** What the renderer calls: results, or a thrown error carrying the ContractErrorData. */
export interface StackpilotApi {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeMap[C]['args']): Promise<InvokeMap[C]['result']>;
  on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

/**
 * What the preload exposes as `window.stackpilot`: answers as data. An error thrown across Electron's
 * context bridge keeps only its message (its code and hint would be lost), so the renderer turns the
 * data into the typed error itself, as the browser transport does.
 */
export interface BridgeApi {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeMap[C]['args']): Promise<InvokeResponse<InvokeMap[C]['result']>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

export const isInvokeChannel = (value: unknown): value is InvokeChannel => typeof value === 'string' && (Object.values(InvokeChannels) as string[]).includes(value);

export const isEventChannel = (value: unknown): value is EventChannel => typeof value === 'string' && (Object.values(EventChannels) as string[]).includes(value);
