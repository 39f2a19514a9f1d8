import type { ModelPath } from './diagnostics';
import type { Service } from './model';
import type { Reader } from './reader';

/** Service keys that say where the container runs or what it shares: network_mode, volumes_from, pull_policy. */

/**
 * What Stackpilot does is compose's default policy: pull an image only when it is missing. A policy
 * that asks for something else is refused until it is applied.
 */
export function readPullPolicy(value: unknown, path: ModelPath, r: Reader): void {
  const policy = r.string(value, path);
  if (policy === undefined || policy === 'missing' || policy === 'if_not_present') return;
  if (!/^(always|never|build|daily|weekly|every_\w+)$/.test(policy)) {
    r.error(path, 'invalid-value', `unknown pull_policy "${policy}"`, 'use always, missing, never, build, daily, weekly or every_<duration>');
    return;
  }
  r.error(
    path,
    'unsupported-key',
    `pull_policy: ${policy} is not supported by Stackpilot yet (it pulls an image only when it is missing)`,
    'remove it or write pull_policy: missing, or run this stack with docker compose for now',
  );
}

export function readNetworkMode(value: unknown, path: ModelPath, r: Reader): string | undefined {
  const mode = r.string(value, path);
  if (mode === undefined || /^(host|none|bridge|default|(service|container):[a-zA-Z0-9][a-zA-Z0-9_.-]*)$/.test(mode)) return mode;
  r.error(path, 'invalid-value', `network_mode "${mode}" is not one compose knows`, 'use host, none, bridge, service:<service> or container:<name or id>');
  return undefined;
}

export function readVolumesFrom(value: unknown, path: ModelPath, r: Reader): Service['volumesFrom'] | undefined {
  return r.stringList(value, path)?.flatMap((entry, i) => {
    const parts = entry.split(':');
    const external = parts[0] === 'container';
    const [name, mode = 'rw'] = external ? parts.slice(1) : parts;
    if (!name || (mode !== 'ro' && mode !== 'rw')) {
      r.error([...path, i], 'invalid-value', `volumes_from "${entry}" is not SERVICE[:ro|rw] or container:NAME[:ro|rw]`, 'e.g. volumes_from: [data, "container:backup:ro"]');
      return [];
    }
    return [{ ...(external ? { container: name } : { service: name }), readOnly: mode === 'ro' }];
  });
}
