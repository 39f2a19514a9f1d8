import { formatDuration } from './duration';
import { KEY_ORDER } from './compose-key-order';
import { deepSorted, emptyStruct, mapValues, nonEmpty, ordered, sorted, withKeyOrder } from './compose-json-shape';
import type { Json, JsonObject } from './compose-json-shape';
import {
  buildkitJson,
  commandJson,
  deployJson,
  grantJson,
  healthcheckJson,
  hookJson,
  portJson,
  preStartJson,
  volumeJson,
  watchJson,
} from './compose-json-parts';
import { asWritten, pick, usedResources } from './printed-resources';

export { usedResources } from './printed-resources';
import { settingsJson, ulimitsJson } from './compose-json-settings';
import type { Service, Stack } from './model';

/**
 * The two shapes `docker compose config` prints: JSON prints every `command` and `entrypoint` (null
 * when unset) and empty structures such as `ipam: {}`, and leaves out the `x-*` keys below the top
 * level; YAML leaves out what is empty and keeps every `x-*` key.
 */
export type ComposeFormat = 'json' | 'yaml';

/**
 * The stack in the shape `docker compose config` prints: long forms, absolute paths, sizes in bytes,
 * durations as Go prints them, the default network and the project's resource names, each object's
 * keys in compose's order and each map's keys sorted — so the two outputs compare as text.
 * `normalize: false`: as `config --no-normalize` prints it (compose's normalisation left out: see WrittenForm).
 */
export function toComposeJson(
  stack: Stack,
  format: ComposeFormat = 'yaml',
  opts: { normalize?: boolean } = {},
): JsonObject {
  const normalize = opts.normalize ?? true;
  return withKeyOrder(format, () => composeModel(normalize ? stack : asWritten(stack), format, normalize));
}

function composeModel(stack: Stack, format: ComposeFormat, normalize: boolean): JsonObject {
  const services = sorted(
    Object.fromEntries(Object.values(stack.services).map((s) => [s.name, serviceJson(s, format, normalize)])),
  );
  const top: JsonObject = { name: stack.name, services };
  const used = usedResources(stack);
  const networks = pick(stack.networks, used.networks);
  const volumes = pick(stack.volumes, used.volumes);
  if (Object.keys(networks).length > 0) top.networks = sorted(mapValues(networks, (n) => networkJson(n, format)));
  if (Object.keys(volumes).length > 0) top.volumes = sorted(mapValues(volumes, namedVolumeJson));
  for (const kind of ['secrets', 'configs'] as const) {
    const sources = pick(stack[kind], used[kind]);
    if (Object.keys(sources).length === 0) continue;
    top[kind] = sorted(
      mapValues(sources, (f) =>
        ordered(KEY_ORDER.fileObject, {
          name: f.name || undefined,
          file: f.file,
          environment: f.environment,
          // A value read from a variable is not printed: the variable's name says where it comes from.
          content: f.environment ? undefined : f.content,
        }),
      ),
    );
  }
  const extensions = deepSorted(stack.extensions as JsonObject) as JsonObject;
  // JSON: one map, its keys sorted (as compose marshals the project); YAML: the project's field order.
  const out =
    format === 'json' ? sorted({ ...top, ...extensions }) : { ...ordered(KEY_ORDER.project, top), ...extensions };
  return escapeDollars(out) as JsonObject;
}

function omit<T>(record: Record<string, T>, keys: readonly string[] = []): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}

/** Like compose, print a literal "$" as "$$" so the output is itself a valid compose file. */
function escapeDollars(value: Json): Json {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}

/** A top-level volume as compose-go marshals its VolumeConfig. */
export function namedVolumeJson(v: Stack['volumes'][string]): JsonObject {
  return ordered(KEY_ORDER.namedVolume, {
    name: v.name || undefined,
    driver: v.driver,
    driver_opts: nonEmpty(sorted(v.driverOpts)),
    external: v.external || undefined,
    labels: nonEmpty(sorted(v.labels)),
  });
}

/** A top-level network as compose-go marshals its NetworkConfig (an empty `ipam: {}` in JSON: Go keeps empty structs). */
export function networkJson(n: Stack['networks'][string], format: ComposeFormat): JsonObject {
  const ipam = n.ipam
    ? ordered(KEY_ORDER.ipam, {
        driver: n.ipam.driver,
        config:
          n.ipam.config.length > 0
            ? n.ipam.config.map((p) =>
                ordered(KEY_ORDER.ipamPool, {
                  subnet: p.subnet,
                  gateway: p.gateway,
                  ip_range: p.ipRange,
                  aux_addresses: nonEmpty(sorted(p.auxAddresses)),
                }),
              )
            : undefined,
        options: nonEmpty(sorted(n.ipam.options)),
      })
    : {};
  return ordered(KEY_ORDER.network, {
    name: n.name || undefined,
    driver: n.driver,
    driver_opts: nonEmpty(sorted(n.driverOpts)),
    ipam: emptyStruct(ipam, format),
    external: n.external || undefined,
    internal: n.internal || undefined,
    attachable: n.attachable || undefined,
    labels: nonEmpty(sorted(n.labels)),
    enable_ipv4: n.enableIpv4,
    enable_ipv6: n.enableIpv6,
  });
}

export function serviceJson(s: Service, format: ComposeFormat, normalize = true): JsonObject {
  const norm = normalize ? {} : (s.written.normalized ?? {});
  const settings = settingsJson(s.settings);
  for (const key of s.written.fromDeploy) delete settings[key];
  const out: Record<string, unknown> = {
    ...settings,
    build: s.build
      ? ordered(KEY_ORDER.build, {
          context: s.build.context,
          dockerfile:
            s.build.dockerfileInline === undefined && s.build.dockerfile !== '' && !norm.dockerfile
              ? s.build.dockerfile
              : undefined,
          dockerfile_inline: s.build.dockerfileInline,
          args: nonEmpty(sorted(norm.buildArgs ?? s.build.args)),
          labels: s.build.labels ? nonEmpty(sorted(s.build.labels)) : undefined,
          cache_from: s.build.cacheFrom,
          no_cache: s.build.noCache || undefined,
          pull: s.build.pull || undefined,
          extra_hosts: s.build.extraHosts,
          isolation: s.build.isolation,
          network: s.build.network,
          target: s.build.target,
          shm_size: s.build.shmSize === undefined ? undefined : String(s.build.shmSize),
          tags: s.build.tags,
          ulimits: s.build.ulimits ? ulimitsJson(s.build.ulimits) : undefined,
          platforms: s.build.platforms,
          ...buildkitJson(s.build.buildkitOnly ?? {}),
        })
      : undefined,
    command: commandJson(s.command, format),
    container_name: s.containerName,
    depends_on: nonEmpty(
      sorted(
        mapValues(omit({ ...s.dependsOn, ...s.written.skippedDependencies }, norm.impliedDependencies), (d) =>
          ordered(KEY_ORDER.dependency, {
            condition: d.condition,
            restart: d.restart || undefined,
            required: d.required,
          }),
        ),
      ),
    ),
    deploy: deployJson(s, format),
    entrypoint: commandJson(s.entrypoint, format),
    environment: nonEmpty(sorted(s.environment)),
    expose: s.expose.length > 0 ? s.expose : undefined,
    extra_hosts: s.extraHosts.length > 0 ? s.extraHosts.map((h) => h.replace(/^([^:=]+):/, '$1=')) : undefined,
    healthcheck: s.healthcheck ? healthcheckJson(s.healthcheck) : undefined,
    hostname: s.hostname,
    image: s.image,
    provider: s.provider ? { type: s.provider.type, options: nonEmpty(sorted(s.provider.options)) } : undefined,
    init: s.init,
    labels: nonEmpty(sorted(s.labels)),
    network_mode: s.networkMode,
    networks: nonEmpty(
      sorted(
        mapValues(norm.defaultNetwork ? {} : s.networks, (n) =>
          n === null
            ? null
            : ordered(KEY_ORDER.serviceNetwork, {
                priority: n.priority,
                aliases: n.aliases,
                driver_opts: n.driverOpts,
                gw_priority: n.gwPriority,
                interface_name: n.interfaceName,
                ipv4_address: n.ipv4Address,
                ipv6_address: n.ipv6Address,
                link_local_ips: n.linkLocalIps,
                mac_address: n.macAddress,
              }),
        ),
      ),
    ),
    ports: s.ports.length > 0 ? s.ports.map(portJson) : undefined,
    profiles: s.profiles.length > 0 ? s.profiles : undefined,
    restart: s.written.restartFromDeploy ? undefined : (s.restart ?? s.restartRefused),
    scale: s.written.scale,
    stop_grace_period: s.stopGracePeriod === undefined ? undefined : formatDuration(s.stopGracePeriod),
    stop_signal: s.stopSignal,
    tmpfs: s.tmpfs.length > 0 ? s.tmpfs : undefined,
    user: s.user,
    volumes: s.volumes.length > 0 ? s.volumes.map(volumeJson) : undefined,
    working_dir: s.workingDir,
    pull_policy: norm.pullPolicy ?? s.pullPolicy,
    pull_refresh_after: s.pullRefreshAfter === undefined ? undefined : formatDuration(s.pullRefreshAfter),
    platform: s.platform,
    use_api_socket: s.useApiSocket,
    attach: s.attach,
    volumes_from:
      s.volumesFrom.length > 0
        ? s.volumesFrom.map(
            (v) => (v.container ? `container:${v.container}` : (v.service ?? '')) + (v.readOnly ? ':ro' : ''),
          )
        : undefined,
    links:
      s.links.length > 0
        ? s.links.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`))
        : undefined,
    external_links:
      s.externalLinks.length > 0
        ? s.externalLinks.map((l) => (l.alias === l.container ? l.container : `${l.container}:${l.alias}`))
        : undefined,
    post_start: s.postStart.length > 0 ? s.postStart.map(hookJson) : undefined,
    pre_stop: s.preStop.length > 0 ? s.preStop.map(hookJson) : undefined,
    pre_start: s.preStart.length > 0 ? s.preStart.map((h) => preStartJson(h, format)) : undefined,
    develop: s.watch.length > 0 ? { watch: s.watch.map((w) => watchJson(w, format)) } : undefined,
    secrets: s.secrets.length > 0 ? s.secrets.map(grantJson) : undefined,
    configs: s.configs.length > 0 ? s.configs.map(grantJson) : undefined,
  };
  // Compose's JSON leaves a service's x-* keys out; its YAML prints them after the rest.
  return {
    ...ordered(KEY_ORDER.service, out),
    ...(format === 'yaml' ? (deepSorted(s.extensions as JsonObject) as JsonObject) : {}),
  };
}

export { goJsonText } from './compose-json-shape';
