import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { contextNamed, currentContextName, listContexts } from './contexts';

/** Where the engine is and why we chose it, so the UI and CLI can say so. */
export interface EngineEndpoint {
  /** `unix:///var/run/docker.sock`, `tcp://host:2376`, `npipe:////./pipe/docker_engine`. */
  url: string;
  reason: string;
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  tls?: { certPath: string; verify: boolean };
  /** An ssh:// engine: reached through an SSH connection (ssh-connection.ts), the docker CLI's way. */
  ssh?: boolean;
}

export function parseDockerHost(
  value: string,
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): EngineEndpoint {
  if (value.startsWith('ssh://')) return { url: value, reason: 'DOCKER_HOST', ssh: true };
  if (value.startsWith('unix://'))
    return { url: value, reason: 'DOCKER_HOST', socketPath: value.slice('unix://'.length) };
  if (value.startsWith('npipe://'))
    return { url: value, reason: 'DOCKER_HOST', socketPath: value.slice('npipe://'.length).replace(/\//g, '\\') };
  if (value.startsWith('tcp://') || value.startsWith('http://') || value.startsWith('https://')) {
    const u = new URL(value.replace(/^tcp:/, 'http:'));
    const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
    const tls = verify || value.startsWith('https://');
    return {
      url: value,
      reason: 'DOCKER_HOST',
      host: u.hostname,
      port: Number(u.port || (tls ? 2376 : 2375)),
      protocol: tls ? 'https' : 'http',
      ...(tls ? { tls: { certPath: env.DOCKER_CERT_PATH ?? join(homeDir, '.docker'), verify } } : {}),
    };
  }
  throw new Error(`DOCKER_HOST "${value}" is not unix://, tcp://, ssh:// or npipe://`);
}

/** Sockets of the common engines, in the order we try them when DOCKER_HOST is not set. */
export function knownSockets(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): { path: string; name: string }[] {
  const runtime = env.XDG_RUNTIME_DIR;
  return [
    { path: '/var/run/docker.sock', name: 'Docker' },
    { path: join(homeDir, '.docker/run/docker.sock'), name: 'Docker Desktop' },
    { path: join(homeDir, '.colima/default/docker.sock'), name: 'Colima' },
    { path: join(homeDir, '.orbstack/run/docker.sock'), name: 'OrbStack' },
    { path: join(homeDir, '.rd/docker.sock'), name: 'Rancher Desktop' },
    ...(runtime ? [{ path: join(runtime, 'podman/podman.sock'), name: 'Podman' }] : []),
    { path: '/run/podman/podman.sock', name: 'Podman' },
  ];
}

/**
 * The engine docker itself would use, in its order: DOCKER_HOST, else the current context
 * (DOCKER_CONTEXT or config.json's currentContext), else the first known socket that exists.
 * `stackpilot --context NAME` and the window's engine picker set DOCKER_CONTEXT and clear DOCKER_HOST.
 */
export function findEngineEndpoint(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
  exists: (path: string) => boolean = existsSync,
): EngineEndpoint {
  if (env.DOCKER_HOST) return parseDockerHost(env.DOCKER_HOST, env, homeDir);
  const name = currentContextName(env, homeDir);
  if (name !== 'default') {
    const context = contextNamed(name, env, homeDir);
    const endpoint = { ...parseDockerHost(context.host, {}, homeDir), reason: `docker context "${name}"` };
    // A tcp:// context with TLS material of its own: verified with it, as docker does.
    return context.tlsDir && endpoint.host
      ? { ...endpoint, protocol: 'https', tls: { certPath: context.tlsDir, verify: true } }
      : endpoint;
  }
  const found = knownSockets(env, homeDir).find((s) => exists(s.path));
  if (found) return { url: `unix://${found.path}`, reason: `${found.name} socket`, socketPath: found.path };
  return {
    url: 'unix:///var/run/docker.sock',
    reason: 'default (no socket found)',
    socketPath: '/var/run/docker.sock',
  };
}

/** The environment as `docker --context NAME` sees it: that context, and DOCKER_HOST only for "default". */
export function withContext(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): Record<string, string | undefined> {
  return name === 'default'
    ? { ...env, DOCKER_CONTEXT: 'default' }
    : { ...env, DOCKER_CONTEXT: name, DOCKER_HOST: undefined };
}

/** Every engine one can pick, as `docker context ls` lists them: "default" (what DOCKER_HOST or discovery finds) first. */
export function engineChoices(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
  exists: (path: string) => boolean = existsSync,
): { name: string; host: string; description?: string; current: boolean }[] {
  const current = env.DOCKER_HOST ? 'default' : currentContextName(env, homeDir);
  const fallback = findEngineEndpoint(withContext(env, 'default'), homeDir, exists);
  return [
    { name: 'default', host: fallback.url, description: `found by ${fallback.reason}`, current: current === 'default' },
    ...listContexts(env, homeDir).map((c) => ({
      name: c.name,
      host: c.host,
      ...(c.description ? { description: c.description } : {}),
      current: c.name === current,
    })),
  ];
}
