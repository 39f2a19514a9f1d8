import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EngineUnreachable } from '../orchestrator/errors';

type Env = Readonly<Record<string, string | undefined>>;

/** A docker context (`docker context create devbox --docker host=ssh://me@devbox`), as its meta.json has it. */
export interface DockerContext {
  name: string;
  /** unix://…, tcp://…, ssh://…; for "default", what DOCKER_HOST or discovery gives. */
  host: string;
  description?: string;
  /** The folder with its TLS material (ca.pem, cert.pem, key.pem), when `docker context create … ca=…` stored some. */
  tlsDir?: string;
}

function configDir(env: Env, homeDir: string): string {
  return env.DOCKER_CONFIG ?? join(homeDir, '.docker');
}

const hashOf = (name: string): string => createHash('sha256').update(name).digest('hex');

function readMeta(dir: string, hash: string): DockerContext | undefined {
  try {
    const meta = JSON.parse(readFileSync(join(dir, 'contexts', 'meta', hash, 'meta.json'), 'utf8')) as {
      Name?: string;
      Metadata?: { Description?: string };
      Endpoints?: { docker?: { Host?: string } };
    };
    const host = meta.Endpoints?.docker?.Host;
    if (!meta.Name || !host) return undefined;
    const tlsDir = join(dir, 'contexts', 'tls', hash, 'docker');
    return {
      name: meta.Name,
      host,
      ...(meta.Metadata?.Description ? { description: meta.Metadata.Description } : {}),
      ...(existsSync(join(tlsDir, 'ca.pem')) ? { tlsDir } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The contexts `docker context ls` lists, besides "default", by name. */
export function listContexts(env: Env, homeDir: string): DockerContext[] {
  const dir = configDir(env, homeDir);
  let hashes: string[];
  try {
    hashes = readdirSync(join(dir, 'contexts', 'meta'));
  } catch {
    return [];
  }
  return hashes
    .map((h) => readMeta(dir, h))
    .filter((c): c is DockerContext => c !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The context docker would use: DOCKER_CONTEXT, else `currentContext` in config.json, else "default". */
export function currentContextName(env: Env, homeDir: string): string {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  try {
    return (
      (JSON.parse(readFileSync(join(configDir(env, homeDir), 'config.json'), 'utf8')) as { currentContext?: string })
        .currentContext || 'default'
    );
  } catch {
    return 'default';
  }
}

/** A context by name; a name that is not there is an error that lists those that are. */
export function contextNamed(name: string, env: Env, homeDir: string): DockerContext {
  const found = readMeta(configDir(env, homeDir), hashOf(name));
  if (found) return found;
  const known = ['default', ...listContexts(env, homeDir).map((c) => c.name)];
  throw new EngineUnreachable(`docker context "${name}"`, 'there is no such context', {
    hint: `the contexts here are ${known.join(', ')} (docker context ls); pick one, or make it with docker context create`,
  });
}
