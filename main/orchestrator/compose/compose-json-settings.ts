import { KEY_ORDER } from './compose-key-order';
import { compact, mapValues, nonEmpty, ordered, sorted } from './compose-json-shape';
import type { JsonObject } from './compose-json-shape';
import type { DeviceRequest, EngineSettings } from './model';

/** The container settings under their compose keys (sizes in bytes, as strings, as compose prints them). */
export function settingsJson(e: EngineSettings): JsonObject {
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
    devices: e.devices?.map((d) =>
      ordered(KEY_ORDER.device, { source: d.source, target: d.target, permissions: d.permissions }),
    ),
    dns: list(e.dns),
    dns_opt: list(e.dnsOpt),
    dns_search: list(e.dnsSearch),
    domainname: e.domainname,
    group_add: list(e.groupAdd),
    ipc: e.ipc,
    isolation: e.isolation,
    logging: e.logging
      ? ordered(KEY_ORDER.logging, { driver: e.logging.driver, options: nonEmpty(sorted(e.logging.options)) })
      : undefined,
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
          weight_device:
            e.blkio.weightDevice.length > 0
              ? e.blkio.weightDevice.map((d) => ({ path: d.path, weight: d.weight }))
              : undefined,
          device_read_bps: rateJson(e.blkio.deviceReadBps),
          device_read_iops: rateJson(e.blkio.deviceReadIops),
          device_write_bps: rateJson(e.blkio.deviceWriteBps),
          device_write_iops: rateJson(e.blkio.deviceWriteIops),
        })
      : undefined,
  });
}

export function ulimitsJson(u: Record<string, { soft: number; hard: number; pair?: true }>): JsonObject {
  return sorted(mapValues(u, (l) => (l.soft === l.hard && !l.pair ? l.soft : { soft: l.soft, hard: l.hard })));
}

const rateJson = (l: { path: string; rate: number }[]): JsonObject[] | undefined =>
  l.length > 0 ? l.map((d) => ({ path: d.path, rate: d.rate })) : undefined;

export function requestJson(d: DeviceRequest): JsonObject {
  return ordered(KEY_ORDER.deviceRequest, {
    capabilities: d.capabilities,
    driver: d.driver,
    count: d.count,
    device_ids: d.deviceIds.length > 0 ? d.deviceIds : undefined,
    options: nonEmpty(sorted(d.options)),
  });
}
