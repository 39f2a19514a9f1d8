import { createHash } from 'node:crypto';

/** The label keys `docker compose` v2 puts on what it creates; using them makes stacks interchangeable. */
export const Label = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
  dependsOn: 'com.docker.compose.depends_on',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  version: 'com.docker.compose.version',
  image: 'com.docker.compose.image',
  environmentFile: 'com.docker.compose.project.environment_file',
  /** On a container that replaced an outdated one: the id of the one it replaced. */
  replace: 'com.docker.compose.replace',
  /** On a `pre_start` hook's throwaway container (compose v5): which hook it ran. */
  hook: 'com.docker.compose.hook',
  /** Ours: the hash Stackpilot computed, so drift is judged only against our own hashing. */
  stackpilotHash: 'org.stackpilot.config-hash',
} as const;

/**
 * What goes in com.docker.compose.version: the docker compose v2 whose behaviour Stackpilot follows.
 * Tools that read a project made by compose parse it as a version (docker-compose 1.29 crashes on a
 * container without it).
 */
export const COMPOSE_VERSION = '2.30.0';

export function containerName(project: string, service: string, explicit?: string, replica = 1): string {
  return explicit ?? `${project}-${service}-${replica}`;
}

/** A stable hash of a JSON-able value: keys sorted, so the same config always hashes the same. */
export function configHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
