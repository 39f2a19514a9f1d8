import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { DockerOptions } from 'dockerode';
import { findEngineEndpoint } from './endpoint';
import type { EngineEndpoint } from './endpoint';
import { BuildFailed, EngineUnreachable, ImageMissing, engineErrorFrom } from './errors';
import { chunksToLines, parseLogFrames } from './log-frames';

/** The newest API version this client is written against; older engines are spoken to in their own. */
const CLIENT_MAX_API = '1.45';

export interface EngineInfo {
  endpoint: EngineEndpoint;
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
}

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

/**
 * The engine, through dockerode. The only place (with the rest of main/docker) that knows dockerode;
 * everything it returns or throws is ours (EngineError and friends).
 */
export class DockerEngine {
  private constructor(
    private readonly docker: Docker,
    readonly info: EngineInfo,
  ) {}

  /** Finds the engine, checks it answers, and negotiates the API version (never newer than the engine's). */
  static async connect(env: Readonly<Record<string, string | undefined>>, homeDir: string): Promise<DockerEngine> {
    const endpoint = findEngineEndpoint(env, homeDir);
    let version: Docker.DockerVersion;
    try {
      version = await new Docker(dockerOptions(endpoint)).version();
    } catch (err) {
      throw engineErrorFrom(err, endpoint.url);
    }
    if (!version.ApiVersion) throw new EngineUnreachable(endpoint.url, 'the engine did not report an API version');
    const apiVersion = compareApi(version.ApiVersion, CLIENT_MAX_API) < 0 ? version.ApiVersion : CLIENT_MAX_API;
    return new DockerEngine(new Docker(dockerOptions(endpoint, apiVersion)), {
      endpoint,
      version: version.Version,
      apiVersion,
      os: version.Os,
      arch: version.Arch,
    });
  }

  private fail(err: unknown): never {
    throw engineErrorFrom(err, this.info.endpoint.url);
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return false;
      return this.fail(err);
    }
  }

  /** Builds `contextDir` into `tag`; the build output is returned, and kept on failure. */
  async buildImage(contextDir: string, files: string[], tag: string, labels: Record<string, string> = {}): Promise<string[]> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.buildImage({ context: contextDir, src: files }, { t: tag, labels, rm: true, forcerm: true });
    } catch (err) {
      return this.fail(err);
    }
    const log: string[] = [];
    const events = await new Promise<{ stream?: string; error?: string; errorDetail?: { message?: string } }[]>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (err, output) => (err ? reject(err) : resolve(output as never[])));
    }).catch((err: unknown) => this.fail(err));
    for (const e of events) if (e.stream) log.push(...e.stream.split('\n').filter((l) => l.trim() !== ''));
    // followProgress resolves even when the build failed: the failure is an { error } entry.
    const failure = events.find((e) => e.error);
    if (failure) throw new BuildFailed(tag, failure.errorDetail?.message ?? failure.error ?? 'unknown error', log);
    return log;
  }

  async removeImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).remove({ force: true });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) this.fail(err);
    }
  }

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

  /** Containers carrying `label` (`key=value`), for tests and cleanups. */
  async containerIdsWithLabel(label: string): Promise<string[]> {
    try {
      const list = await this.docker.listContainers({ all: true, filters: { label: [label] } });
      return list.map((c) => c.Id);
    } catch (err) {
      return this.fail(err);
    }
  }
}
