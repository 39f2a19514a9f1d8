import { formatDuration } from './duration';
import { KEY_ORDER } from './compose-key-order';
import type { DeviceRequest, EngineSettings, LifecycleHook, FileGrant, Healthcheck, PortMapping, Service, Stack, VolumeMount, WatchRule } from './model';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** JSON text as Go writes it: `<`, `>` and `&` escaped (\\u003c, \\u003e, \\u0026), as in compose's output. */
export function goJsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

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
 */
export function toComposeJson(stack: Stack, format: ComposeFormat = 'yaml'): JsonObject {
  const services = sorted(Object.fromEntries(Object.values(stack.services).map((s) => [s.name, serviceJson(s, format)])));
  const top: JsonObject = { name: stack.name, services };
  const used = usedResources(stack);
  const networks = pick(stack.networks, used.networks);
  const volumes = pick(stack.volumes, used.volumes);
  if (Object.keys(networks).length > 0) top.networks = sorted(mapValues(networks, (n) => networkJson(n, format)));
  if (Object.keys(volumes).length > 0)
    top.volumes = sorted(
      mapValues(volumes, (v) =>
        ordered(KEY_ORDER.namedVolume, {
          name: v.name || undefined,
          driver: v.driver,
          driver_opts: nonEmpty(sorted(v.driverOpts)),
          external: v.external || undefined,
          labels: nonEmpty(sorted(v.labels)),
        }),
      ),
    );
  for (const kind of ['secrets', 'configs'] as const) {
    const sources = pick(stack[kind], used[kind]);
    if (Object.keys(sources).length === 0) continue;
    top[kind] = sorted(
      mapValues(sources, (f) =>
        ordered(KEY_ORDER.fileObject, {
          name: f.name,
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
  const out = format === 'json' ? sorted({ ...top, ...extensions }) : { ...ordered(KEY_ORDER.project, top), ...extensions };
  return escapeDollars(out) as JsonObject;
}

/** The networks, volumes, secrets and configs the active services use: compose prints only those. */
function usedResources(stack: Stack): Record<'networks' | 'volumes' | 'secrets' | 'configs', Set<string>> {
  const used = { networks: new Set<string>(), volumes: new Set<string>(), secrets: new Set<string>(), configs: new Set<string>() };
  for (const s of Object.values(stack.services)) {
    for (const n of Object.keys(s.networks)) used.networks.add(n);
    for (const v of s.volumes) if (v.type === 'volume' && v.source) used.volumes.add(v.source);
    for (const g of s.secrets) used.secrets.add(g.source);
    for (const g of s.configs) used.configs.add(g.source);
  }
  return used;
}

function pick<T>(record: Record<string, T>, keys: Set<string>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => keys.has(k)));
}

/** Like compose, print a literal "$" as "$$" so the output is itself a valid compose file. */
function escapeDollars(value: Json): Json {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}

function networkJson(n: Stack['networks'][string], format: ComposeFormat): JsonObject {
  const ipam = n.ipam
    ? ordered(KEY_ORDER.ipam, {
        driver: n.ipam.driver,
        config:
          n.ipam.config.length > 0
            ? n.ipam.config.map((p) => ordered(KEY_ORDER.ipamPool, { subnet: p.subnet, gateway: p.gateway, ip_range: p.ipRange, aux_addresses: nonEmpty(sorted(p.auxAddresses)) }))
            : undefined,
        options: nonEmpty(sorted(n.ipam.options)),
      })
    : {};
  return ordered(KEY_ORDER.network, {
    name: n.name,
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

function serviceJson(s: Service, format: ComposeFormat): JsonObject {
  const settings = settingsJson(s.settings, format);
  for (const key of s.written.fromDeploy) delete settings[key];
  const out: Record<string, unknown> = {
    ...settings,
    build: s.build
      ? ordered(KEY_ORDER.build, {
          context: s.build.context,
          dockerfile: s.build.dockerfileInline === undefined && s.build.dockerfile !== '' ? s.build.dockerfile : undefined,
          dockerfile_inline: s.build.dockerfileInline,
          args: nonEmpty(sorted(s.build.args)),
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
        })
      : undefined,
    command: commandJson(s.command, format),
    container_name: s.containerName,
    depends_on: nonEmpty(
      sorted(mapValues({ ...s.dependsOn, ...s.written.skippedDependencies }, (d) => ordered(KEY_ORDER.dependency, { condition: d.condition, restart: d.restart || undefined, required: d.required }))),
    ),
    deploy: deployJson(s, format),
    entrypoint: commandJson(s.entrypoint, format),
    environment: nonEmpty(sorted(s.environment)),
    expose: s.expose.length > 0 ? s.expose : undefined,
    extra_hosts: s.extraHosts.length > 0 ? s.extraHosts.map((h) => h.replace(/^([^:=]+):/, '$1=')) : undefined,
    healthcheck: s.healthcheck ? healthcheckJson(s.healthcheck) : undefined,
    hostname: s.hostname,
    image: s.image,
    init: s.init,
    labels: nonEmpty(sorted(s.labels)),
    network_mode: s.networkMode,
    networks: nonEmpty(
      sorted(
        mapValues(s.networks, (n) =>
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
    restart: s.written.restartFromDeploy ? undefined : s.restart,
    scale: s.written.scale,
    stop_grace_period: s.stopGracePeriod === undefined ? undefined : formatDuration(s.stopGracePeriod),
    stop_signal: s.stopSignal,
    tmpfs: s.tmpfs.length > 0 ? s.tmpfs : undefined,
    user: s.user,
    volumes: s.volumes.length > 0 ? s.volumes.map(volumeJson) : undefined,
    working_dir: s.workingDir,
    pull_policy: s.pullPolicy,
    pull_refresh_after: s.pullRefreshAfter === undefined ? undefined : formatDuration(s.pullRefreshAfter),
    platform: s.platform,
    use_api_socket: s.useApiSocket,
    attach: s.attach,
    volumes_from: s.volumesFrom.length > 0 ? s.volumesFrom.map((v) => (v.container ? `container:${v.container}` : (v.service ?? '')) + (v.readOnly ? ':ro' : '')) : undefined,
    links: s.links.length > 0 ? s.links.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`)) : undefined,
    external_links: s.externalLinks.length > 0 ? s.externalLinks.map((l) => (l.alias === l.container ? l.container : `${l.container}:${l.alias}`)) : undefined,
    post_start: s.postStart.length > 0 ? s.postStart.map(hookJson) : undefined,
    pre_stop: s.preStop.length > 0 ? s.preStop.map(hookJson) : undefined,
    develop: s.watch.length > 0 ? { watch: s.watch.map((w) => watchJson(w, format)) } : undefined,
    secrets: s.secrets.length > 0 ? s.secrets.map(grantJson) : undefined,
    configs: s.configs.length > 0 ? s.configs.map(grantJson) : undefined,
  };
  // Compose's JSON leaves a service's x-* keys out; its YAML prints them after the rest.
  return { ...ordered(KEY_ORDER.service, out), ...(format === 'yaml' ? (deepSorted(s.extensions as JsonObject) as JsonObject) : {}) };
}

/** JSON prints an unset command as null (compose cannot omit it there); YAML leaves it out. */
function commandJson(command: string[] | null, format: ComposeFormat): Json | undefined {
  if (command === null) return format === 'json' ? null : undefined;
  return command.length === 0 && format === 'yaml' ? [] : command;
}

function deployJson(s: Service, format: ComposeFormat): JsonObject | undefined {
  const d = s.written.deploy;
  if (!d) return undefined;
  const resource = (r: { cpus?: number; memory?: number; pids?: number; devices?: DeviceRequest[] } | undefined): JsonObject | undefined =>
    r ? ordered(KEY_ORDER.resource, { cpus: r.cpus, memory: r.memory === undefined ? undefined : String(r.memory), pids: r.pids, devices: r.devices?.map(requestJson) }) : undefined;
  return ordered(KEY_ORDER.deploy, {
    replicas: d.replicas,
    resources: emptyStruct(ordered(['limits', 'reservations'], { limits: resource(d.resources.limits), reservations: resource(d.resources.reservations) }), format),
    restart_policy: d.restartPolicy ? ordered(KEY_ORDER.restartPolicy, { condition: d.restartPolicy.condition, max_attempts: d.restartPolicy.maxAttempts }) : undefined,
    placement: emptyStruct({}, format),
  });
}

/** The container settings under their compose keys (sizes in bytes, as strings, as compose prints them). */
function settingsJson(e: EngineSettings, format: ComposeFormat): JsonObject {
  const list = (l: string[] | undefined): string[] | undefined => (l && l.length > 0 ? l : undefined);
  const bytes = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));
  return compact({
    cap_add: list(e.capAdd),
    cap_drop: list(e.capDrop),
    cgroup: e.cgroup,
    cgroup_parent: e.cgroupParent,
    cpu_count: e.cpuCount,
    cpu_percent: e.cpuPercent,
    cpu_period: e.cpuPeriod,
    cpu_quota: e.cpuQuota,
    cpu_rt_period: e.cpuRtPeriod,
    cpu_rt_runtime: e.cpuRtRuntime,
    cpu_shares: e.cpuShares,
    cpus: e.cpus,
    cpuset: e.cpuset,
    device_cgroup_rules: list(e.deviceCgroupRules),
    devices: e.devices?.map((d) => ordered(KEY_ORDER.device, { source: d.source, target: d.target, permissions: d.permissions })),
    dns: list(e.dns),
    dns_opt: list(e.dnsOpt),
    dns_search: list(e.dnsSearch),
    domainname: e.domainname,
    group_add: list(e.groupAdd),
    ipc: e.ipc,
    isolation: e.isolation,
    logging: e.logging ? ordered(KEY_ORDER.logging, { driver: e.logging.driver, options: nonEmpty(sorted(e.logging.options)) }) : undefined,
    mac_address: e.macAddress,
    mem_limit: bytes(e.memLimit),
    mem_reservation: bytes(e.memReservation),
    mem_swappiness: e.memSwappiness,
    memswap_limit: bytes(e.memswapLimit),
    oom_kill_disable: e.oomKillDisable,
    oom_score_adj: e.oomScoreAdj,
    pid: e.pid,
    pids_limit: e.pidsLimit,
    privileged: e.privileged,
    read_only: e.readOnly,
    runtime: e.runtime,
    security_opt: list(e.securityOpt),
    shm_size: bytes(e.shmSize),
    stdin_open: e.stdinOpen,
    storage_opt: e.storageOpt ? nonEmpty(sorted(e.storageOpt)) : undefined,
    sysctls: e.sysctls ? nonEmpty(sorted(e.sysctls)) : undefined,
    tty: e.tty,
    ulimits: e.ulimits ? ulimitsJson(e.ulimits) : undefined,
    userns_mode: e.usernsMode,
    uts: e.uts,
    annotations: e.annotations ? nonEmpty(sorted(e.annotations)) : undefined,
    gpus: e.gpus?.map(requestJson),
    // Devices reserved under deploy are printed there when deploy is printed (deployJson).
    blkio_config: e.blkio
      ? ordered(KEY_ORDER.blkio, {
          weight: e.blkio.weight,
          weight_device: e.blkio.weightDevice.length > 0 ? e.blkio.weightDevice.map((d) => ({ path: d.path, weight: d.weight })) : undefined,
          device_read_bps: rateJson(e.blkio.deviceReadBps),
          device_read_iops: rateJson(e.blkio.deviceReadIops),
          device_write_bps: rateJson(e.blkio.deviceWriteBps),
          device_write_iops: rateJson(e.blkio.deviceWriteIops),
        })
      : undefined,
  });
}

function ulimitsJson(u: Record<string, { soft: number; hard: number; pair?: true }>): JsonObject {
  return sorted(mapValues(u, (l) => (l.soft === l.hard && !l.pair ? l.soft : { soft: l.soft, hard: l.hard })));
}

const rateJson = (l: { path: string; rate: number }[]): JsonObject[] | undefined => (l.length > 0 ? l.map((d) => ({ path: d.path, rate: d.rate })) : undefined);

function requestJson(d: DeviceRequest): JsonObject {
  return ordered(KEY_ORDER.deviceRequest, {
    capabilities: d.capabilities,
    driver: d.driver,
    count: d.count,
    device_ids: d.deviceIds.length > 0 ? d.deviceIds : undefined,
    options: nonEmpty(sorted(d.options)),
  });
}

function hookJson(h: LifecycleHook): JsonObject {
  return ordered(KEY_ORDER.hook, { command: h.command, user: h.user, privileged: h.privileged, working_dir: h.workingDir, environment: h.environment.length > 0 ? h.environment : undefined });
}

function watchJson(w: WatchRule, format: ComposeFormat): JsonObject {
  return ordered(KEY_ORDER.watch, {
    path: w.path,
    action: w.action,
    target: w.target,
    // A rule's exec is a structure to compose, printed (empty) in JSON even when not set.
    exec: w.exec ? hookJson(w.exec) : format === 'json' ? { command: null } : undefined,
    include: w.include.length > 0 ? w.include : undefined,
    ignore: w.ignore.length > 0 ? w.ignore : undefined,
    initial_sync: w.initialSync || undefined,
  });
}

function grantJson(g: FileGrant): JsonObject {
  return ordered(KEY_ORDER.grant, {
    source: g.source,
    target: g.defaultTarget ? undefined : g.target,
    uid: g.uid === undefined ? undefined : String(g.uid),
    gid: g.gid === undefined ? undefined : String(g.gid),
    mode: g.mode,
  });
}

function healthcheckJson(h: Healthcheck): JsonObject {
  const d = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatDuration(ms));
  return ordered(KEY_ORDER.healthcheck, {
    test: h.test,
    timeout: d(h.timeout),
    interval: d(h.interval),
    retries: h.retries,
    start_period: d(h.startPeriod),
    start_interval: d(h.startInterval),
    disable: h.disable || undefined,
  });
}

function portJson(p: PortMapping): JsonObject {
  return ordered(KEY_ORDER.port, { name: p.name, mode: p.mode, host_ip: p.hostIp, target: p.target, published: p.published, protocol: p.protocol, app_protocol: p.appProtocol });
}

function volumeJson(v: VolumeMount): JsonObject {
  return ordered(KEY_ORDER.volume, {
    type: v.type,
    source: v.source,
    target: v.target,
    read_only: v.readOnly || undefined,
    bind: v.bind ? nonEmpty(ordered(KEY_ORDER.bind, { selinux: v.bind.selinux, propagation: v.bind.propagation, create_host_path: v.bind.createHostPath || undefined })) : undefined,
    volume: v.volume ? ordered(KEY_ORDER.volumeOptions, { nocopy: v.volume.nocopy, subpath: v.volume.subpath }) : undefined,
    tmpfs: v.tmpfs ? ordered(KEY_ORDER.tmpfs, { size: v.tmpfs.size === undefined ? undefined : String(v.tmpfs.size), mode: v.tmpfs.mode }) : undefined,
  });
}

/** A struct compose always prints in JSON (as `{}` when empty) and leaves out of YAML when empty. */
function emptyStruct(value: JsonObject, format: ComposeFormat): JsonObject | undefined {
  return Object.keys(value).length === 0 && format === 'yaml' ? undefined : value;
}

function nonEmpty<T extends object>(record: T): T | undefined {
  return Object.keys(record).length > 0 ? record : undefined;
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

/** A map's keys in Go's order (byte order), as compose prints every map. */
function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An x-* value as compose prints it back: a tree of Go maps, every map's keys sorted. */
function deepSorted(value: Json): Json {
  if (Array.isArray(value)) return value.map(deepSorted);
  if (value && typeof value === 'object') return sorted(mapValues(value, deepSorted));
  return value;
}

/** A struct's keys in compose's field order; undefined members left out; any others after, sorted. */
function ordered(order: readonly string[], record: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const k of order) if (record[k] !== undefined) out[k] = record[k] as Json;
  for (const k of Object.keys(record).sort()) if (!(k in out) && record[k] !== undefined) out[k] = record[k] as Json;
  return out;
}

/** Drops undefined members so the output has only what compose would print. */
function compact(record: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v as Json;
  return out;
}
