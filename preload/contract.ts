/**
 * The one contract between Stackpilot's main process and its renderer, shared by main/ipc, main/web,
 * the preload and the renderer: its channels here, the shapes they carry in preload/views/ (and
 * exported from here). A leaf: it imports nothing else. Channels are `domain:verb`; a renamed channel
 * is a compile error on every side.
 */

import type {
  ActionResult,
  AdviceView,
  AdviceWrittenView,
  BundleWrittenView,
  InspectView,
  PlanView,
  ProjectView,
  SettingsView,
  TerminalOpenRequest,
  TerminalView,
  UpRequest,
} from './views/action-views';
import type {
  AppCommand,
  EngineChoicesView,
  EngineStatusView,
  LogLineView,
  LogsFetchRequest,
  LogsSearchRequest,
  OpenStacksView,
  OverallView,
  RunRecordedView,
  RunView,
  RuntimeSnapshot,
  ServiceStateView,
  ServiceStatsView,
  WatchStateView,
} from './views/runtime-views';
import type {
  AppInfo,
  NoticeView,
  OpenStackRequest,
  PreflightView,
  RecentStack,
  SetVariablesRequest,
  StackLoadView,
} from './views/stack-views';

export type * from './views/stack-views';
export type * from './views/runtime-views';
export type * from './views/action-views';

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
  invoke<C extends InvokeChannel>(
    channel: C,
    ...args: InvokeMap[C]['args']
  ): Promise<InvokeResponse<InvokeMap[C]['result']>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

export const isInvokeChannel = (value: unknown): value is InvokeChannel =>
  typeof value === 'string' && (Object.values(InvokeChannels) as string[]).includes(value);

export const isEventChannel = (value: unknown): value is EventChannel =>
  typeof value === 'string' && (Object.values(EventChannels) as string[]).includes(value);
