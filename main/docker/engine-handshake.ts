import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { DockerOptions } from 'dockerode';
import type { EngineInfo } from '../orchestrator/driver';
import { EngineUnreachable } from '../orchestrator/errors';
import { findEngineEndpoint } from './endpoint';
import type { EngineEndpoint } from './endpoint';
import { openRoute } from './engine-route';
import type { EngineRoute } from './engine-route';
import { engineErrorFrom } from './errors';
import { boundCalls, CALL_TIMEOUT_MS } from './bounded-calls';
import { loadDockerode } from './load-dockerode';

/** The newest API version this client is written against; older engines are spoken to in their own. */
const CLIENT_MAX_API = '1.49';

function compareApi(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function certFile(endpoint: EngineEndpoint, name: string): Buffer {
  const path = join(endpoint.tls?.certPath ?? '', name);
  try {
    return readFileSync(path);
  } catch {
    throw new EngineUnreachable(endpoint.url, `TLS is on, and there is no ${path}`, {
      hint: 'point DOCKER_CERT_PATH at the folder with ca.pem, cert.pem and key.pem (by default ~/.docker), or unset DOCKER_TLS_VERIFY for an engine without TLS',
    });
  }
}

function dockerOptions(endpoint: EngineEndpoint, version?: string): DockerOptions {
  const base: DockerOptions = version ? { version: `v${version}` } : {};
  if (endpoint.socketPath) return { ...base, socketPath: endpoint.socketPath };
  const tls = endpoint.tls
    ? { ca: certFile(endpoint, 'ca.pem'), cert: certFile(endpoint, 'cert.pem'), key: certFile(endpoint, 'key.pem') }
    : {};
  return { ...base, host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol, ...tls };
}

const Dockerode = loadDockerode();

/** STACKPILOT_ENGINE_CALL_TIMEOUT (seconds): how long an engine call may go unanswered (default 60). */
function callTimeout(env: Readonly<Record<string, string | undefined>>): number {
  const s = Number(env.STACKPILOT_ENGINE_CALL_TIMEOUT);
  return Number.isFinite(s) && s > 0 ? s * 1000 : CALL_TIMEOUT_MS;
}

/**
 * docker-modem fills every option not given from DOCKER_HOST and friends: an ssh:// there would make
 * it take its own ssh transport (and warn about the URL). Our options say everything, so it reads none.
 */
function dockerClient(options: DockerOptions, callTimeoutMs = CALL_TIMEOUT_MS): Docker {
  const saved = process.env.DOCKER_HOST;
  delete process.env.DOCKER_HOST;
  try {
    const docker = new Dockerode(options);
    boundCalls(docker.modem, callTimeoutMs);
    return docker;
  } finally {
    if (saved !== undefined) process.env.DOCKER_HOST = saved;
  }
}

/** "Podman" when Podman's compatible API answers (it names itself in the version's components). */
function productOf(version: Docker.DockerVersion): string {
  const names = [
    ...(version.Components ?? []).map((c) => c.Name),
    (version as { Platform?: { Name?: string } }).Platform?.Name ?? '',
  ];
  return names.some((n) => /podman/i.test(n)) ? 'Podman' : 'Docker';
}

/**
 * Finds the engine as docker would, opens the way to it (an SSH connection for ssh://), checks that
 * it answers, and makes the client that speaks its API version (never newer than the engine's).
 */
export async function handshake(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): Promise<{ docker: Docker; info: EngineInfo; route: EngineRoute }> {
  const found = findEngineEndpoint(env, homeDir);
  const route = await openRoute(found, env);
  const { endpoint } = route;
  let version: Docker.DockerVersion;
  try {
    version = await dockerClient(dockerOptions(endpoint)).version();
  } catch (err) {
    route.close();
    throw engineErrorFrom(err, found.url);
  }
  if (!version.ApiVersion) {
    route.close();
    throw new EngineUnreachable(found.url, 'the engine did not report an API version');
  }
  const apiVersion = compareApi(version.ApiVersion, CLIENT_MAX_API) < 0 ? version.ApiVersion : CLIENT_MAX_API;
  const info: EngineInfo = {
    version: version.Version,
    apiVersion,
    endpoint: found.url,
    reason: found.reason,
    product: productOf(version),
    ...(route.remote ? { remote: route.remote } : {}),
  };
  return { docker: dockerClient(dockerOptions(endpoint, apiVersion), callTimeout(env)), info, route };
}
