import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The current docker context's engine endpoint (`docker context use colima`): DOCKER_CONTEXT, else
 * `currentContext` in ~/.docker/config.json; its meta.json lives under contexts/meta/<sha256(name)>.
 */
export function currentContextHost(env: Readonly<Record<string, string | undefined>>, homeDir: string): { name: string; host: string } | undefined {
  const configDir = env.DOCKER_CONFIG ?? join(homeDir, '.docker');
  let name = env.DOCKER_CONTEXT;
  if (!name) {
    const configFile = join(configDir, 'config.json');
    if (!existsSync(configFile)) return undefined;
    try {
      name = (JSON.parse(readFileSync(configFile, 'utf8')) as { currentContext?: string }).currentContext;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  const meta = join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
  if (!existsSync(meta)) return undefined;
  try {
    const host = (JSON.parse(readFileSync(meta, 'utf8')) as { Endpoints?: { docker?: { Host?: string } } }).Endpoints?.docker?.Host;
    return host ? { name, host } : undefined;
  } catch {
    return undefined;
  }
}
