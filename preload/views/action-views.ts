/*
 * What the window asks for and gets back when it acts: inspect, settings, terminals, actions, advice,
 * bundles, plans. Part of the contract (preload/contract.ts re-exports it).
 */

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
  /** Restart services that turn unhealthy after ready, unless one says otherwise (x-stackpilot.restart_on_unhealthy). */
  restartOnUnhealthy: boolean;
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
  /** What it comes to, in one line: "2 to create, 1 to recreate, 3 kept". */
  summary: string;
  /** The same, from a terminal: Stackpilot's command, and docker compose's. */
  cli: string;
  compose?: string;
}
