/*
 * What the window is shown of a stack as read from its files: services, variables, the checklist, load
 * errors. Part of the contract (preload/contract.ts re-exports it).
 */

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
