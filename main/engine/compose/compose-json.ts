import { formatDuration } from './duration';
import type { DeviceRequest, EngineSettings, LifecycleHook, FileGrant, Healthcheck, PortMapping, Service, Stack, VolumeMount, WatchRule } from './model';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * The stack in the shape `docker compose config --format json` prints: long forms, absolute paths,
 * durations as Go prints them, the default network and the project's resource names.
 */
export function toComposeJson(stack: Stack): JsonObject {
  const services: JsonObject = {};
  for (const service of Object.values(stack.services)) services[service.name] = serviceJson(service);
  const out: JsonObject = { name: stack.name, services };
  const networks = Object.entries(stack.networks);
  if (networks.length > 0) {
    out.networks = Object.fromEntries(
      networks.map(([key, n]) => [
        key,
        compact({
          name: n.name,
          external: n.external || undefined,
          driver: n.driver,
          driver_opts: nonEmpty(n.driverOpts),
          labels: nonEmpty(n.labels),
          internal: n.internal || undefined,
          attachable: n.attachable || undefined,
          enable_ipv4: n.enableIpv4,
          enable_ipv6: n.enableIpv6,
          ipam: n.ipam
            ? compact({
                driver: n.ipam.driver,
                config:
                  n.ipam.config.length > 0 ? n.ipam.config.map((p) => compact({ subnet: p.subnet, ip_range: p.ipRange, gateway: p.gateway, aux_addresses: nonEmpty(p.auxAddresses) })) : undefined,
                options: nonEmpty(n.ipam.options),
              })
            : undefined,
        }),
      ]),
    );
  }
  const volumes = Object.entries(stack.volumes);
  if (volumes.length > 0) {
    out.volumes = Object.fromEntries(
      volumes.map(([key, v]) => [key, compact({ name: v.name, external: v.external || undefined, driver: v.driver, driver_opts: nonEmpty(v.driverOpts), labels: nonEmpty(v.labels) })]),
    );
  }
  for (const kind of ['secrets', 'configs'] as const) {
    const entries = Object.entries(stack[kind]);
    // A value read from a variable is not printed: the variable's name says where it comes from.
    if (entries.length > 0)
      out[kind] = Object.fromEntries(entries.map(([key, f]) => [key, compact({ name: f.name, file: f.file, environment: f.environment, content: f.environment ? undefined : f.content })]));
  }
  for (const [k, v] of Object.entries(stack.extensions)) out[k] = v as Json;
  return escapeDollars(out) as JsonObject;
}

/** Like compose, print a literal "$" as "$$" so the output is itself a valid compose file. */
function escapeDollars(value: Json): Json {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}

function serviceJson(s: Service): JsonObject {
  return compact({
    build: s.build ? compact({ context: s.build.context, dockerfile: s.build.dockerfile, args: nonEmpty(s.build.args), target: s.build.target }) : undefined,
    command: s.command,
    container_name: s.containerName,
    depends_on: nonEmpty(Object.fromEntries(Object.entries(s.dependsOn).map(([name, d]) => [name, compact({ condition: d.condition, required: d.required, restart: d.restart || undefined })]))),
    entrypoint: s.entrypoint,
    environment: nonEmpty(s.environment),
    expose: s.expose.length > 0 ? s.expose : undefined,
    extra_hosts: s.extraHosts.length > 0 ? s.extraHosts : undefined,
    healthcheck: s.healthcheck ? healthcheckJson(s.healthcheck) : undefined,
    hostname: s.hostname,
    image: s.image,
    init: s.init,
    labels: nonEmpty(s.labels),
    network_mode: s.networkMode,
    networks: nonEmpty(
      Object.fromEntries(
        Object.entries(s.networks).map(([name, n]) => [
          name,
          n === null
            ? null
            : compact({
                aliases: n.aliases,
                ipv4_address: n.ipv4Address,
                ipv6_address: n.ipv6Address,
                priority: n.priority,
                gw_priority: n.gwPriority,
                mac_address: n.macAddress,
                link_local_ips: n.linkLocalIps,
                interface_name: n.interfaceName,
                driver_opts: n.driverOpts,
              }),
        ]),
      ),
    ),
    ports: s.ports.length > 0 ? s.ports.map(portJson) : undefined,
    profiles: s.profiles.length > 0 ? s.profiles : undefined,
    restart: s.restart,
    // Compose prints the replica count as `scale` (a deploy.replicas ends up there too).
    scale: s.replicas !== 1 ? s.replicas : undefined,
    stop_grace_period: s.stopGracePeriod === undefined ? undefined : formatDuration(s.stopGracePeriod),
    stop_signal: s.stopSignal,
    tmpfs: s.tmpfs.length > 0 ? s.tmpfs : undefined,
    user: s.user,
    volumes: s.volumes.length > 0 ? s.volumes.map(volumeJson) : undefined,
    working_dir: s.workingDir,
    ...settingsJson(s.settings),
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
    develop: s.watch.length > 0 ? { watch: s.watch.map(watchJson) } : undefined,
    secrets: s.secrets.length > 0 ? s.secrets.map(grantJson) : undefined,
    configs: s.configs.length > 0 ? s.configs.map(grantJson) : undefined,
    ...Object.fromEntries(Object.entries(s.extensions).map(([k, v]) => [k, v as Json])),
  });
}

/** The container settings under their compose keys (sizes in bytes, as compose prints them). */
function settingsJson(e: EngineSettings): JsonObject {
  const list = (l: string[] | undefined): string[] | undefined => (l && l.length > 0 ? l : undefined);
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
    devices: e.devices?.map((d) => ({ source: d.source, target: d.target, permissions: d.permissions })),
    dns: list(e.dns),
    dns_opt: list(e.dnsOpt),
    dns_search: list(e.dnsSearch),
    domainname: e.domainname,
    group_add: list(e.groupAdd),
    ipc: e.ipc,
    isolation: e.isolation,
    logging: e.logging ? compact({ driver: e.logging.driver, options: nonEmpty(e.logging.options) }) : undefined,
    mac_address: e.macAddress,
    mem_limit: e.memLimit,
    mem_reservation: e.memReservation,
    mem_swappiness: e.memSwappiness,
    memswap_limit: e.memswapLimit,
    oom_kill_disable: e.oomKillDisable,
    oom_score_adj: e.oomScoreAdj,
    pid: e.pid,
    pids_limit: e.pidsLimit,
    privileged: e.privileged,
    read_only: e.readOnly,
    runtime: e.runtime,
    security_opt: list(e.securityOpt),
    shm_size: e.shmSize,
    stdin_open: e.stdinOpen,
    storage_opt: e.storageOpt ? nonEmpty(e.storageOpt) : undefined,
    sysctls: e.sysctls ? nonEmpty(e.sysctls) : undefined,
    tty: e.tty,
    ulimits: e.ulimits ? Object.fromEntries(Object.entries(e.ulimits).map(([k, u]) => [k, u.soft === u.hard ? u.soft : { soft: u.soft, hard: u.hard }])) : undefined,
    userns_mode: e.usernsMode,
    uts: e.uts,
    annotations: e.annotations ? nonEmpty(e.annotations) : undefined,
    gpus: e.gpus?.map(requestJson),
    deploy: e.reservedDevices ? { resources: { reservations: { devices: e.reservedDevices.map(requestJson) } } } : undefined,
    blkio_config: e.blkio
      ? compact({
          weight: e.blkio.weight,
          weight_device: e.blkio.weightDevice.length > 0 ? e.blkio.weightDevice.map((d) => ({ path: d.path, weight: d.weight })) : undefined,
          device_read_bps: rateJson(e.blkio.deviceReadBps),
          device_write_bps: rateJson(e.blkio.deviceWriteBps),
          device_read_iops: rateJson(e.blkio.deviceReadIops),
          device_write_iops: rateJson(e.blkio.deviceWriteIops),
        })
      : undefined,
  });
}

const rateJson = (l: { path: string; rate: number }[]): JsonObject[] | undefined => (l.length > 0 ? l.map((d) => ({ path: d.path, rate: d.rate })) : undefined);

function requestJson(d: DeviceRequest): JsonObject {
  return compact({ driver: d.driver, count: d.count, device_ids: d.deviceIds.length > 0 ? d.deviceIds : undefined, capabilities: d.capabilities, options: nonEmpty(d.options) });
}

function hookJson(h: LifecycleHook): JsonObject {
  return compact({ command: h.command, user: h.user, privileged: h.privileged, working_dir: h.workingDir, environment: h.environment.length > 0 ? h.environment : undefined });
}

function watchJson(w: WatchRule): JsonObject {
  return compact({
    action: w.action,
    path: w.path,
    target: w.target,
    ignore: w.ignore.length > 0 ? w.ignore : undefined,
    include: w.include.length > 0 ? w.include : undefined,
    initial_sync: w.initialSync || undefined,
    exec: w.exec ? hookJson(w.exec) : undefined,
  });
}

function grantJson(g: FileGrant): JsonObject {
  return compact({ source: g.source, target: g.target, uid: g.uid === undefined ? undefined : String(g.uid), gid: g.gid === undefined ? undefined : String(g.gid), mode: g.mode });
}

function healthcheckJson(h: Healthcheck): JsonObject {
  const d = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatDuration(ms));
  return compact({
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
  return compact({ name: p.name, mode: p.mode, host_ip: p.hostIp, target: p.target, published: p.published, protocol: p.protocol, app_protocol: p.appProtocol });
}

function volumeJson(v: VolumeMount): JsonObject {
  return compact({
    type: v.type,
    source: v.source,
    target: v.target,
    read_only: v.readOnly || undefined,
    bind: v.bind ? compact({ propagation: v.bind.propagation, create_host_path: v.bind.createHostPath || undefined, selinux: v.bind.selinux }) : undefined,
    volume: v.volume ? compact({ nocopy: v.volume.nocopy, subpath: v.volume.subpath }) : undefined,
    tmpfs: v.tmpfs ? compact({ size: v.tmpfs.size, mode: v.tmpfs.mode }) : undefined,
  });
}

function nonEmpty<T extends object>(record: T): T | undefined {
  return Object.keys(record).length > 0 ? record : undefined;
}

/** Drops undefined members so the output has only what compose would print. */
function compact(record: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v as Json;
  return out;
}
