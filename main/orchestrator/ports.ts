import type {
  AttachedIO,
  BuildSpec,
  CommitOptions,
  ContainerDetails,
  ContainerEvent,
  ContainerInfo,
  ContainerSpec,
  EngineInfo,
  EventSubscription,
  ExecOptions,
  ExecResult,
  FileCopy,
  ImageInfo,
  ImageProgress,
  LogLine,
  LogOptions,
  NetworkAttachment,
  NetworkSpec,
  PathStat,
  Subscription,
  VolumeSpec,
  VolumeSummary,
} from './driver';
import type { ContainerStats } from './stats';

/*
 * The ports through which the orchestrator talks to a container engine, one per concern. The
 * orchestrator owns them; main/docker implements them with dockerode, tests with a fake (and the
 * driver contract suite proves both alike). A module asks for the ports it uses: Pick<> or one of these.
 */

/** The engine itself: who it is, whether it answers, where its ports and data are. */
export interface EnginePort {
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
  /** Where the engine keeps its data (DockerRootDir), when it says. */
  dataRoot?(): Promise<string | undefined>;
}

/** Containers' lifecycle: made, started, stopped, waited for, removed. */
export interface ContainerPort {
  /** Containers with these labels; a value of `true` only asks that the label be there. */
  listContainers(labels: Record<string, string | true>): Promise<ContainerInfo[]>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  /** The container in full, for a person to read; undefined when it is gone. */
  containerDetails(id: string): Promise<ContainerDetails | undefined>;
  createContainer(spec: ContainerSpec): Promise<string>;
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
}

/** Processes in a container: commands run in it, streams attached to it. */
export interface ExecPort {
  exec(id: string, command: string[], timeoutMs: number, as?: ExecOptions): Promise<ExecResult>;
  /**
   * Runs a command in the container wired to the caller's streams (a TTY when asked); resolves with its
   * exit code. `detach`: started and left to run, nothing wired (`exec -d`); resolves with 0 once started.
   */
  execAttached(
    id: string,
    command: string[],
    io: AttachedIO,
    as?: ExecOptions & { tty?: boolean; detach?: boolean },
  ): Promise<number>;
  /** Attaches the caller's streams to a created container, starts it, and resolves with its exit code once it exits. */
  runAttached(id: string, io: AttachedIO, tty: boolean): Promise<number>;
  /**
   * `docker attach`: the caller's streams wired to a container that already runs (stdin only when
   * given). Resolves with its exit code once it stops, or undefined once `detach` fires (it runs on).
   */
  attachContainer(
    id: string,
    io: AttachedIO,
    opts: { tty: boolean; detachKeys?: string; detach?: AbortSignal },
  ): Promise<number | undefined>;
  /** The container's processes, as `docker top` shows them. */
  top(id: string): Promise<{ titles: string[]; processes: string[][] }>;
}

/** A container's files: copied in before it starts, read and written while it runs, exported, committed. */
export interface FilesPort {
  /** Writes files into a container (made, not yet started), creating their folders. */
  copyFiles(id: string, files: readonly FileCopy[]): Promise<void>;
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
}

/** What the engine tells as it happens: output, resource use, container events. */
export interface ObservationPort {
  logs(id: string, opts: LogOptions, onLine: (line: LogLine) => void, onEnd?: (error?: Error) => void): Subscription;
  /** One reading of the container's resource use (two CPU samples about a second apart, as docker stats takes). */
  stats(id: string): Promise<ContainerStats>;
  /** The engine's stream of readings (one a second while the container runs), until closed or it stops. */
  streamStats(id: string, onSample: (s: ContainerStats) => void, onEnd?: (error?: Error) => void): Subscription;

  /** Container events for the given labels, from `since` (ms) when given. */
  events(
    labels: Record<string, string>,
    onEvent: (e: ContainerEvent) => void,
    onEnd: (error?: Error) => void,
    since?: number,
  ): EventSubscription;
}

/** Images: present or not, pulled, built, pushed, removed. */
export interface ImagePort {
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
  pullImage(
    image: string,
    onProgress: (p: ImageProgress) => void,
    signal?: AbortSignal,
    platform?: string,
  ): Promise<void>;
  buildImage(spec: BuildSpec, onProgress: (p: ImageProgress) => void, signal?: AbortSignal): Promise<string[]>;
  /** Pushes one tag of an image to its registry, with the user's `docker login` credentials; PushFailed says why not. */
  pushImage(ref: string, onProgress: (p: ImageProgress) => void, signal?: AbortSignal): Promise<void>;
}

/** Networks and volumes: a project's, made and removed; containers joined to networks. */
export interface NetworkVolumePort {
  /** Networks and volumes carrying these labels (a project's, when no compose file says which). */
  listNetworks(labels: Record<string, string>): Promise<{ name: string; labels: Record<string, string> }[]>;
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
  listVolumes(labels: Record<string, string>): Promise<VolumeSummary[]>;
  volumeExists(name: string): Promise<boolean>;
  createVolume(spec: VolumeSpec): Promise<void>;
  removeVolume(name: string): Promise<void>;
}

/** Every port at once: what main/docker implements, and the fake. */
export interface ContainerDriver
  extends EnginePort, ContainerPort, ExecPort, FilesPort, ObservationPort, ImagePort, NetworkVolumePort {}
