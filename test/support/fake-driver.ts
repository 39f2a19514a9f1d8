import type {
  ContainerDetails,
  AttachedIO,
  ContainerDriver,
  ContainerEvent,
  ContainerInfo,
  ContainerSpec,
  ExecResult,
  FileCopy,
  LogLine,
  LogOptions,
  CommitOptions,
  PathStat,
  Subscription,
} from '../../main/orchestrator/driver';
import { EngineError, NameConflict } from '../../main/orchestrator/errors';
import type { ContainerStats } from '../../main/orchestrator/stats';
import { Label } from '../../main/orchestrator/runtime/labels';
import { FakeResources } from './fake-resources';
import type { FakeContainer } from './fake-engine-base';

export type { Behaviour } from './fake-engine-base';

/**
 * An engine in memory, driven by a FakeClock: containers start, pass health checks, exit and emit the
 * events the real engine would, so the supervisor is tested without Docker and without real time.
 */
export class FakeDriver extends FakeResources implements ContainerDriver {
  /** Puts a container on the "engine" as if something started it earlier. */
  adopt(spec: ContainerSpec, state: Partial<ContainerInfo> = {}): string {
    const id = `c${this.nextId++}`;
    const service = spec.labels[Label.service] ?? spec.name;
    this.containers.set(id, {
      spec,
      service,
      generation: 0,
      startedAt: this.clock.now(),
      info: {
        id,
        name: spec.name,
        state: 'running',
        oomKilled: false,
        restartCount: 0,
        image: spec.image,
        labels: spec.labels,
        ...state,
      },
    });
    return id;
  }

  listContainers(labels: Record<string, string | true>): Promise<ContainerInfo[]> {
    const has = (c: FakeContainer, k: string, v: string | true): boolean =>
      v === true ? k in c.info.labels : c.info.labels[k] === v;
    return Promise.resolve(
      [...this.containers.values()]
        .filter((c) => Object.entries(labels).every(([k, v]) => has(c, k, v)))
        .map((c) => ({ ...c.info })),
    );
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
    const zero: ContainerStats = {
      cpuPercent: 0,
      memoryBytes: 0,
      memoryLimitBytes: 0,
      netRxBytes: 0,
      netTxBytes: 0,
      blockReadBytes: 0,
      blockWriteBytes: 0,
      pids: 0,
    };
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
    return Promise.resolve({
      titles: ['PID', 'CMD'],
      processes: c?.info.state === 'running' ? [['1', (c.spec.command ?? ['sh']).join(' ')]] : [],
    });
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
      mounts: spec.mounts.map((m) => ({
        type: m.type,
        source: m.source ?? '',
        target: m.target,
        readOnly: m.readOnly,
      })),
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
      const c: FakeContainer = {
        spec,
        service,
        generation: 0,
        info: {
          id,
          name: spec.name,
          state: 'created',
          oomKilled: false,
          restartCount: 0,
          image: spec.image,
          labels: spec.labels,
        },
      };
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
  protected run(c: FakeContainer): void {
    const generation = ++c.generation;
    c.startedAt = this.clock.now();
    const b = this.behaviourOf(c);
    const checked = (c.spec.healthcheck && c.spec.healthcheck !== 'disabled') || b.imageHealthcheck;
    c.info = {
      ...c.info,
      state: 'running',
      startedAt: c.startedAt,
      ...(checked ? { health: 'starting' as const } : {}),
    };
    delete c.info.exitCode;
    c.runs = (c.runs ?? 0) + 1;
    c.failing = false;
    this.emit(c, 'start');
    if (b.dockerUnhealthyAfter !== undefined && (b.unhealthyRuns === undefined || c.runs <= b.unhealthyRuns)) {
      void this.clock.sleep(b.dockerUnhealthyAfter).then(() => {
        if (c.generation !== generation || c.info.state !== 'running') return;
        c.failing = true;
        const at = this.clock.now();
        c.info = {
          ...c.info,
          health: 'unhealthy',
          healthLog: [1, 2, 3].map((n) => ({
            at: at - (3 - n) * 1000,
            exitCode: 1,
            output: 'db: connection refused\n',
          })),
        };
        this.emit(c, 'health_status', { health: 'unhealthy' });
      });
    }
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
  protected restartByPolicy(c: FakeContainer, code: number): void {
    const policy = c.spec.restartPolicy;
    if (!policy || policy.name === 'no') return;
    if (
      policy.name === 'on-failure' &&
      (code === 0 || (policy.maxRetries !== undefined && c.info.restartCount >= policy.maxRetries))
    )
      return;
    const generation = c.generation;
    void this.clock.sleep(100 * 2 ** c.info.restartCount).then(() => {
      if (c.generation !== generation || c.info.state !== 'exited') return;
      c.info = { ...c.info, restartCount: c.info.restartCount + 1 };
      this.run(c);
    });
  }

  protected exit(c: FakeContainer, code: number): void {
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
  protected freeze(
    id: string,
    from: 'running' | 'paused',
    to: 'running' | 'paused',
    action: 'pause' | 'unpause',
  ): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return Promise.reject(new EngineError('engine-error', `No such container: ${id}`));
    this.calls.push(`${action} ${c.service}`);
    if (c.info.state !== from)
      return Promise.reject(
        new EngineError(
          'engine-error',
          `Container ${id} is ${c.info.state === 'paused' ? 'already paused' : `not ${from}`}`,
        ),
      );
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
  protected untilDies(id: string, cancel?: AbortSignal): Promise<number | undefined> {
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
    if (!c || c.info.state !== 'running' || c.startedAt === undefined)
      return Promise.reject(new Error(`container ${id} is not running`));
    const readyAfter = this.behaviourOf(c).readyAfter ?? 0;
    const ok = this.clock.now() - c.startedAt >= readyAfter && c.failing !== true;
    return Promise.resolve(ok ? { exitCode: 0, output: '' } : { exitCode: 1, output: 'connection refused' });
  }

  /** What each logs() call asked for (tail, since), in order. */
  readonly logRequests: LogOptions[] = [];

  logs(id: string, opts: LogOptions, onLine: (l: LogLine) => void, onEnd?: (error?: Error) => void): Subscription {
    this.logRequests.push(opts);
    const c = this.containers.get(id);
    for (const text of (c ? this.behaviourOf(c) : {}).logs ?? [])
      onLine({ stream: 'stdout', timestamp: new Date(this.clock.now()).toISOString(), text });
    onEnd?.();
    return { close: () => undefined };
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
}
