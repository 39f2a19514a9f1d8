import type { ModelPath } from './diagnostics';
import { ENGINE_SETTING_KEYS } from './engine-settings';
import type { Reader } from './reader';

/**
 * What Stackpilot does with each key of the Compose Specification: applies it as `docker compose`
 * v2 does, refuses the file because it cannot honour it yet (a stack without the key would run
 * differently from the one written), or ignores it because it means nothing to containers on one
 * engine (a swarm scheduler's settings). The readers consult this table for every key they do not
 * read themselves, and a test checks it against every key of the specification.
 */
export type KeySupport =
  { status: 'applied' } | { status: 'refused'; why: string } | { status: 'ignored'; why: string };

export type KeySection =
  | 'top_level'
  | 'service'
  | 'service.build'
  | 'service.healthcheck'
  | 'service.deploy'
  | 'service.deploy.resources'
  | 'service.deploy.resources.limits'
  | 'service.deploy.resources.reservations'
  | 'service.deploy.restart_policy'
  | 'service.develop'
  | 'service.networks.*'
  | 'network'
  | 'volume'
  | 'secret'
  | 'config';

const applied: KeySupport = { status: 'applied' };
const refused = (why: string): KeySupport => ({ status: 'refused', why });
const ignored = (why: string): KeySupport => ({ status: 'ignored', why });
const all = (keys: readonly string[], support: KeySupport): Record<string, KeySupport> =>
  Object.fromEntries(keys.map((k) => [k, support]));

const SWARM =
  'it tells a swarm scheduler how to place and update services; docker compose does not apply it to containers either';
// Read and printed as compose reads them; refused when Stackpilot would have to build the image (image-fetch.ts).
const BUILDKIT = (what: string): KeySupport =>
  refused(
    `${what} needs BuildKit, and Stackpilot builds with the engine's classic builder: a build that needs it is refused; build this image with docker compose build (or docker buildx), then run the stack with Stackpilot`,
  );
const SWARM_STORE = refused(
  'it belongs to a swarm’s secret and config store, which docker compose does not use outside a swarm either: give the content with file, environment or content',
);

/** Every key, by where it is written. */
export const KEY_SUPPORT: Readonly<Record<KeySection, Readonly<Record<string, KeySupport>>>> = {
  top_level: {
    ...all(['name', 'services', 'networks', 'volumes'], applied),
    version: ignored('it is obsolete: the Compose Specification does not use it'),
    include: applied,
    secrets: applied,
    configs: applied,
    models: refused(
      'models (AI models served by the engine) need Docker Model Runner, which Stackpilot does not drive',
    ),
  },
  service: {
    ...all(
      [
        'image',
        'build',
        'command',
        'entrypoint',
        'environment',
        'env_file',
        'ports',
        'expose',
        'volumes',
        'tmpfs',
        'networks',
        'depends_on',
        'healthcheck',
        'restart',
        'stop_signal',
        'stop_grace_period',
        'labels',
        'profiles',
        'working_dir',
        'user',
        'hostname',
        'container_name',
        'extra_hosts',
        'init',
        'scale',
        'deploy',
        'pull_policy',
        'network_mode',
        'extends',
        'secrets',
        'configs',
        'volumes_from',
        'links',
        'external_links',
        'label_file',
        'platform',
        'post_start',
        'develop',
        'pre_stop',
        'pre_start',
        'provider',
        'pull_refresh_after',
        'use_api_socket',
        'attach',
      ],
      applied,
    ),
    ...all(Object.keys(ENGINE_SETTING_KEYS), applied),
    credential_spec: refused('credential_spec is for Windows containers'),
    models: refused('models need Docker Model Runner, which Stackpilot does not drive'),
  },
  'service.build': {
    ...all(
      [
        'context',
        'dockerfile',
        'dockerfile_inline',
        'args',
        'target',
        'labels',
        'network',
        'shm_size',
        'extra_hosts',
        'no_cache',
        'pull',
        'tags',
        'ulimits',
        'cache_from',
        'isolation',
        'platforms',
      ],
      applied,
    ),
    ...Object.fromEntries(
      ['additional_contexts', 'cache_to', 'entitlements', 'secrets', 'ssh', 'privileged', 'provenance', 'sbom'].map(
        (k) => [k, BUILDKIT(`build.${k}`)],
      ),
    ),
  },
  'service.healthcheck': all(
    ['disable', 'interval', 'retries', 'start_interval', 'start_period', 'test', 'timeout'],
    applied,
  ),
  'service.deploy': {
    ...all(['replicas', 'resources', 'restart_policy'], applied),
    ...all(['endpoint_mode', 'labels', 'mode', 'placement', 'rollback_config', 'update_config'], ignored(SWARM)),
  },
  'service.deploy.resources': all(['limits', 'reservations'], applied),
  'service.deploy.resources.limits': all(['cpus', 'memory', 'pids'], applied),
  'service.deploy.resources.reservations': {
    memory: applied,
    cpus: ignored(
      'a CPU reservation is a swarm scheduling option; docker compose does not apply it to containers either',
    ),
    generic_resources: ignored(SWARM),
    devices: applied,
  },
  'service.deploy.restart_policy': {
    ...all(['condition', 'max_attempts'], applied),
    ...all(
      ['delay', 'window'],
      ignored('the engine’s restart policy has no delay or window; docker compose drops them too'),
    ),
  },
  'service.develop': { watch: applied },
  'service.networks.*': {
    ...all(
      [
        'aliases',
        'ipv4_address',
        'ipv6_address',
        'priority',
        'driver_opts',
        'gw_priority',
        'interface_name',
        'link_local_ips',
        'mac_address',
      ],
      applied,
    ),
  },
  network: {
    ...all(
      [
        'name',
        'external',
        'driver',
        'driver_opts',
        'labels',
        'internal',
        'attachable',
        'ipam',
        'enable_ipv4',
        'enable_ipv6',
      ],
      applied,
    ),
  },
  volume: all(['driver', 'driver_opts', 'external', 'labels', 'name'], applied),
  secret: {
    ...all(['environment', 'file', 'name'], applied),
    ...all(['driver', 'driver_opts', 'external', 'labels', 'template_driver'], SWARM_STORE),
  },
  config: {
    ...all(['content', 'environment', 'file', 'name'], applied),
    ...all(['external', 'labels', 'template_driver'], SWARM_STORE),
  },
};

/** The spelling distance between two words (Levenshtein): what "did you mean" is picked by. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The real key nearest to a mistyped one, if it is near enough to be what was meant. */
export function nearestKey(key: string, section: KeySection): string | undefined {
  const within = Math.max(2, Math.floor(key.length / 4));
  const best = Object.keys(KEY_SUPPORT[section])
    // Only keys whose length is near enough could be near enough: no distance for the rest.
    .filter((k) => Math.abs(k.length - key.length) <= within)
    .map((k) => ({ k, d: editDistance(key, k) }))
    .sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 4)) ? best.k : undefined;
}

/**
 * A key a reader does not apply itself: refused (an error naming the key and why), ignored with its
 * reason (a warning), or not a key of the specification at all (an error with the nearest real key).
 */
export function reportUnapplied(r: Reader, path: ModelPath, section: KeySection, key: string): void {
  if (r.full()) return;
  const support = KEY_SUPPORT[section][key];
  const label = section === 'top_level' ? `top-level "${key}"` : `"${key}"`;
  // Reported at the key itself: it is the key, not its value, that is the trouble.
  if (support?.status === 'refused') {
    r.report(
      'error',
      path,
      'unsupported-key',
      `${label} is not supported by Stackpilot: ${support.why}`,
      'remove it to run the stack without it, or run this stack with docker compose for now',
      true,
    );
  } else if (support?.status === 'ignored') {
    r.warn(path, 'ignored-key', `${label} is ignored: ${support.why}`);
  } else if (support?.status === 'applied') {
    // A key the table says is applied reached no reader: a bug here, not in the file.
    r.report(
      'error',
      path,
      'unsupported-key',
      `${label} is not applied by this version of Stackpilot`,
      'report it: the key-support table and the readers disagree',
      true,
    );
  } else {
    const near = nearestKey(key, section);
    const message = `${label} is not a key of the Compose Specification${near ? `: did you mean "${near}"?` : ''}`;
    r.report(
      'error',
      path,
      'unknown-key',
      message,
      near ? `write "${near}", or prefix your own keys with x-` : 'check the spelling, or prefix your own keys with x-',
      true,
    );
  }
}
