import { EngineError, EngineUnreachable } from '../orchestrator/errors';

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'EPROTO',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
const TLS_HINT_CERTS =
  "DOCKER_CERT_PATH must hold the authority that signed the engine's certificate (ca.pem) and a client certificate it trusts (cert.pem, key.pem); the engine's address must be one its certificate names";
const TLS_HINT_PLAIN =
  'set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem (or use a docker context that has them)';

/** What an engine (or a proxy in front of it) answers when it is busy or unavailable for a moment. */
const BUSY_STATUSES = new Set([429, 502, 503, 504]);

/** Maps what dockerode/docker-modem throws (errno codes, HTTP statuses) to the engine's typed errors. */
export function engineErrorFrom(err: unknown, endpoint: string): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as { code?: string; statusCode?: number; json?: { message?: string }; message?: string };
  if (
    e.code === 'ENOENT' ||
    e.code === 'ECONNREFUSED' ||
    e.code === 'EACCES' ||
    e.code === 'ETIMEDOUT' ||
    e.code === 'ECONNRESET'
  ) {
    const why =
      e.code === 'EACCES'
        ? 'permission denied (is your user in the docker group?)'
        : e.code === 'ENOENT'
          ? 'no socket there'
          : (e.message ?? e.code);
    return new EngineUnreachable(endpoint, why, { cause: err });
  }
  const message = e.json?.message ?? e.message ?? String(err);
  if (/HTTP request to an HTTPS server/.test(message) || (typeof e.json === 'string' && /HTTPS server/.test(e.json))) {
    return new EngineUnreachable(endpoint, 'the engine speaks TLS, and this connection did not', {
      cause: err,
      hint: TLS_HINT_PLAIN,
    });
  }
  if (e.code && (TLS_CODES.has(e.code) || /^ERR_(SSL|TLS)_/.test(e.code))) {
    return new EngineUnreachable(endpoint, `the TLS handshake failed (${e.code}${e.message ? `: ${e.message}` : ''})`, {
      cause: err,
      hint: TLS_HINT_CERTS,
    });
  }
  // Podman runs `init: true` with catatonit, a package of its own that is not always installed.
  if (/container-init binary not found/.test(message)) {
    return new EngineError(
      'engine-error',
      `Podman cannot run a service with init: true: ${message}`,
      'install catatonit (apt-get install catatonit, dnf install catatonit), which Podman uses as the init process',
      { cause: err },
    );
  }
  return new EngineError('engine-error', `the engine answered: ${message}`, undefined, {
    cause: err,
    transient: e.statusCode !== undefined && BUSY_STATUSES.has(e.statusCode),
  });
}

/** The port an engine's "address already in use" message names, if it names one. */
export function portInMessage(message: string): number | undefined {
  const found = /(?:0\.0\.0\.0|[\d.]+|\[::\]):(\d+)/.exec(message)?.[1] ?? /port (\d+)/.exec(message)?.[1];
  return found === undefined ? undefined : Number(found);
}
