import type Docker from 'dockerode';
import type {
  ContainerDriver,
  ContainerEvent,
  ContainerDetails,
  ContainerInfo,
  ContainerSpec,
  EngineInfo,
  EventSubscription,
  AttachedIO,
  ExecOptions,
  ExecResult,
  FileCopy,
  LogLine,
  LogOptions,
  Subscription,
} from '../orchestrator/driver';
import { toContainerInfo } from './containers';
import { status } from './engine-api';
import { tarOf } from './tar';
import type { EngineApi } from './engine-api';
import { DockerResources } from './engine-resources';
import type { EngineRoute } from './engine-route';
import { handshake } from './engine-handshake';
import { EngineUnreachable, PortTaken } from '../orchestrator/errors';
import { engineErrorFrom, portInMessage } from './errors';
import { toContainerDetails } from './details';
import { createContainerOn } from './create-container';
import { attachRunning } from './attach';
import { DOCKER_EVENTS, followLogs, followStats, subscribeEvents } from './streams';
import { execAttached, execIn, runAttached } from './exec-streams';
import { PodmanHealthRunner } from './podman-health';
import { readStats } from '../orchestrator/stats';
import type { ContainerStats } from '../orchestrator/stats';

/**
 * The engine, through dockerode: the ContainerDriver the orchestrator runs on. With the rest of
 * main/docker the only code that knows dockerode; everything it returns or throws is ours.
 */
export class DockerEngine extends DockerResources implements ContainerDriver, EngineApi {
  private constructor(
    readonly docker: Docker,
    private readonly engineInfo: EngineInfo,
    /** Where `docker login`'s credentials are read from (~/.docker/config.json, DOCKER_CONFIG). */
    readonly credentials: { env: Readonly<Record<string, string | undefined>>; homeDir: string },
    /** How this machine gets to the engine and its published ports (an SSH connection, for ssh://). */
    readonly route: EngineRoute,
  ) {
    super();
    this.podmanHealth = engineInfo.product === 'Podman' ? new PodmanHealthRunner(docker) : undefined;
  }

  /** Finds the engine, checks it answers, and negotiates the API version (never newer than the engine's). */
  static async connect(env: Readonly<Record<string, string | undefined>>, homeDir: string): Promise<DockerEngine> {
    const { docker, info, route } = await handshake(env, homeDir);
    return new DockerEngine(docker, info, { env, homeDir }, route);
  }

  reach(host: string, port: number): Promise<{ host: string; port: number }> {
    return this.route.reach(host, port);
  }

  /** Ends what the connection holds open (an SSH connection and its tunnels). */
  close(): void {
    this.podmanHealth?.close();
    this.route.close();
  }

  /** Podman without systemd never runs a health check by itself: see PodmanHealthRunner. */
  private readonly podmanHealth: PodmanHealthRunner | undefined;

  private get isPodman(): boolean {
    return this.engineInfo.product === 'Podman';
  }

  info(): EngineInfo {
    return this.engineInfo;
  }

  async dataRoot(): Promise<string | undefined> {
    try {
      const info = (await this.docker.info()) as { DockerRootDir?: string };
      return info.DockerRootDir || undefined;
    } catch (err) {
      return this.fail(err);
    }
  }

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new EngineUnreachable(
              this.engineInfo.endpoint,
              `no answer within ${timeoutMs} ms (is the engine frozen or overloaded?)`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.docker.ping().catch((err: unknown) => this.fail(err)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  fail(err: unknown): never {
    throw engineErrorFrom(err, this.engineInfo.endpoint);
  }

  // ---- containers

  async listContainers(labels: Record<string, string | true>): Promise<ContainerInfo[]> {
    try {
      const list = await this.docker.listContainers({
        all: true,
        filters: { label: Object.entries(labels).map(([k, v]) => (v === true ? k : `${k}=${v}`)) },
      });
      const infos = await Promise.all(list.map((c) => this.inspectContainer(c.Id)));
      return infos.filter((i): i is ContainerInfo => i !== undefined);
    } catch (err) {
      return this.fail(err);
    }
  }

  async inspectContainer(id: string): Promise<ContainerInfo | undefined> {
    try {
      return toContainerInfo(await this.docker.getContainer(id).inspect());
    } catch (err) {
      if (status(err) === 404) return undefined;
      return this.fail(err);
    }
  }

  async containerDetails(id: string): Promise<ContainerDetails | undefined> {
    try {
      const info = await this.docker.getContainer(id).inspect();
      const image = await this.docker
        .getImage(info.Image)
        .inspect()
        .catch(() => undefined);
      return toContainerDetails(info, image);
    } catch (err) {
      if (status(err) === 404) return undefined;
      return this.fail(err);
    }
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    return createContainerOn(this, spec, this.engineInfo.apiVersion);
  }

  async copyFiles(id: string, files: readonly FileCopy[]): Promise<void> {
    try {
      await this.docker.getContainer(id).putArchive(tarOf(files), { path: '/' });
    } catch (err) {
      this.fail(err);
    }
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
      if (this.podmanHealth) void this.podmanHealth.started(id);
    } catch (err) {
      if (status(err) === 304) return;
      const message = (err as { json?: { message?: string } }).json?.message ?? (err as Error).message;
      if (/address already in use|port is already allocated/.test(message)) {
        const port = portInMessage(message);
        throw new PortTaken(port === undefined ? [] : [{ port, hostIp: '' }], { detail: message });
      }
      return this.fail(err);
    }
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSeconds });
    } catch (err) {
      if (status(err) === 304 || status(err) === 404) return;
      return this.fail(err);
    }
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    try {
      await this.docker.getContainer(id).kill({ signal });
    } catch (err) {
      if (status(err) === 409 || status(err) === 404) return;
      return this.fail(err);
    }
  }

  async pauseContainer(id: string): Promise<void> {
    await this.docker
      .getContainer(id)
      .pause()
      .catch((err: unknown) => this.fail(err));
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.docker
      .getContainer(id)
      .unpause()
      .catch((err: unknown) => this.fail(err));
  }

  async runAttached(id: string, io: AttachedIO, tty: boolean): Promise<number> {
    try {
      return await runAttached(this.docker, this.docker.getContainer(id), io, tty);
    } catch (err) {
      return this.fail(err);
    }
  }

  async attachContainer(
    id: string,
    io: AttachedIO,
    opts: { tty: boolean; detachKeys?: string; detach?: AbortSignal },
  ): Promise<number | undefined> {
    try {
      return await attachRunning(this.docker, this.docker.getContainer(id), io, opts);
    } catch (err) {
      return this.fail(err);
    }
  }

  async stats(id: string): Promise<ContainerStats> {
    try {
      // Not one-shot: the engine waits for a second sample, so the CPU figure has a delta to come from.
      return readStats(await this.docker.getContainer(id).stats({ stream: false }));
    } catch (err) {
      return this.fail(err);
    }
  }

  streamStats(id: string, onSample: (s: ContainerStats) => void, onEnd?: (error?: Error) => void): Subscription {
    return followStats(this.docker.getContainer(id), (raw) => onSample(readStats(raw)), onEnd);
  }

  async top(id: string): Promise<{ titles: string[]; processes: string[][] }> {
    try {
      const t = (await this.docker.getContainer(id).top()) as { Titles?: string[]; Processes?: string[][] };
      return { titles: t.Titles ?? [], processes: t.Processes ?? [] };
    } catch (err) {
      return this.fail(err);
    }
  }

  async execAttached(
    id: string,
    command: string[],
    io: AttachedIO,
    as: ExecOptions & { tty?: boolean; detach?: boolean } = {},
  ): Promise<number> {
    try {
      return await execAttached(this.docker, this.docker.getContainer(id), command, io, as);
    } catch (err) {
      return this.fail(err);
    }
  }

  async waitContainer(id: string): Promise<number> {
    try {
      const result = (await this.docker.getContainer(id).wait()) as { StatusCode?: number };
      return result.StatusCode ?? -1;
    } catch (err) {
      return this.fail(err);
    }
  }

  async removeContainer(id: string, opts: { removeAnonymousVolumes?: boolean } = {}): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: opts.removeAnonymousVolumes ?? false });
    } catch (err) {
      // 409: removal already in progress; 404: already gone. Both mean the same to the caller.
      if (status(err) === 404 || status(err) === 409) return;
      return this.fail(err);
    }
  }

  async exec(id: string, command: string[], timeoutMs: number, as?: ExecOptions): Promise<ExecResult> {
    try {
      return await execIn(this.docker.getContainer(id), command, timeoutMs, as);
    } catch (err) {
      return this.fail(err);
    }
  }

  logs(id: string, opts: LogOptions, onLine: (line: LogLine) => void, onEnd?: (error?: Error) => void): Subscription {
    return followLogs(this.docker.getContainer(id), this.docker, opts, onLine, onEnd);
  }

  events(
    labels: Record<string, string>,
    onEvent: (e: ContainerEvent) => void,
    onEnd: (error?: Error) => void,
    since?: number,
  ): EventSubscription {
    return subscribeEvents(
      this.docker,
      labels,
      onEvent,
      onEnd,
      since,
      this.isPodman
        ? { filtersActions: false, healthOf: async (id) => (await this.inspectContainer(id))?.health }
        : DOCKER_EVENTS,
    );
  }
}
