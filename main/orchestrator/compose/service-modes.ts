import { parseDuration } from './duration';
import type { ModelPath } from './diagnostics';
import type { Service } from './model';
import type { Reader } from './reader';

/** Service keys that say where the container runs or what it shares: network_mode, volumes_from, pull_policy. */

/**
 * `pull_policy`: missing (the default; if_not_present is its old name), always, never, build. The
 * schedules (daily, weekly, every_<duration>) are refused until they are applied.
 */
export function readPullPolicy(value: unknown, path: ModelPath, r: Reader): Service['pullPolicy'] {
  const policy = r.string(value, path);
  if (policy === undefined) return undefined;
  if (policy === 'if_not_present') return 'missing';
  if (
    policy === 'missing' ||
    policy === 'always' ||
    policy === 'never' ||
    policy === 'build' ||
    policy === 'refresh' ||
    policy === 'daily' ||
    policy === 'weekly'
  )
    return policy;
  if (policy.startsWith('every_') && parseDuration(policy.slice('every_'.length)) !== undefined)
    return policy as `every_${string}`;
  r.error(
    path,
    'invalid-value',
    `unknown pull_policy "${policy}"`,
    'use always, missing, never, build, daily, weekly, every_<duration> (every_12h) or refresh with pull_refresh_after',
  );
  return undefined;
}

/**
 * How long a pulled image stays fresh under a scheduled pull_policy (daily, weekly, every_12h, or
 * refresh with pull_refresh_after), in ms; undefined for the other policies.
 */
export function refreshInterval(service: Pick<Service, 'pullPolicy' | 'pullRefreshAfter'>): number | undefined {
  const p = service.pullPolicy;
  if (p === 'daily') return 24 * 3600_000;
  if (p === 'weekly') return 7 * 24 * 3600_000;
  if (p === 'refresh') return service.pullRefreshAfter;
  return p?.startsWith('every_') ? parseDuration(p.slice('every_'.length)) : undefined;
}

export function readNetworkMode(value: unknown, path: ModelPath, r: Reader): string | undefined {
  const mode = r.string(value, path);
  if (mode === undefined || /^(host|none|bridge|default|(service|container):[a-zA-Z0-9][a-zA-Z0-9_.-]*)$/.test(mode))
    return mode;
  r.error(
    path,
    'invalid-value',
    `network_mode "${mode}" is not one compose knows`,
    'use host, none, bridge, service:<service> or container:<name or id>',
  );
  return undefined;
}

export function readVolumesFrom(value: unknown, path: ModelPath, r: Reader): Service['volumesFrom'] | undefined {
  return r.stringList(value, path)?.flatMap((entry, i) => {
    const parts = entry.split(':');
    const external = parts[0] === 'container';
    const [name, mode = 'rw'] = external ? parts.slice(1) : parts;
    if (!name || (mode !== 'ro' && mode !== 'rw')) {
      r.error(
        [...path, i],
        'invalid-value',
        `volumes_from "${entry}" is not SERVICE[:ro|rw] or container:NAME[:ro|rw]`,
        'e.g. volumes_from: [data, "container:backup:ro"]',
      );
      return [];
    }
    return [{ ...(external ? { container: name } : { service: name }), readOnly: mode === 'ro' }];
  });
}
