import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { DockerOptions } from 'dockerode';
import type {
  BuildSpec,
  ContainerDriver,
  ContainerEvent,
  ContainerInfo,
  ContainerSpec,
  EngineInfo,
  EventSubscription,
  ExecResult,
  ImageProgress,
  LogLine,
  LogOptions,
  NetworkSpec,
  Subscription,
  VolumeSpec,
} from '../engine/driver';
import { createOptions, toContainerInfo } from './containers';
import { contextFiles } from './dockerignore';
import { findEngineEndpoint } from './endpoint';
import { loadDockerode } from './load-dockerode';
import type { EngineEndpoint } from './endpoint';
import { BuildFailed, EngineError, EngineUnreachable, ImageMissing, NameConflict, PortTaken } from '../engine/errors';
import { engineErrorFrom, portInMessage } from './errors';
import { chunksToLines, parseLogFrames } from './log-frames';
import { execIn, followLogs, subscribeEvents } from './streams';

/** The newest API version this client is written against; older engines are spoken to in their own. */
const CLIENT_MAX_API = '1.45';

export interface RunOnceOptions {
  image: string;
  command: string[];
  labels: Record<string, string>;
  name?: string;
}

function compareApi(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function dockerOptions(endpoint: EngineEndpoint, version?: string): DockerOptions {
  const base: DockerOptions = version ? { version: `v${version}` } : {};
  if (endpoint.socketPath) return { ...base, socketPath: endpoint.socketPath };
  const tls = endpoint.tls
    ? {
        ca: readFileSync(join(endpoint.tls.certPath, 'ca.pem')),
        cert: readFileSync(join(endpoint.tls.certPath, 'cert.pem')),
        key: readFileSync(join(endpoint.tls.certPath, 'key.pem')),
      }
    : {};
  return { ...base, host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol, ...tls };
}

const DockerClient = loadDockerode();

const status = (err: unknown): number | undefined => (err as { statusCode?: number }).statusCode;

/**
 * The engine, through dockerode: the ContainerDriver the orchestrator runs on. With the rest of
 * main/docker the only code that knows dockerode; everything it returns or throws is ours.
 */
export class DockerEngine implements ContainerDriver {
  private constructor(
    private readonly docker: Docker,
    private readonly engineInfo: EngineInfo,
  ) {}

  /** Finds the engine, checks it answers, and negotiates the API version (never newer than the engine's). */
  static async connect(env: Readonly<Record<string, string | undefined>>, homeDir: string): Promise<DockerEngine> {
    const endpoint = findEngineEndpoint(env, homeDir);
    let version: Docker.DockerVersion;
    try {
      version = await new DockerClient(dockerOptions(endpoint)).version();
    } catch (err) {
      throw engineErrorFrom(err, endpoint.url);
    }
    if (!version.ApiVersion) throw new EngineUnreachable(endpoint.url, 'the engine did not report an API version');
    const apiVersion = compareApi(version.ApiVersion, CLIENT_MAX_API) < 0 ? version.ApiVersion : CLIENT_MAX_API;
    return new DockerEngine(new DockerClient(dockerOptions(endpoint, apiVersion)), { version: version.Version, apiVersion, endpoint: endpoint.url, reason: endpoint.reason });
  }

  info(): EngineInfo {
    return this.engineInfo;
  }

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EngineUnreachable(this.engineInfo.endpoint, `no answer within ${timeoutMs} ms (is the engine frozen or overloaded?)`)), timeoutMs);
    });
    try {
      await Promise.race([this.docker.ping().catch((err: unknown) => this.fail(err)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private fail(err: unknown): never {
    throw engineErrorFrom(err, this.engineInfo.endpoint);
  }

  // ---- containers

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    try {
      const list = await this.docker.listContainers({ all: true, filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } });
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

  async createContainer(spec: ContainerSpec): Promise<string> {
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer(createOptions(spec, this.engineInfo.apiVersion));
    } catch (err) {
      if (status(err) === 409) throw new NameConflict(spec.name);
      if (status(err) === 404) throw new ImageMissing(spec.image, 'not present locally');
      return this.fail(err);
    }
    try {
      // The create call attaches one network; the others are connected before the start.
      for (const net of spec.networks.slice(1)) {
        await this.docker.getNetwork(net.name).connect({ Container: container.id, EndpointConfig: { Aliases: net.aliases } });
      }
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      return this.fail(err);
    }
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
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

  async removeContainer(id: string, opts: { removeAnonymousVolumes?: boolean } = {}): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: opts.removeAnonymousVolumes ?? false });
    } catch (err) {
      // 409: removal already in progress; 404: already gone. Both mean the same to the caller.
      if (status(err) === 404 || status(err) === 409) return;
      return this.fail(err);
    }
  }

  async exec(id: string, command: string[], timeoutMs: number): Promise<ExecResult> {
    try {
      return await execIn(this.docker.getContainer(id), command, timeoutMs);
    } catch (err) {
      return this.fail(err);
    }
  }

  logs(id: string, opts: LogOptions, onLine: (line: LogLine) => void, onEnd?: (error?: Error) => void): Subscription {
    return followLogs(this.docker.getContainer(id), this.docker, opts, onLine, onEnd);
  }

  events(labels: Record<string, string>, onEvent: (e: ContainerEvent) => void, onEnd: (error?: Error) => void, since?: number): EventSubscription {
    return subscribeEvents(this.docker, labels, onEvent, onEnd, since);
  }

  // ---- images

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      return this.fail(err);
    }
  }

  /** Pulls with progress summed over layers; a failure (no registry, no such image) is ImageMissing with the engine's reason. */
  async pullImage(image: string, onProgress: (p: ImageProgress) => void, signal?: AbortSignal): Promise<void> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.pull(image, { abortSignal: signal });
    } catch (err) {
      throw new ImageMissing(image, (err as { json?: { message?: string } }).json?.message ?? (err as Error).message);
    }
    const layers = new Map<string, { current: number; total: number }>();
    const events = await new Promise<{ error?: string; errorDetail?: { message?: string } }[]>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err, output) => (err ? reject(err) : resolve(output as never[])),
        (e: { id?: string; status?: string; progressDetail?: { current?: number; total?: number } }) => {
          if (e.id && e.progressDetail?.total) layers.set(e.id, { current: e.progressDetail.current ?? 0, total: e.progressDetail.total });
          let current = 0;
          let total = 0;
          for (const l of layers.values()) {
            current += l.current;
            total += l.total;
          }
          onProgress({ ...(total > 0 ? { current, total } : {}), message: [e.id, e.status].filter(Boolean).join(': ') });
        },
      );
    }).catch((err: unknown) => {
      throw new ImageMissing(image, (err as Error).message);
    });
    const failure = events.find((e) => e.error);
    if (failure) throw new ImageMissing(image, failure.errorDetail?.message ?? failure.error ?? 'pull failed');
  }

  /** Builds from a context folder, honouring .dockerignore; the output is streamed and kept on failure. */
  async buildImage(spec: BuildSpec, onProgress: (p: ImageProgress) => void, signal?: AbortSignal): Promise<string[]> {
    return this.build(
      spec.context,
      contextFiles(spec.context, spec.dockerfile),
      spec.tag,
      spec.labels,
      { dockerfile: spec.dockerfile, args: spec.args, ...(spec.target ? { target: spec.target } : {}) },
      onProgress,
      signal,
    );
  }

  /** Builds a context from an explicit file list (test fixtures, the demo base image). */
  buildContext(contextDir: string, files: string[], tag: string, labels: Record<string, string> = {}): Promise<string[]> {
    return this.build(contextDir, files, tag, labels, { dockerfile: 'Dockerfile', args: {} }, () => undefined);
  }

  private async build(
    context: string,
    files: string[],
    tag: string,
    labels: Record<string, string>,
    opts: { dockerfile: string; args: Record<string, string>; target?: string },
    onProgress: (p: ImageProgress) => void,
    signal?: AbortSignal,
  ): Promise<string[]> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.buildImage(
        { context, src: files },
        { t: tag, labels, rm: true, forcerm: true, dockerfile: opts.dockerfile, buildargs: opts.args, ...(opts.target ? { target: opts.target } : {}), abortSignal: signal },
      );
    } catch (err) {
      return this.fail(err);
    }
    const log: string[] = [];
    const events = await new Promise<{ stream?: string; error?: string; errorDetail?: { message?: string } }[]>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err, output) => (err ? reject(err) : resolve(output as never[])),
        (e: { stream?: string }) => {
          for (const line of (e.stream ?? '').split('\n')) {
            if (line.trim() === '') continue;
            log.push(line);
            onProgress({ message: line });
          }
        },
      );
    }).catch((err: unknown) => this.fail(err));
    // followProgress resolves even when the build failed: the failure is an { error } entry.
    const failure = events.find((e) => e.error);
    if (failure) throw new BuildFailed(tag, failure.errorDetail?.message ?? failure.error ?? 'unknown error', log);
    return log;
  }

  async removeImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).remove({ force: true });
    } catch (err) {
      if (status(err) !== 404) this.fail(err);
    }
  }

  // ---- networks and volumes

  async networkExists(name: string): Promise<boolean> {
    try {
      await this.docker.getNetwork(name).inspect();
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      return this.fail(err);
    }
  }

  async createNetwork(spec: NetworkSpec): Promise<void> {
    try {
      await this.docker.createNetwork({
        Name: spec.name,
        Labels: spec.labels,
        CheckDuplicate: true,
        Internal: spec.internal,
        Attachable: spec.attachable,
        ...(spec.driver ? { Driver: spec.driver } : {}),
        Options: spec.driverOpts,
      });
    } catch (err) {
      if (status(err) === 409) return;
      return this.fail(err);
    }
  }

  /**
   * Removes a network. Right after its containers are removed the engine may still count their
   * endpoints for a moment ("has active endpoints", seen with 50 containers): wait until they are
   * gone, up to 20 s, then remove it. Endpoints still there after that belong to live containers,
   * and the error names them.
   */
  async removeNetwork(name: string): Promise<void> {
    const network = this.docker.getNetwork(name);
    for (const t0 = Date.now(); ;) {
      try {
        await network.remove();
        return;
      } catch (err) {
        if (status(err) === 404) return;
        const message = (err as { json?: { message?: string } }).json?.message ?? (err as Error).message;
        if (!/active endpoints/.test(message)) return this.fail(err);
        const attached = await network.inspect().then(
          (n: { Containers?: Record<string, { Name?: string }> }) => Object.values(n.Containers ?? {}).map((c) => c.Name ?? '?'),
          (e: unknown) => (status(e) === 404 ? [] : this.fail(e)),
        );
        if (Date.now() - t0 > 20_000) {
          throw new EngineError(
            'engine-error',
            `network ${name} is still used by ${attached.length > 0 ? attached.join(', ') : 'endpoints the engine has not released'}`,
            `disconnect them (docker network disconnect ${name} CONTAINER) or remove them, then run down again`,
            { cause: err },
          );
        }
        await new Promise((r) => setTimeout(r, attached.length > 0 ? 200 : 50));
      }
    }
  }

  async volumeExists(name: string): Promise<boolean> {
    try {
      await this.docker.getVolume(name).inspect();
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      return this.fail(err);
    }
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    try {
      await this.docker.createVolume({ Name: spec.name, Labels: spec.labels, ...(spec.driver ? { Driver: spec.driver } : {}), DriverOpts: spec.driverOpts });
    } catch (err) {
      return this.fail(err);
    }
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (err) {
      if (status(err) === 404) return;
      return this.fail(err);
    }
  }

  // ---- helpers for tests and fixtures

  /** Runs a container to completion and returns its exit code and output lines; removes it after. */
  async runOnce(opts: RunOnceOptions): Promise<{ exitCode: number; lines: { stream: 'stdout' | 'stderr'; line: string }[] }> {
    if (!(await this.hasImage(opts.image))) throw new ImageMissing(opts.image, 'not present locally');
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer({ Image: opts.image, Cmd: opts.command, Labels: opts.labels, ...(opts.name ? { name: opts.name } : {}), Tty: false });
    } catch (err) {
      return this.fail(err);
    }
    try {
      await container.start();
      const result = (await container.wait()) as { StatusCode: number };
      const raw = await container.logs({ stdout: true, stderr: true, follow: false });
      return { exitCode: result.StatusCode, lines: chunksToLines(parseLogFrames(raw)) };
    } catch (err) {
      return this.fail(err);
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  /** Container ids carrying `label` (`key=value`). */
  async containerIdsWithLabel(label: string): Promise<string[]> {
    try {
      const list = await this.docker.listContainers({ all: true, filters: { label: [label] } });
      return list.map((c) => c.Id);
    } catch (err) {
      return this.fail(err);
    }
  }
}
