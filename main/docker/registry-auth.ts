import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../orchestrator/errors';

/** What the engine takes as a registry's credentials (X-Registry-Auth). */
export interface RegistryAuth {
  serveraddress: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Docker Hub's key in config.json, as `docker login` writes it. */
const HUB = 'https://index.docker.io/v1/';

/** The registry an image reference names: its first part when that looks like a host, else Docker Hub. */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  return first && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

/** Runs `docker-credential-<helper> get`: the helper's answer, or undefined when it has none. */
export type CredentialHelper = (helper: string, server: string) => { Username: string; Secret: string } | undefined;

export const runCredentialHelper: CredentialHelper = (helper, server) => {
  try {
    const out = execFileSync(`docker-credential-${helper}`, ['get'], {
      input: server,
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return JSON.parse(out) as { Username: string; Secret: string };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string };
    // "credentials not found in native keychain": not logged in to that registry, not an error.
    if (/not found/i.test(String(e.stdout ?? '')) || /not found/i.test(e.message)) return undefined;
    if (e.code === 'ENOENT')
      throw new EngineError(
        'engine-error',
        `the credential helper docker-credential-${helper} named in your docker config is not installed`,
        'install it, or remove credsStore/credHelpers from ~/.docker/config.json',
      );
    throw new EngineError(
      'engine-error',
      `the credential helper docker-credential-${helper} failed: ${e.message}`,
      'run docker login again',
    );
  }
};

/**
 * Reads the docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`). A missing
 * file is no credentials; a broken one is said, since a pull would then fail for a reason unseen.
 */
export function readDockerConfig(env: Readonly<Record<string, string | undefined>>, homeDir: string): DockerConfig {
  const file = join(env.DOCKER_CONFIG ?? join(homeDir, '.docker'), 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (err) {
    throw new EngineError(
      'engine-error',
      `cannot read ${file}: ${(err as Error).message}`,
      'fix the JSON, or run docker login again to rewrite it',
    );
  }
}

/** The credentials `docker login` stored for the registry of `image`, as the docker CLI finds them. */
export function credentialsFor(
  image: string,
  config: DockerConfig,
  helper: CredentialHelper = runCredentialHelper,
): RegistryAuth | undefined {
  const registry = registryOf(image);
  const server = registry === 'docker.io' ? HUB : registry;
  const helperName = config.credHelpers?.[registry] ?? config.credsStore;
  if (helperName) {
    const found = helper(helperName, server);
    if (found)
      return found.Username === '<token>'
        ? { serveraddress: server, identitytoken: found.Secret }
        : { serveraddress: server, username: found.Username, password: found.Secret };
  }
  const entry = config.auths?.[server] ?? config.auths?.[`https://${registry}`] ?? config.auths?.[registry];
  if (!entry) return undefined;
  if (entry.identitytoken) return { serveraddress: server, identitytoken: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { serveraddress: server, username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return entry.username
    ? { serveraddress: server, username: entry.username, password: entry.password ?? '' }
    : undefined;
}

/** Every registry's credentials, for a build whose FROM lines may name any of them (X-Registry-Config). */
export function allCredentials(
  config: DockerConfig,
  helper: CredentialHelper = runCredentialHelper,
): Record<string, RegistryAuth> {
  const out: Record<string, RegistryAuth> = {};
  for (const server of Object.keys(config.auths ?? {})) {
    const image = server === HUB ? 'x' : `${server.replace(/^https?:\/\//, '').replace(/\/.*$/, '')}/x`;
    const auth = credentialsFor(image, config, helper);
    if (auth) out[server] = auth;
  }
  for (const registry of Object.keys(config.credHelpers ?? {})) {
    const auth = credentialsFor(`${registry}/x`, config, helper);
    if (auth) out[registry] = auth;
  }
  return out;
}

/** Where `use_api_socket` puts the credentials in the container, as the docker CLI does (DOCKER_CONFIG points there). */
export const CONTAINER_DOCKER_CONFIG = '/run/secrets/docker/config.json';

/** A config.json holding only credentials, in the form `docker login` writes them. */
export function credentialsFile(all: Record<string, RegistryAuth>): string {
  const auths = Object.fromEntries(
    Object.entries(all).map(([server, a]) => [
      server,
      a.identitytoken
        ? { identitytoken: a.identitytoken }
        : { auth: Buffer.from(`${a.username ?? ''}:${a.password ?? ''}`).toString('base64') },
    ]),
  );
  return `${JSON.stringify({ auths }, null, 2)}\n`;
}
