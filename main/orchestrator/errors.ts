/**
 * The engine's error codes: one union, owned here. The driver (main/docker) throws these typed
 * errors, the engine checks them with `isEngineError`, and IPC carries `{ name, code, message, hint }`
 * to the window. Each carries what a person needs: what failed, and what to do (`hint`).
 */
export type EngineErrorCode =
  | 'engine-unreachable'
  | 'image-missing'
  | 'build-failed'
  | 'push-failed'
  | 'name-conflict'
  | 'port-taken'
  | 'bind-source-missing'
  | 'external-resource-missing'
  | 'engine-too-old'
  | 'config-refused'
  | 'provider-failed'
  | 'engine-error';

export class EngineError extends Error {
  override name = 'EngineError';
  /**
   * A fault of the moment, not of the request: no answer in time, or the engine saying it is busy or
   * unavailable (429, 502, 503, 504). The same call may well succeed when tried again.
   */
  readonly transient: boolean;
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown; transient?: boolean },
  ) {
    super(message, options);
    this.transient = options?.transient ?? false;
  }
}

/** Whether `err` is one of the engine's errors (with this code, when given). */
export function isEngineError(err: unknown, code?: EngineErrorCode): err is EngineError {
  return err instanceof EngineError && (code === undefined || err.code === code);
}

export class EngineUnreachable extends EngineError {
  override name = 'EngineUnreachable';
  constructor(endpoint: string, reason: string, options?: { cause?: unknown; hint?: string }) {
    super(
      'engine-unreachable',
      `cannot reach the Docker engine at ${endpoint}: ${reason}`,
      options?.hint ?? 'start Docker (Docker Desktop, Colima, or `sudo systemctl start docker`), or set DOCKER_HOST',
      options,
    );
  }
}

export class ImageMissing extends EngineError {
  override name = 'ImageMissing';
  constructor(
    readonly image: string,
    reason: string,
  ) {
    super(
      'image-missing',
      `image ${image} is not on the engine and could not be pulled: ${reason}`,
      `build it, or pull it where a registry is reachable: docker pull ${image}`,
    );
  }
}

export class PushFailed extends EngineError {
  override name = 'PushFailed';
  constructor(
    readonly image: string,
    reason: string,
  ) {
    super(
      'push-failed',
      `pushing ${image} failed: ${reason}`,
      `check that the registry is up and that you are logged in to it: docker login ${image.split('/')[0] ?? ''}`,
    );
  }
}

export class BuildFailed extends EngineError {
  override name = 'BuildFailed';
  constructor(
    readonly tag: string,
    reason: string,
    readonly buildLog: string[],
    hint = 'see the build log above the error',
  ) {
    super('build-failed', `building ${tag} failed: ${reason}`, hint);
  }
}

/** A build whose context folder is not there: found before anything is sent to the engine. */
export class BuildContextMissing extends BuildFailed {
  override name = 'BuildContextMissing';
  constructor(
    tag: string,
    readonly context: string,
  ) {
    super(
      tag,
      `build context ${context} does not exist`,
      [],
      "fix build.context (relative paths start at the compose file's folder)",
    );
    this.message = `build context ${context} does not exist`;
  }
}

export class NameConflict extends EngineError {
  override name = 'NameConflict';
  constructor(readonly containerName: string) {
    super(
      'name-conflict',
      `a container named ${containerName} already exists and does not belong to this stack`,
      `remove or rename it (docker rm -f ${containerName}), or set container_name to something else`,
    );
  }
}

export interface TakenPort {
  port: number;
  hostIp: string;
  holder?: string;
}

/** Host ports held by something else, found before the container is created (or said by the engine). */
export class PortTaken extends EngineError {
  override name = 'PortTaken';
  constructor(
    readonly ports: readonly TakenPort[],
    opts: { service?: string; detail?: string } = {},
  ) {
    const list = ports
      .map(
        (t) =>
          `${t.hostIp === '0.0.0.0' || t.hostIp === '' ? '' : `${t.hostIp}:`}${t.port}${t.holder ? ` (held by ${t.holder})` : ''}`,
      )
      .join(', ');
    super(
      'port-taken',
      `${ports.length === 0 ? 'a host port is' : `host port ${list} ${ports.length === 1 ? 'is' : 'are'}`} already in use${opts.detail ? `: ${opts.detail}` : ''}`,
      `stop what holds ${ports.length > 1 ? 'them' : 'it'}, or publish ${opts.service ?? 'the service'} on another port`,
    );
  }
}

export class BindSourceMissing extends EngineError {
  override name = 'BindSourceMissing';
  constructor(
    readonly source: string,
    readonly target: string,
  ) {
    super(
      'bind-source-missing',
      `bind mount source ${source} does not exist`,
      `create it, fix the path, or set bind.create_host_path: true on the mount of ${target}`,
    );
  }
}

/**
 * What the file says, refused when it comes to be done (as docker compose refuses it at up or build,
 * not when the file is read): a secret from a variable that is not set, a start_interval with no
 * start_period, a build that needs BuildKit.
 */
export class ConfigRefused extends EngineError {
  override name = 'ConfigRefused';
  constructor(
    readonly service: string,
    readonly key: string,
    message: string,
    hint: string,
  ) {
    super('config-refused', `service "${service}": ${message}`, hint);
  }
}

export class ExternalResourceMissing extends EngineError {
  override name = 'ExternalResourceMissing';
  constructor(
    readonly kind: 'network' | 'volume',
    readonly resource: string,
  ) {
    // compose's words, which people search for.
    super(
      'external-resource-missing',
      kind === 'network'
        ? `network ${resource} declared as external, but could not be found`
        : `external volume "${resource}" not found`,
      `create it first (docker ${kind} create ${resource}), or drop external: true to let the stack make it`,
    );
  }
}

/** A compose key this engine's API is too old for: refused, as compose refuses it, not dropped. */
export class EngineTooOld extends EngineError {
  override name = 'EngineTooOld';
  constructor(what: string, needed: string, have: string) {
    super(
      'engine-too-old',
      `${what} needs Docker Engine API ${needed} or later; this engine speaks ${have}`,
      `upgrade the engine, or remove that key from the compose file`,
    );
  }
}

/** The words a person reads for an error: its message, then what to do. */
export function describeError(err: unknown): string {
  const e = err as { message?: unknown; hint?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return typeof e?.hint === 'string' && e.hint ? `${message} — ${e.hint}` : message;
}
