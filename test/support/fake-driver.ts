import type {
  ContainerDetails,
  AttachedIO,
  BuildSpec,
  ContainerDriver,
  ContainerEvent,
  ContainerInfo,
  ContainerSpec,
  EngineInfo,
  EventSubscription,
  ExecResult,
  ImageInfo,
  FileCopy,
  ImageProgress,
  LogLine,
  LogOptions,
  CommitOptions,
  NetworkAttachment,
  NetworkSpec,
  PathStat,
  Subscription,
  VolumeSpec,
} from '../../main/orchestrator/driver';
import { EngineError, ImageMissing, NameConflict, PushFailed } from '../../main/orchestrator/errors';
import type { ContainerStats } from '../../main/orchestrator/stats';
import { Label } from '../../main/orchestrator/runtime/labels';
import type { FakeClock } from './fake-clock';

/** How a fake service behaves once started. Times are fake milliseconds after its start. */
export interface Behaviour {
  /** When its healthcheck test starts passing (what fast readiness sees). */
  readyAfter?: number;
  /** When Docker's own scheduled check reports healthy (what `docker compose` waits for). */
  dockerHealthyAfter?: number;
  /** It exits on its own after this long, with `exitCode`. */
  exitAfter?: number;
  exitCode?: number;
  logs?: string[];
  /** Its exits (exitAfter) are followed by the engine's restart policy, as dockerd applies it. */
  engineRestarts?: boolean;
  /** Its image has a HEALTHCHECK (the compose file none): the engine reports health all the same. */
  imageHealthcheck?: boolean;
  /** What an attached exec in it exits with (default 0). */
  execExitCode?: number;
  /** Its exit (exitAfter) is the kernel's OOM killer: an oom event, then die with 137. */
  oomKilled?: boolean;
}

interface FakeContainer {
  info: ContainerInfo;
  spec: ContainerSpec;
  service: string;
  startedAt?: number;
  generation: number;
}

/**
 * An engine in memory, driven by a FakeClock: containers start, pass health checks, exit and emit the
 * events the real engine would, so the supervisor is tested without Docker and without real time.
 */
export class FakeDriver implements ContainerDriver {
  /** By service name, or by container name for one replica (`t-api-2`), which wins. */
  readonly behaviours: Record<string, Behaviour> = {};
  readonly calls: string[] = [];
  /** The same calls, naming the container (`start t-api-2`): what replicas are told apart by. */
  readonly namedCalls: string[] = [];
  readonly containers = new Map<string, FakeContainer>();
  readonly missingImages = new Set<string>();
  /** Simulated engine latency of create/start, to observe concurrency. */
  latency = 0;
  inFlight = 0;
  maxInFlight = 0;
  private nextId = 1;
  private readonly subscribers = new Set<(e: ContainerEvent) => void>();
  private readonly enders = new Set<(error?: Error) => void>();
  private readonly networks = new Map<string, Record<string, string>>();
  private readonly volumes = new Map<string, Record<string, string>>();

  /**
   * Images on the fake engine. Without `images`, every image is there unless listed in missingImages
   * (what most runner tests want); with it, exactly those (what the driver contract checks).
   */
  private readonly images: Set<string> | undefined;

  constructor(
    private readonly clock: FakeClock,
    opts: { images?: readonly string[] } = {},
  ) {
    this.images = opts.images ? new Set(opts.images) : undefined;
  }

  /** While set, the engine does not answer (ping fails with this reason). */
  down: string | undefined;

  info(): EngineInfo {
    return { version: 'fake', apiVersion: '1.41', endpoint: 'fake://', reason: 'test' };
  }

  ping(): Promise<void> {
    return this.down ? Promise.reject(new Error(this.down)) : Promise.resolve();
  }

  /** Simulates the engine going away: event streams end with `reason`. */
  goDown(reason: string): void {
    this.down = reason;
    for (const end of this.enders) end(new Error(reason));
    this.subscribers.clear();
    this.enders.clear();
  }

  private emit(c: FakeContainer, action: ContainerEvent['action'], extra: Partial<ContainerEvent> = {}): void {
    const e: ContainerEvent = { action, containerId: c.info.id, labels: { ...c.info.labels }, time: this.clock.now(), ...extra };
    this.eventLog.push(e);
    for (const s of this.subscribers) s(e);
  }

  private behaviourOf(c: FakeContainer): Behaviour {
    return this.behaviours[c.info.name] ?? this.behaviours[c.service] ?? {};
  }

  private async engineCall<T>(work: () => T): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latency > 0) await this.clock.sleep(this.latency);
      return work();
    } finally {
      this.inFlight--;
    }
  }

  /** Puts a container on the "engine" as if something started it earlier. */
  adopt(spec: ContainerSpec, state: Partial<ContainerInfo> = {}): string {
    const id = `c${this.nextId++}`;
    const service = spec.labels[Label.service] ?? spec.name;
    this.containers.set(id, {
      spec,
      service,
      generation: 0,
      startedAt: this.clock.now(),
      info: { id, name: spec.name, state: 'running', oomKilled: false, restartCount: 0, image: spec.image, labels: spec.labels, ...state },
    });
    return id;
  }

  listContainers(labels: Record<string, string | true>): Promise<ContainerInfo[]> {
    const has = (c: FakeContainer, k: string, v: string | true): boolean => (v === true ? k in c.info.labels : c.info.labels[k] === v);
    return Promise.resolve([...this.containers.values()].filter((c) => Object.entries(labels).every(([k, v]) => has(c, k, v))).map((c) => ({ ...c.info })));
  }

  /** Starts the container, prints its command, and resolves with the exit its behaviour gives (0 by default). */
  async runAttached(id: string, io: AttachedIO): Promise<number> {
    const c = this.containers.get(id);
    if (!c) throw new Error(`no container ${id}`);
    this.calls.push(`run ${c.service} ${(c.spec.command ?? []).join(' ')}`);
    io.stdout.write(`${(c.spec.command ?? []).join(' ')}\n`);
    await this.startContainer(id);
    const code = this.behaviourOf(c).execExitCode ?? 0;
    this.exit(c, code);
    return code;
  }

  /** What each service's containers use, by service (unset: nothing). */
  readonly usage: Record<string, Partial<ContainerStats>> = {};

  stats(id: string): Promise<ContainerStats> {
    const c = this.containers.get(id);
    const zero: ContainerStats = { cpuPercent: 0, memoryBytes: 0, memoryLimitBytes: 0, netRxBytes: 0, netTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0, pids: 0 };
    return Promise.resolve({ ...zero, ...(c ? this.usage[c.service] : {}) });
  }

  /** Streams opened by streamStats and not closed yet, by container id: a test pushes readings through them. */
  readonly statsStreams = new Map<string, (s: ContainerStats) => void>();

  streamStats(id: string, onSample: (s: ContainerStats) => void): Subscription {
    this.statsStreams.set(id, onSample);
    return { close: () => void this.statsStreams.delete(id) };
  }

  top(id: string): Promise<{ titles: string[]; processes: string[][] }> {
    const c = this.containers.get(id);
    return Promise.resolve({ titles: ['PID', 'CMD'], processes: c?.info.state === 'running' ? [['1', (c.spec.command ?? ['sh']).join(' ')]] : [] });
  }

  /** Attached until the container exits (its exit code) or the caller detaches (undefined). */
  attachContainer(id: string, io: AttachedIO, opts: { detach?: AbortSignal }): Promise<number | undefined> {
    const c = this.containers.get(id);
    if (!c || c.info.state !== 'running') return Promise.reject(new Error(`container ${id} is not running`));
    this.calls.push(`attach ${c.service}`);
    io.stdout.write(`attached to ${c.info.name}\n`);
    return this.untilDies(id, opts.detach);
  }

  /** Echoes the command to stdout and exits 0 (or with the exec behaviour's code). */
  execAttached(id: string, command: string[], io: AttachedIO): Promise<number> {
    const c = this.containers.get(id);
    if (!c || c.info.state !== 'running') return Promise.reject(new Error(`container ${id} is not running`));
    this.calls.push(`exec ${c.service} ${command.join(' ')}`);
    io.stdout.write(`${command.join(' ')}\n`);
    return Promise.resolve(this.behaviourOf(c).execExitCode ?? 0);
  }

  inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    const c = this.containers.get(id);
    return Promise.resolve(c ? { ...c.info } : undefined);
  }

  /** What the engine would say of it: from the spec it was made from. */
  containerDetails(id: string): Promise<ContainerDetails | undefined> {
    const c = this.containers.get(id);
    if (!c) return Promise.resolve(undefined);
    const { spec, info } = c;
    return Promise.resolve({
      id,
      name: spec.name,
      image: spec.image,
      imageId: `sha256:${spec.image}`,
      digests: [],
      created: 0,
      state: info.state,
      command: spec.command ?? [],
      entrypoint: spec.entrypoint ?? [],
      ...(spec.workingDir ? { workingDir: spec.workingDir } : {}),
      ...(spec.user ? { user: spec.user } : {}),
      restartPolicy: spec.restartPolicy?.name ?? 'no',
      env: spec.env,
      mounts: spec.mounts.map((m) => ({ type: m.type, source: m.source ?? '', target: m.target, readOnly: m.readOnly })),
      networks: [],
      ports: [],
      labels: spec.labels,
      tty: spec.settings?.tty ?? false,
      openStdin: spec.settings?.stdinOpen ?? false,
    });
  }

  createContainer(spec: ContainerSpec): Promise<string> {
    return this.engineCall(() => {
      const service = spec.labels[Label.service] ?? spec.name;
      this.calls.push(`create ${service}`);
      this.namedCalls.push(`create ${spec.name}`);
      if ([...this.containers.values()].some((c) => c.info.name === spec.name)) throw new NameConflict(spec.name);
      const id = `c${this.nextId++}`;
      const c: FakeContainer = { spec, service, generation: 0, info: { id, name: spec.name, state: 'created', oomKilled: false, restartCount: 0, image: spec.image, labels: spec.labels } };
      this.containers.set(id, c);
      this.emit(c, 'create');
      return id;
    });
  }

  /** Files written into containers, by container id. */
  readonly files = new Map<string, FileCopy[]>();

  copyFiles(id: string, files: readonly FileCopy[]): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return Promise.reject(new Error(`no container ${id}`));
    this.calls.push(`copy ${c.service}`);
    this.files.set(id, [...(this.files.get(id) ?? []), ...files]);
    return Promise.resolve();
  }

  async startContainer(id: string): Promise<void> {
    await this.engineCall(() => undefined);
    const c = this.containers.get(id);
    if (!c) throw new Error(`no container ${id}`);
    this.calls.push(`start ${c.service}`);
    this.namedCalls.push(`start ${c.info.name}`);
    this.run(c);
  }

  /** The container's process starts (asked for, or by the engine's restart policy). */
  private run(c: FakeContainer): void {
    const generation = ++c.generation;
    c.startedAt = this.clock.now();
    const b = this.behaviourOf(c);
    const checked = (c.spec.healthcheck && c.spec.healthcheck !== 'disabled') || b.imageHealthcheck;
    c.info = { ...c.info, state: 'running', startedAt: c.startedAt, ...(checked ? { health: 'starting' as const } : {}) };
    delete c.info.exitCode;
    this.emit(c, 'start');
    if (b.dockerHealthyAfter !== undefined) {
      void this.clock.sleep(b.dockerHealthyAfter).then(() => {
        if (c.generation !== generation || c.info.state !== 'running') return;
        c.info = { ...c.info, health: 'healthy' };
        this.emit(c, 'health_status', { health: 'healthy' });
      });
    }
    if (b.exitAfter !== undefined) {
      void this.clock.sleep(b.exitAfter).then(() => {
        if (c.generation !== generation || c.info.state !== 'running') return;
        if (b.oomKilled) {
          c.info = { ...c.info, oomKilled: true };
          this.emit(c, 'oom', {});
        }
        this.exit(c, b.oomKilled ? 137 : (b.exitCode ?? 0));
        if (b.engineRestarts) this.restartByPolicy(c, b.exitCode ?? 0);
      });
    }
  }

  /** dockerd's restart policy after a crash: again after 100 ms, doubling, up to on-failure's count. */
  private restartByPolicy(c: FakeContainer, code: number): void {
    const policy = c.spec.restartPolicy;
    if (!policy || policy.name === 'no') return;
    if (policy.name === 'on-failure' && (code === 0 || (policy.maxRetries !== undefined && c.info.restartCount >= policy.maxRetries))) return;
    const generation = c.generation;
    void this.clock.sleep(100 * 2 ** c.info.restartCount).then(() => {
      if (c.generation !== generation || c.info.state !== 'exited') return;
      c.info = { ...c.info, restartCount: c.info.restartCount + 1 };
      this.run(c);
    });
  }

  private exit(c: FakeContainer, code: number): void {
    c.info = { ...c.info, state: 'exited', exitCode: code, finishedAt: this.clock.now() };
    delete c.info.health;
    this.emit(c, 'die', { exitCode: code });
  }

  /** The grace each stop was given, as `service:seconds`. */
  readonly stopGraces: string[] = [];

  stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    const c = this.containers.get(id);
    if (c) this.calls.push(`stop ${c.service}`);
    if (c) this.stopGraces.push(`${c.service}:${timeoutSeconds}`);
    if (c) this.namedCalls.push(`stop ${c.info.name}`);
    if (c && c.info.state === 'running') {
      this.emit(c, 'kill');
      this.exit(c, 143);
      this.emit(c, 'stop');
    }
    return Promise.resolve();
  }

  killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    const c = this.containers.get(id);
    if (c) this.calls.push(`kill ${c.service} ${signal}`);
    if (c && c.info.state === 'running') this.exit(c, 137);
    return Promise.resolve();
  }

  pauseContainer(id: string): Promise<void> {
    return this.freeze(id, 'running', 'paused', 'pause');
  }

  unpauseContainer(id: string): Promise<void> {
    return this.freeze(id, 'paused', 'running', 'unpause');
  }

  /** As the engine: pausing needs a running container, unpausing a paused one; anything else is refused. */
  private freeze(id: string, from: 'running' | 'paused', to: 'running' | 'paused', action: 'pause' | 'unpause'): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return Promise.reject(new EngineError('engine-error', `No such container: ${id}`));
    this.calls.push(`${action} ${c.service}`);
    if (c.info.state !== from) return Promise.reject(new EngineError('engine-error', `Container ${id} is ${c.info.state === 'paused' ? 'already paused' : `not ${from}`}`));
    c.info.state = to;
    this.emit(c, action);
    return Promise.resolve();
  }

  waitContainer(id: string): Promise<number> {
    const c = this.containers.get(id);
    if (!c || c.info.state !== 'running') return Promise.resolve(c?.info.exitCode ?? 0);
    return this.untilDies(id) as Promise<number>;
  }

  /** The exit code once the container dies; undefined if `cancel` fires first. */
  private untilDies(id: string, cancel?: AbortSignal): Promise<number | undefined> {
    return new Promise((resolve) => {
      const onEvent = (e: ContainerEvent): void => {
        if (e.containerId !== id || e.action !== 'die') return;
        this.subscribers.delete(onEvent);
        resolve(e.exitCode ?? 0);
      };
      this.subscribers.add(onEvent);
      cancel?.addEventListener('abort', () => (this.subscribers.delete(onEvent), resolve(undefined)), { once: true });
    });
  }

  removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (c) {
      this.calls.push(`remove ${c.service}`);
      this.namedCalls.push(`remove ${c.info.name}`);
      this.containers.delete(id);
      this.emit(c, 'destroy');
    }
    return Promise.resolve();
  }

  exec(id: string): Promise<ExecResult> {
    const c = this.containers.get(id);
    if (!c || c.info.state !== 'running' || c.startedAt === undefined) return Promise.reject(new Error(`container ${id} is not running`));
    const readyAfter = this.behaviourOf(c).readyAfter ?? 0;
    const ok = this.clock.now() - c.startedAt >= readyAfter;
    return Promise.resolve(ok ? { exitCode: 0, output: '' } : { exitCode: 1, output: 'connection refused' });
  }

  /** What each logs() call asked for (tail, since), in order. */
  readonly logRequests: LogOptions[] = [];

  logs(id: string, opts: LogOptions, onLine: (l: LogLine) => void, onEnd?: (error?: Error) => void): Subscription {
    this.logRequests.push(opts);
    const c = this.containers.get(id);
    for (const text of (c ? this.behaviourOf(c) : {}).logs ?? []) onLine({ stream: 'stdout', timestamp: new Date(this.clock.now()).toISOString(), text });
    onEnd?.();
    return { close: () => undefined };
  }

  hasImage(image: string): Promise<boolean> {
    return Promise.resolve(!this.missingImages.has(image) && (this.images === undefined || this.images.has(image)));
  }

  /** When each image was last pulled or tagged (fake ms); unset: at the fake clock's start. */
  readonly tagTimes = new Map<string, number>();

  imageInfo(image: string): Promise<ImageInfo | undefined> {
    const id = `sha256:${Buffer.from(image).toString('hex').padEnd(64, '0').slice(0, 64)}`;
    return this.hasImage(image).then((has) => (has ? { id, size: 1_000_000, lastTagTime: this.tagTimes.get(image) ?? 1_000_000 } : undefined));
  }

  /** No registry here either: a pull always fails, as it does on the machines the tests run on. */
  pullImage(image: string, onProgress: (p: ImageProgress) => void): Promise<void> {
    this.calls.push(`pull ${image}`);
    onProgress({ message: `pulling ${image}` });
    return Promise.reject(new ImageMissing(image, 'no registry'));
  }

  /** A push of an image that is here succeeds (the fake registry takes anything); of one that is not, fails as the engine's does. */
  async pushImage(ref: string, onProgress: (p: ImageProgress) => void): Promise<void> {
    this.calls.push(`push ${ref}`);
    if (!(await this.hasImage(ref))) throw new PushFailed(ref, `An image does not exist locally with the tag: ${ref}`);
    onProgress({ message: `pushing ${ref}` });
  }

  /** What each build was asked for. */
  readonly builds: BuildSpec[] = [];

  buildImage(spec: BuildSpec): Promise<string[]> {
    this.builds.push(spec);
    this.calls.push(`build ${spec.tag}`);
    // A build takes a while, so services sharing the image overlap with it.
    return this.clock.sleep(200).then(() => {
      this.missingImages.delete(spec.tag);
      this.images?.add(spec.tag);
      return ['built'];
    });
  }

  listNetworks(labels: Record<string, string>): Promise<{ name: string; labels: Record<string, string> }[]> {
    return Promise.resolve(matching(this.networks, labels));
  }
  listVolumes(labels: Record<string, string>): Promise<{ name: string; labels: Record<string, string> }[]> {
    return Promise.resolve(matching(this.volumes, labels));
  }
  networkExists(name: string): Promise<boolean> {
    return Promise.resolve(this.networks.has(name));
  }
  createNetwork(spec: NetworkSpec): Promise<void> {
    this.networks.set(spec.name, spec.labels);
    return Promise.resolve();
  }
  removeNetwork(name: string): Promise<void> {
    this.networks.delete(name);
    return Promise.resolve();
  }
  listImages(): Promise<{ id: string; tags: string[]; labels: Record<string, string> }[]> {
    return Promise.resolve([]);
  }
  deleteImage(image: string): Promise<'removed' | 'in-use' | 'missing'> {
    this.calls.push(`rmi ${image}`);
    // `redis` and `redis:latest` are one image.
    const names = new Set([image, image.replace(/:latest$/, '')]);
    if ([...this.containers.values()].some((c) => names.has(c.spec.image))) return Promise.resolve('in-use');
    const here = [...names].filter((n) => (this.images ? this.images.has(n) : !this.missingImages.has(n)));
    if (here.length === 0) return Promise.resolve('missing');
    for (const n of here) {
      this.images?.delete(n);
      this.missingImages.add(n);
    }
    return Promise.resolve('removed');
  }
  statPath(): Promise<PathStat | undefined> {
    return Promise.resolve(undefined);
  }
  readArchive(): Promise<NodeJS.ReadableStream> {
    return Promise.reject(new EngineError('engine-error', 'the fake engine keeps no files'));
  }
  writeArchive(): Promise<void> {
    return Promise.reject(new EngineError('engine-error', 'the fake engine keeps no files'));
  }
  exportContainer(id: string): Promise<NodeJS.ReadableStream> {
    this.calls.push(`export ${this.containers.get(id)?.service ?? id}`);
    return Promise.reject(new EngineError('engine-error', 'the fake engine keeps no files'));
  }
  commitContainer(id: string, opts: CommitOptions): Promise<string> {
    this.calls.push(`commit ${this.containers.get(id)?.service ?? id} ${opts.reference ?? ''}`.trimEnd());
    return Promise.resolve(`sha256:committed-${id}`);
  }
  connectNetwork(id: string, network: NetworkAttachment): Promise<void> {
    this.calls.push(`connect ${this.containers.get(id)?.service ?? id} ${network.name}`);
    return Promise.resolve();
  }
  disconnectNetwork(id: string, network: string): Promise<void> {
    this.calls.push(`disconnect ${this.containers.get(id)?.service ?? id} ${network}`);
    return Promise.resolve();
  }
  volumeExists(name: string): Promise<boolean> {
    return Promise.resolve(this.volumes.has(name));
  }
  createVolume(spec: VolumeSpec): Promise<void> {
    this.volumes.set(spec.name, spec.labels);
    return Promise.resolve();
  }
  removeVolume(name: string): Promise<void> {
    this.volumes.delete(name);
    return Promise.resolve();
  }

  /** Events since `since` (ms) are replayed from the log, as the engine does. */
  readonly eventLog: ContainerEvent[] = [];

  events(_labels: Record<string, string>, onEvent: (e: ContainerEvent) => void, onEnd: (error?: Error) => void, since?: number): EventSubscription {
    if (this.down) {
      queueMicrotask(() => onEnd(new Error(this.down)));
      return { ready: Promise.resolve(), close: () => undefined };
    }
    if (since !== undefined) for (const e of this.eventLog.filter((x) => x.time >= since)) onEvent(e);
    this.subscribers.add(onEvent);
    this.enders.add(onEnd);
    return {
      ready: Promise.resolve(),
      close: () => {
        this.subscribers.delete(onEvent);
        this.enders.delete(onEnd);
      },
    };
  }
}

/** The named objects whose labels include every one asked for. */
function matching(objects: ReadonlyMap<string, Record<string, string>>, labels: Record<string, string>): { name: string; labels: Record<string, string> }[] {
  return [...objects].filter(([, l]) => Object.entries(labels).every(([k, v]) => l[k] === v)).map(([name, l]) => ({ name, labels: l }));
}
