/**
 * The one contract between Stackpilot's main process and its renderer, shared by main/ipc, main/web,
 * the preload and the renderer. A leaf: it imports nothing. Channels are `domain:verb`; a renamed
 * channel is a compile error on every side.
 */

export const InvokeChannels = {
  appInfo: 'app:info',
  stackOpen: 'stack:open',
  stackCurrent: 'stack:current',
} as const;

export const EventChannels = {
  stackChanged: 'stack:changed',
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
}

export interface VariableView {
  name: string;
  description?: string;
  secret: boolean;
  /** Shown only for variables that are not secret. */
  default?: string;
  /** Whether the environment or .env gives it a value; the value itself never crosses. */
  set: boolean;
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
  variables: VariableView[];
  warnings: DiagnosticView[];
}

export type StackLoadView =
  | { status: 'loaded'; stack: StackView }
  | { status: 'invalid'; source: string; errors: DiagnosticView[]; warnings: DiagnosticView[] };

export interface InvokeMap {
  'app:info': { args: []; result: AppInfo };
  'stack:open': { args: [OpenStackRequest]; result: StackLoadView };
  'stack:current': { args: []; result: StackLoadView | null };
}

export interface EventMap {
  'stack:changed': StackLoadView;
}

/** Errors cross the boundary as data, and are thrown again on the other side. */
export interface ContractErrorData {
  name: string;
  message: string;
  code?: string;
}

export type InvokeResponse<T> = { result: T } | { error: ContractErrorData };

/** What the preload exposes as `window.stackpilot`, and what browser mode implements over a WebSocket. */
export interface StackpilotApi {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeMap[C]['args']): Promise<InvokeMap[C]['result']>;
  on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

export const isInvokeChannel = (value: unknown): value is InvokeChannel =>
  typeof value === 'string' && (Object.values(InvokeChannels) as string[]).includes(value);

export const isEventChannel = (value: unknown): value is EventChannel =>
  typeof value === 'string' && (Object.values(EventChannels) as string[]).includes(value);
