import { EngineError, EngineUnreachable } from '../engine/errors';

/** Maps what dockerode/docker-modem throws (errno codes, HTTP statuses) to the engine's typed errors. */
export function engineErrorFrom(err: unknown, endpoint: string): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as { code?: string; statusCode?: number; json?: { message?: string }; message?: string };
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES' || e.code === 'ETIMEDOUT' || e.code === 'ECONNRESET') {
    const why = e.code === 'EACCES' ? 'permission denied (is your user in the docker group?)' : e.code === 'ENOENT' ? 'no socket there' : (e.message ?? e.code);
    return new EngineUnreachable(endpoint, why, { cause: err });
  }
  const message = e.json?.message ?? e.message ?? String(err);
  // Podman runs `init: true` with catatonit, a package of its own that is not always installed.
  if (/container-init binary not found/.test(message)) {
    return new EngineError(
      'engine-error',
      `Podman cannot run a service with init: true: ${message}`,
      'install catatonit (apt-get install catatonit, dnf install catatonit), which Podman uses as the init process',
      { cause: err },
    );
  }
  return new EngineError('engine-error', `the engine answered: ${message}`, undefined, { cause: err });
}

/** The port an engine's "address already in use" message names, if it names one. */
export function portInMessage(message: string): number | undefined {
  const found = /(?:0\.0\.0\.0|[\d.]+|\[::\]):(\d+)/.exec(message)?.[1] ?? /port (\d+)/.exec(message)?.[1];
  return found === undefined ? undefined : Number(found);
}
