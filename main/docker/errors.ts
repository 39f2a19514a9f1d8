/** Engine failures, typed, each with a message a person can act on. */
export type EngineErrorCode = 'engine-unreachable' | 'image-missing' | 'build-failed' | 'name-conflict' | 'port-taken' | 'engine-error';

export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class EngineUnreachable extends EngineError {
  override name = 'EngineUnreachable';
  constructor(endpoint: string, reason: string, options?: { cause?: unknown }) {
    super('engine-unreachable', `cannot reach the Docker engine at ${endpoint}: ${reason}`, 'start Docker (Docker Desktop, Colima, or `sudo systemctl start docker`), or set DOCKER_HOST', options);
  }
}

export class ImageMissing extends EngineError {
  override name = 'ImageMissing';
  constructor(image: string, reason: string) {
    super('image-missing', `image ${image} is not on the engine and could not be pulled: ${reason}`, `build it, or pull it where a registry is reachable: docker pull ${image}`);
  }
}

export class BuildFailed extends EngineError {
  override name = 'BuildFailed';
  constructor(
    tag: string,
    reason: string,
    readonly buildLog: string[],
  ) {
    super('build-failed', `building ${tag} failed: ${reason}`, 'see the build log above the error');
  }
}

/** Maps what dockerode/docker-modem throws (errno codes, HTTP statuses) to our typed errors. */
export function engineErrorFrom(err: unknown, endpoint: string): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as { code?: string; statusCode?: number; json?: { message?: string }; message?: string };
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES' || e.code === 'ETIMEDOUT' || e.code === 'ECONNRESET') {
    const why = e.code === 'EACCES' ? 'permission denied (is your user in the docker group?)' : e.code === 'ENOENT' ? 'no socket there' : (e.message ?? e.code);
    return new EngineUnreachable(endpoint, why, { cause: err });
  }
  const message = e.json?.message ?? e.message ?? String(err);
  return new EngineError('engine-error', `the Docker engine answered: ${message}`, undefined, { cause: err });
}

export class NameConflict extends EngineError {
  override name = 'NameConflict';
  constructor(containerName: string) {
    super(
      'name-conflict',
      `a container named ${containerName} already exists and does not belong to this stack`,
      `remove or rename it (docker rm -f ${containerName}), or set container_name to something else`,
    );
  }
}

export class PortTaken extends EngineError {
  override name = 'PortTaken';
  constructor(
    readonly port: string,
    detail: string,
  ) {
    super('port-taken', `host port ${port} is already in use: ${detail}`, `stop whatever holds port ${port}, or publish the service on another port`);
  }
}
