/**
 * The typed stack model: what a set of compose files means once found, parsed, interpolated, merged,
 * validated and normalised. Every later part of Stackpilot (graph, supervisor, UI, CLI) reads this and
 * never the raw YAML. Durations are milliseconds.
 */
import type { Diagnostic } from './diagnostics';
import type { WrittenForm } from './written-form';
import type { EngineSettings, Ulimit } from './container-settings-model';

export type * from './container-settings-model';

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependencyCondition;
  /** Restart this service when the dependency is restarted (`depends_on.<x>.restart`). */
  restart: boolean;
  /** When false, a missing or inactive dependency is skipped with a warning. */
  required: boolean;
}

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface PortMapping {
  target: number;
  /** Host port or range, as compose prints it (a string); undefined means an ephemeral port. */
  published?: string;
  hostIp?: string;
  protocol: PortProtocol;
  mode: 'ingress' | 'host';
  name?: string;
  appProtocol?: string;
}

export interface VolumeMount {
  type: 'bind' | 'volume' | 'tmpfs';
  /** Absolute host path for binds, volume name for named volumes; undefined for anonymous ones. */
  source?: string;
  target: string;
  readOnly: boolean;
  bind?: { createHostPath: boolean; propagation?: string; selinux?: 'z' | 'Z' };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number; mode?: number };
}

export interface Healthcheck {
  /** `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`. */
  test?: string[];
  interval?: number;
  timeout?: number;
  retries?: number;
  startPeriod?: number;
  startInterval?: number;
  disable: boolean;
}

export interface BuildSpec {
  /** Absolute path, or a URL for remote contexts. */
  context: string;
  /** Relative to the context, or absolute (possibly outside it). */
  dockerfile: string;
  /** `dockerfile_inline`: the Dockerfile's text itself. */
  dockerfileInline?: string;
  args: Record<string, string | null>;
  target?: string;
  labels?: Record<string, string>;
  /** The network RUN steps use (`network`). */
  network?: string;
  shmSize?: number;
  /** `host:ip` entries for RUN steps' /etc/hosts. */
  extraHosts?: string[];
  noCache?: boolean;
  pull?: boolean;
  /** More names for the image, besides the service's. */
  tags?: string[];
  ulimits?: Record<string, Ulimit>;
  cacheFrom?: string[];
  isolation?: string;
  platforms?: string[];
  /** Keys only BuildKit has (additional_contexts, secrets, ssh, …), as written: printed, refused at a build. */
  buildkitOnly?: Record<string, unknown>;
}

export interface ServiceNetwork {
  aliases?: string[];
  ipv4Address?: string;
  ipv6Address?: string;
  /** Higher first: the network the container is created on, and the order it joins the rest. */
  priority?: number;
  /** The default route goes through the attachment with the highest `gw_priority`. */
  gwPriority?: number;
  macAddress?: string;
  linkLocalIps?: string[];
  /** The interface's name in the container (`interface_name`). */
  interfaceName?: string;
  driverOpts?: Record<string, string>;
}

export type RestartPolicy = 'no' | 'always' | 'unless-stopped' | `on-failure${string}`;

export interface EnvFileRef {
  path: string;
  required: boolean;
  /** `raw`: each line is KEY=VALUE taken as written (quotes kept, no interpolation), as compose reads it. */
  format?: 'raw';
}

export type ReadyProbe =
  | { kind: 'http'; url: string; interval: number; timeout: number }
  | { kind: 'tcp'; host: string; port: number; interval: number; timeout: number }
  | { kind: 'exec'; command: string[]; interval: number; timeout: number }
  | { kind: 'log'; pattern: string; interval: number; timeout: number };

export interface RetryPolicy {
  attempts: number;
  delay: number;
  maxDelay: number;
}

export interface CrashLoopPolicy {
  restarts: number;
  window: number;
}

export interface StackpilotServiceExtension {
  description?: string;
  group?: string;
  open?: string;
  ready?: ReadyProbe;
  startupTimeout?: number;
  /** false: never run this service's healthcheck test from Stackpilot (an expensive check, say). */
  fastReadiness?: boolean;
  retry?: RetryPolicy;
  crashLoop?: CrashLoopPolicy;
  /**
   * Restart it when its health check fails after it was ready, with the backoff and crash-loop circuit
   * of a crash (the engine and compose never do: moby/moby#28400). Unset: the stack's default (off).
   */
  restartOnUnhealthy?: boolean;
}

export interface StackpilotVariable {
  description?: string;
  secret: boolean;
  default?: string;
}

export interface StackpilotProjectExtension {
  description?: string;
  docs?: string;
  env: Record<string, StackpilotVariable>;
}

import type { FileGrant, FileSource } from './file-grant';

export type { FileGrant, FileSource } from './file-grant';

export type { LifecycleHook, PreStartHook } from './hook-model';
import type { LifecycleHook, PreStartHook } from './hook-model';

/** What a `develop.watch` rule does when a file under its path changes (compose watch). */
export type WatchAction = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

/** One `develop.watch` rule, its paths resolved. */
export interface WatchRule {
  action: WatchAction;
  /** Absolute, on the host: a folder (watched with all below it) or a file. */
  path: string;
  /** Absolute, in the container: where `path` is synced to (the sync actions). */
  target?: string;
  /** .dockerignore patterns, relative to `path`. */
  ignore: string[];
  /** When given, only paths matching one of these (relative to `path`) count. */
  include: string[];
  /** The sync actions: everything under `path` is copied in when the watch starts. */
  initialSync: boolean;
  /** `sync+exec`: run in each container after the sync. */
  exec?: LifecycleHook;
  /** Its `x-*` keys, as written (config prints them). */
  extensions?: Record<string, unknown>;
}

/** `provider`: the program that runs the service for compose, and the options it is given. */
export interface ProviderSpec {
  type: string;
  /** Each option's values, in order: `--name=value` once per value. */
  options: Record<string, string[]>;
}

export interface Service {
  name: string;
  image?: string;
  /** Run by an external program (`provider.type`), not as containers: no image, no networks. */
  provider?: ProviderSpec;
  /** `attach: false`: an attached up does not print its logs. */
  attach?: boolean;
  /** `use_api_socket`: the container drives the engine (its socket mounted, credentials given). */
  useApiSocket?: boolean;
  /** `platform`: the image's os/arch, for pulls, builds and the container. */
  platform?: string;
  build?: BuildSpec;
  /** null: the image's default. */
  command: string[] | null;
  entrypoint: string[] | null;
  environment: Record<string, string | null>;
  envFiles: EnvFileRef[];
  ports: PortMapping[];
  expose: string[];
  volumes: VolumeMount[];
  tmpfs: string[];
  networks: Record<string, ServiceNetwork | null>;
  dependsOn: Record<string, Dependency>;
  healthcheck?: Healthcheck;
  restart?: RestartPolicy;
  /** A `restart` the engine does not know: loaded and printed, as compose does, and refused at start. */
  restartRefused?: string;
  stopSignal?: string;
  stopGracePeriod?: number;
  labels: Record<string, string>;
  profiles: string[];
  workingDir?: string;
  user?: string;
  hostname?: string;
  extraHosts: string[];
  init?: boolean;
  containerName?: string;
  /** How many containers the service runs (`scale`, `deploy.replicas`; 1 when neither is set). */
  replicas: number;
  /** The container's own settings: process, security, DNS, resources. */
  settings: EngineSettings;
  /** How `scale` and `deploy` were written, which `config` prints back as compose does. */
  written: WrittenForm;
  /** When its image is pulled or built: `missing` (the default; if_not_present), `always`, `never`, `build`; daily, weekly, every_…, refresh on a schedule. */
  pullPolicy?: 'missing' | 'always' | 'never' | 'build' | 'refresh' | 'daily' | 'weekly' | `every_${string}`;
  /** `pull_refresh_after` (ms), with pull_policy: refresh. */
  pullRefreshAfter?: number;
  /** `volumes_from`: `service[:ro|rw]` (that service starts first) or `container:NAME[:ro|rw]`. */
  volumesFrom: { service?: string; container?: string; readOnly: boolean }[];
  /** `links`: another service (which starts first), reachable under an alias too. */
  links: { service: string; alias: string }[];
  /** `external_links`: containers of no service here, reachable under an alias. */
  externalLinks: { container: string; alias: string }[];
  /** Secrets, in /run/secrets unless a target says otherwise. */
  secrets: FileGrant[];
  /** Configs, at /<name> unless a target says otherwise. */
  configs: FileGrant[];
  /**
   * `network_mode`: host, none, bridge, `service:NAME` (NAME's network stack, and NAME starts first)
   * or `container:NAME`. With it the service joins none of the stack's networks.
   */
  networkMode?: string;
  /** Run in the container after each start Stackpilot makes, and before each stop it asks for. */
  postStart: LifecycleHook[];
  preStop: LifecycleHook[];
  /** Run in throwaway containers before the service starts when none of its replicas runs. */
  preStart: PreStartHook[];
  /** `develop.watch`: what `stackpilot watch` (and the window's Watch) does when files change. */
  watch: WatchRule[];
  /** `x-*` keys of the service, as written (after interpolation). */
  extensions: Record<string, unknown>;
  stackpilot: StackpilotServiceExtension;
}

export interface NetworkSpec {
  name: string;
  external: boolean;
  driver?: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
  internal: boolean;
  attachable: boolean;
  /** Address pools (`ipam`); none: the engine picks a subnet. */
  ipam?: NetworkIpam;
  /** `enable_ipv4` / `enable_ipv6`; unset: the engine's default. */
  enableIpv4?: boolean;
  enableIpv6?: boolean;
}

export interface NetworkIpam {
  driver?: string;
  config: { subnet?: string; ipRange?: string; gateway?: string; auxAddresses: Record<string, string> }[];
  options: Record<string, string>;
}

export interface VolumeSpec {
  name: string;
  external: boolean;
  driver?: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
}

export interface Stack {
  /** The project name: containers are `<name>-<service>-1`. */
  name: string;
  projectDir: string;
  /** Absolute paths of the compose files, in merge order. */
  files: string[];
  /** The project's environment files read for interpolation (its `.env`), absolute. */
  envFiles: string[];
  /** Active services (outside any inactive profile), by name. */
  services: Record<string, Service>;
  /** Services defined but left out by profiles. */
  inactiveServices: Record<string, Service>;
  activeProfiles: string[];
  networks: Record<string, NetworkSpec>;
  volumes: Record<string, VolumeSpec>;
  secrets: Record<string, FileSource>;
  configs: Record<string, FileSource>;
  /** Top-level `x-*` keys, as written. */
  extensions: Record<string, unknown>;
  stackpilot: StackpilotProjectExtension;
  warnings: Diagnostic[];
  /**
   * What `config --no-normalize` prints as written: the networks, volumes, secrets and configs whose
   * name was written (`networks.back`), and those compose's normalisation added (the default network).
   */
  written?: { named: string[]; implicit: string[] };
}
