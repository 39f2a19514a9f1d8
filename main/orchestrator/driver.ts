import type { EngineSettings, NetworkIpam } from './compose/model';

/*
 * What the orchestrator and the container engine exchange: the data of the ports in ./ports.ts. The
 * orchestrator owns these types; main/docker fills them from dockerode, tests from a fake. Times are
 * epoch milliseconds.
 */

export interface EngineInfo {
  version: string;
  apiVersion: string;
  endpoint: string;
  /** Why this endpoint: "DOCKER_HOST", "context colima", "Docker socket", … */
  reason: string;
  /** Which engine answers: "Docker" or "Podman" (from its version's components). */
  product?: string;
  /** Set when the engine runs on another machine: published ports are there, not here. */
  remote?: { host: string; via: 'ssh' | 'tcp' };
}

export type ContainerRunState = 'created' | 'running' | 'restarting' | 'paused' | 'exited' | 'dead' | 'removing';
export type HealthState = 'starting' | 'healthy' | 'unhealthy';

export interface ContainerInfo {
  id: string;
  name: string;
  state: ContainerRunState;
  health?: HealthState;
  /** The last health probe's output, when the engine has one. */
  healthLog?: { exitCode: number; output: string; at: number }[];
  exitCode?: number;
  oomKilled: boolean;
  startedAt?: number;
  finishedAt?: number;
  restartCount: number;
  image: string;
  labels: Record<string, string>;
  /** Published ports: "8000/tcp" → the host addresses it is bound to. */
  ports?: Record<string, { hostIp: string; hostPort: string }[]>;
}

/** A container as `docker inspect` shows it, the parts a person reads (Inspect in the window). */
export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  imageId: string;
  /** The registry digests of its image, when it came from one. */
  digests: string[];
  created: number;
  state: ContainerRunState;
  startedAt?: number;
  command: string[];
  entrypoint: string[];
  workingDir?: string;
  user?: string;
  restartPolicy: string;
  /** NAME=value, as the container has them (values masked later, not here). */
  env: string[];
  mounts: { type: string; source: string; target: string; readOnly: boolean }[];
  networks: { name: string; ip?: string; ipv6?: string; mac?: string; aliases: string[] }[];
  ports: { container: string; host: string }[];
  labels: Record<string, string>;
  health?: { status: string; log: { at: number; exitCode: number; output: string }[] };
  /** Made with a terminal (`tty: true`), and with stdin kept open (`stdin_open`): what `attach` wires. */
  tty: boolean;
  openStdin: boolean;
}

export interface HealthcheckSpec {
  test: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
  startIntervalMs?: number;
}

export interface MountSpec {
  type: 'bind' | 'volume' | 'tmpfs';
  source?: string;
  target: string;
  readOnly: boolean;
  createHostPath?: boolean;
  noCopy?: boolean;
  /** A bind's propagation (rshared, …) and SELinux relabelling (z shared, Z private). */
  propagation?: string;
  selinux?: 'z' | 'Z';
  /** A folder inside the volume to mount instead of all of it (engine API 1.45). */
  subpath?: string;
  tmpfsSize?: number;
  tmpfsMode?: number;
}

export interface PortBindingSpec {
  containerPort: number;
  protocol: string;
  hostIp?: string;
  /** Host port or range; empty for an ephemeral port. */
  hostPort?: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  /** `use_api_socket`: the engine's socket in the container, and the user's registry credentials. */
  apiSocket?: boolean;
  /** Removed by the engine once it exits (`run -d --rm`). */
  autoRemove?: boolean;
  /** A one-off run's stdin: attached, and closed in the container when the caller's ends (the output goes on). */
  attachStdin?: boolean;
  /** os/arch[/variant] the image must be for (`platform`). */
  platform?: string;
  command: string[] | null;
  entrypoint: string[] | null;
  env: string[];
  labels: Record<string, string>;
  hostname?: string;
  user?: string;
  workingDir?: string;
  init?: boolean;
  exposedPorts: string[];
  ports: PortBindingSpec[];
  mounts: MountSpec[];
  tmpfs: string[];
  /** In the order they are joined: the first is the one the container is created on. */
  networks: NetworkAttachment[];
  healthcheck?: HealthcheckSpec | 'disabled';
  restartPolicy?: { name: 'no' | 'always' | 'on-failure' | 'unless-stopped'; maxRetries?: number };
  stopSignal?: string;
  stopTimeoutSeconds?: number;
  extraHosts: string[];
  /** The container's own settings (process, security, DNS, resources); absent when none is set. */
  settings?: EngineSettings;
  /** The engine's network mode (host, none, bridge, container:NAME) instead of the stack's networks. */
  networkMode?: string;
  /** Files written into the container after it is made and before it starts (secrets, configs). */
  files?: FileCopy[];
  /** Containers whose volumes it mounts too: `NAME[:ro|rw]`. */
  volumesFrom?: string[];
  /** Other containers reachable under an alias on its first network: `CONTAINER:ALIAS`. */
  links?: string[];
}

export interface FileCopy {
  /** Absolute, in the container. */
  path: string;
  content: string;
  mode: number;
  uid: number;
  gid: number;
}

export interface NetworkAttachment {
  name: string;
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
  linkLocalIps?: string[];
  macAddress?: string;
  gwPriority?: number;
  driverOpts?: Record<string, string>;
}

/** A path in a container, as the engine's archive API states it. */
export interface PathStat {
  name: string;
  size: number;
  isDirectory: boolean;
  /** Where a symbolic link points (empty for anything else). */
  linkTarget: string;
}

/** A volume as the engine lists it. */
export interface VolumeSummary {
  name: string;
  labels: Record<string, string>;
  driver?: string;
  mountpoint?: string;
  scope?: string;
}

export interface CommitOptions {
  /** REPOSITORY[:TAG]; none: an untagged image. */
  reference?: string;
  author?: string;
  message?: string;
  /** Dockerfile instructions applied to the image (`CMD ["sh"]`, `ENV A=b`, …). */
  changes: string[];
  /** Pause the container while committing (the default, as docker's). */
  pause: boolean;
}

export interface NetworkSpec {
  name: string;
  labels: Record<string, string>;
  driver?: string;
  driverOpts: Record<string, string>;
  internal: boolean;
  attachable: boolean;
  ipam?: NetworkIpam;
  enableIpv4?: boolean;
  enableIpv6?: boolean;
}

export interface VolumeSpec {
  name: string;
  labels: Record<string, string>;
  driver?: string;
  driverOpts: Record<string, string>;
}

export type ContainerEventAction =
  'create' | 'start' | 'die' | 'health_status' | 'stop' | 'kill' | 'destroy' | 'restart' | 'oom' | 'pause' | 'unpause';

export interface ContainerEvent {
  action: ContainerEventAction;
  containerId: string;
  labels: Record<string, string>;
  health?: HealthState;
  exitCode?: number;
  /** Engine time, milliseconds (from timeNano). */
  time: number;
}

export interface ImageProgress {
  /** Bytes done and total over every layer seen so far (pull), or undefined when unknown. */
  current?: number;
  total?: number;
  /** The latest line of output (build step, pull status). */
  message: string;
}

export interface BuildSpec {
  context: string;
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
  platform?: string;
  /** `build --no-cache` / `build.no_cache`: no layer from the cache. */
  noCache?: boolean;
  /** `build --pull` / `build.pull`: fetch newer base images first. */
  pull?: boolean;
  /** The Dockerfile's text, when it is not a file in the context (`dockerfile_inline`). */
  dockerfileInline?: string;
  /** More tags for the image. */
  tags?: string[];
  networkMode?: string;
  shmSize?: number;
  extraHosts?: string[];
  ulimits?: { name: string; soft: number; hard: number }[];
  cacheFrom?: string[];
  isolation?: string;
  tag: string;
  labels: Record<string, string>;
}

/** Who and where an exec runs as: a lifecycle hook's own user, privileges, folder and variables. */
export interface ExecOptions {
  user?: string;
  privileged?: boolean;
  workingDir?: string;
  env?: string[];
}

/** The streams of an attached exec: the caller's terminal, or pipes. */
export interface AttachedIO {
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface ImageInfo {
  id: string;
  size: number;
  /** When the image was last pulled or tagged here (ms), for pull policies on a schedule. */
  lastTagTime?: number;
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** Engine timestamp, RFC 3339 with nanoseconds (exact, for resuming). */
  timestamp: string;
  text: string;
}

export interface LogOptions {
  follow: boolean;
  /** Unix seconds (may be fractional) to start from. */
  since?: number;
  /** Unix seconds to end at (`logs --until`). */
  until?: number;
  tail?: number;
}

export interface Subscription {
  close(): void;
}

export interface EventSubscription extends Subscription {
  /** Resolves once the engine has accepted the subscription: events after this are not missed. */
  ready: Promise<void>;
}

/** Every port at once: what main/docker implements for Docker and Podman, and the fake for tests. */
export type { ContainerDriver } from './ports';
