import type { EngineSettings, NetworkIpam } from './compose/model';
import type { ContainerStats } from './stats';
/**
 * The port through which the engine talks to a container engine. The engine owns this interface;
 * main/docker implements it with dockerode, and unit tests with a fake. Times are epoch milliseconds.
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

export type ContainerEventAction = 'create' | 'start' | 'die' | 'health_status' | 'stop' | 'kill' | 'destroy' | 'restart' | 'oom' | 'pause' | 'unpause';

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

export interface ContainerDriver {
  info(): EngineInfo;
  /**
   * Where a published port the user names as localhost:PORT really is from this machine. Absent (or
   * itself) for a local engine; a remote one's host, or the local end of a tunnel to it over SSH.
   */
  reach?(host: string, port: number): Promise<{ host: string; port: number }>;
  /** Ends what the connection holds open (an SSH connection and its tunnels); absent when it holds nothing. */
  close?(): void;
  /** Resolves when the engine answers within `timeoutMs`; rejects with why not. */
  ping(timeoutMs: number): Promise<void>;
  /** Containers with these labels; a value of `true` only asks that the label be there. */
  listContainers(labels: Record<string, string | true>): Promise<ContainerInfo[]>;
  /** Attaches the caller's streams to a created container, starts it, and resolves with its exit code once it exits. */
  runAttached(id: string, io: AttachedIO, tty: boolean): Promise<number>;
  /**
   * `docker attach`: the caller's streams wired to a container that already runs (stdin only when
   * given). Resolves with its exit code once it stops, or undefined once `detach` fires (it runs on).
   */
  attachContainer(id: string, io: AttachedIO, opts: { tty: boolean; detachKeys?: string; detach?: AbortSignal }): Promise<number | undefined>;
  /** One reading of the container's resource use (two CPU samples about a second apart, as docker stats takes). */
  stats(id: string): Promise<ContainerStats>;
  /** The engine's stream of readings (one a second while the container runs), until closed or it stops. */
  streamStats(id: string, onSample: (s: ContainerStats) => void, onEnd?: (error?: Error) => void): Subscription;
  /** The container's processes, as `docker top` shows them. */
  top(id: string): Promise<{ titles: string[]; processes: string[][] }>;
  /**
   * Runs a command in the container wired to the caller's streams (a TTY when asked); resolves with its
   * exit code. `detach`: started and left to run, nothing wired (`exec -d`); resolves with 0 once started.
   */
  execAttached(id: string, command: string[], io: AttachedIO, as?: ExecOptions & { tty?: boolean; detach?: boolean }): Promise<number>;
  /** What is at a path in the container (`docker cp` looks first); undefined when nothing is. */
  statPath(id: string, path: string): Promise<PathStat | undefined>;
  /** A path in the container as a tar stream whose entries start with the path's base name. */
  readArchive(id: string, path: string): Promise<NodeJS.ReadableStream>;
  /** Unpacks a tar into a folder of the container (which must exist). */
  writeArchive(id: string, folder: string, tar: Buffer): Promise<void>;
  /** The container's filesystem as a tar stream (`docker export`). */
  exportContainer(id: string): Promise<NodeJS.ReadableStream>;
  /** Makes an image of the container's changes (`docker commit`); the image's id. */
  commitContainer(id: string, opts: CommitOptions): Promise<string>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  /** The container in full, for a person to read; undefined when it is gone. */
  containerDetails(id: string): Promise<ContainerDetails | undefined>;
  createContainer(spec: ContainerSpec): Promise<string>;
  /** Writes files into a container (made, not yet started), creating their folders. */
  copyFiles(id: string, files: readonly FileCopy[]): Promise<void>;
  startContainer(id: string): Promise<void>;
  /** Stops with the container's stop signal, killing after `timeoutSeconds`. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  killContainer(id: string, signal?: string): Promise<void>;
  /** Freezes or thaws the container's processes (`docker pause`); the engine's refusal (already paused, not running) is thrown. */
  pauseContainer(id: string): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  /** Resolves with the exit code once the container has stopped (at once if it is not running). */
  waitContainer(id: string): Promise<number>;
  removeContainer(id: string, opts?: { removeAnonymousVolumes?: boolean }): Promise<void>;
  exec(id: string, command: string[], timeoutMs: number, as?: ExecOptions): Promise<ExecResult>;
  logs(id: string, opts: LogOptions, onLine: (line: LogLine) => void, onEnd?: (error?: Error) => void): Subscription;

  /** Whether the image is on the engine (and, given a platform, is for that platform). */
  hasImage(image: string, platform?: string): Promise<boolean>;
  /** The image's id and size on the engine; undefined when it is not there. */
  imageInfo(image: string): Promise<ImageInfo | undefined>;
  /** Images carrying these labels (a project's builds), with their tags (none: dangling). */
  listImages(labels: Record<string, string>): Promise<{ id: string; tags: string[]; labels: Record<string, string> }[]>;
  /** Removes an image, not forced (`docker image rm`): 'in-use' when a container still uses it, 'missing' when it is not there. */
  deleteImage(image: string): Promise<'removed' | 'in-use' | 'missing'>;
  /** What pulling the image would download (its registry's manifest); undefined when the registry does not say. */
  pullSize?(image: string): Promise<{ layers: number; bytes: number } | undefined>;
  /** Where the engine keeps its data (DockerRootDir), when it says. */
  dataRoot?(): Promise<string | undefined>;
  pullImage(image: string, onProgress: (p: ImageProgress) => void, signal?: AbortSignal, platform?: string): Promise<void>;
  buildImage(spec: BuildSpec, onProgress: (p: ImageProgress) => void, signal?: AbortSignal): Promise<string[]>;
  /** Pushes one tag of an image to its registry, with the user's `docker login` credentials; PushFailed says why not. */
  pushImage(ref: string, onProgress: (p: ImageProgress) => void, signal?: AbortSignal): Promise<void>;

  /** Networks and volumes carrying these labels (a project's, when no compose file says which). */
  listNetworks(labels: Record<string, string>): Promise<{ name: string; labels: Record<string, string> }[]>;
  listVolumes(labels: Record<string, string>): Promise<VolumeSummary[]>;
  networkExists(name: string): Promise<boolean>;
  createNetwork(spec: NetworkSpec): Promise<void>;
  /**
   * `formerMembers`: containers just removed from it; an endpoint of theirs the engine keeps (stale,
   * a known engine fault) is deleted by name so the network can go.
   */
  removeNetwork(name: string, formerMembers?: readonly string[]): Promise<void>;
  /** Joins a (stopped or running) container to a network, with its aliases and addresses. */
  connectNetwork(containerId: string, network: NetworkAttachment): Promise<void>;
  /** Takes a container off a network (forced: its endpoint goes even when the engine thinks it stale). */
  disconnectNetwork(containerId: string, network: string): Promise<void>;
  volumeExists(name: string): Promise<boolean>;
  createVolume(spec: VolumeSpec): Promise<void>;
  removeVolume(name: string): Promise<void>;

  /** Container events for the given labels, from `since` (ms) when given. */
  events(labels: Record<string, string>, onEvent: (e: ContainerEvent) => void, onEnd: (error?: Error) => void, since?: number): EventSubscription;
}
