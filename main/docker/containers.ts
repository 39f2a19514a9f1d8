import type Docker from 'dockerode';
import type { EngineSettings } from '../orchestrator/compose/model';
import { EngineTooOld } from '../orchestrator/errors';
import type { ContainerInfo, ContainerRunState, ContainerSpec, NetworkAttachment } from '../orchestrator/driver';
import { apiAtLeast, startIntervalApplies } from '../orchestrator/api-version';

const ZERO_TIME = '0001-01-01T00:00:00Z';

function time(value: string | undefined): number | undefined {
  if (!value || value === ZERO_TIME) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

export function toContainerInfo(i: Docker.ContainerInspectInfo): ContainerInfo {
  const st = i.State;
  const health = st.Health?.Status;
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    state: st.Status as ContainerRunState,
    ...(health === 'starting' || health === 'healthy' || health === 'unhealthy' ? { health: health } : {}),
    ...(st.Health?.Log
      ? { healthLog: st.Health.Log.map((l) => ({ exitCode: l.ExitCode, output: l.Output, at: time(l.End) ?? 0 })) }
      : {}),
    exitCode: st.ExitCode,
    oomKilled: st.OOMKilled,
    ...(time(st.StartedAt) ? { startedAt: time(st.StartedAt) } : {}),
    ...(time(st.FinishedAt) ? { finishedAt: time(st.FinishedAt) } : {}),
    restartCount: i.RestartCount,
    image: i.Config.Image,
    labels: i.Config.Labels ?? {},
    ...(i.NetworkSettings?.Ports
      ? {
          ports: Object.fromEntries(
            Object.entries(
              i.NetworkSettings.Ports as Record<string, { HostIp: string; HostPort: string }[] | null>,
            ).map(([k, b]) => [k, (b ?? []).map((x) => ({ hostIp: x.HostIp, hostPort: x.HostPort }))]),
          ),
        }
      : {}),
  };
}

function expandPorts(port: string): string[] {
  const [range = '', proto = 'tcp'] = port.split('/');
  const [start, end = start] = range.split('-').map(Number);
  if (start === undefined || end === undefined || Number.isNaN(start) || Number.isNaN(end)) return [];
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto}`);
  return out;
}

const ms = (v: number | undefined): number | undefined => (v === undefined ? undefined : Math.round(v * 1e6));

/** The engine's create options for a spec; `apiVersion` decides which newer fields may be sent. */
export function createOptions(spec: ContainerSpec, apiVersion: string): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  for (const p of spec.exposedPorts) for (const key of expandPorts(p)) exposed[key] = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort ?? '' });
  }
  const binds: string[] = [];
  const mounts: Docker.MountSettings[] = [];
  for (const m of spec.mounts) {
    // A bind that may create its source, or is relabelled for SELinux (the mount API cannot), goes as
    // a Binds entry with its options, as the docker CLI writes them; the others as mounts.
    if (m.type === 'bind' && (m.createHostPath || m.selinux)) {
      const options = [m.readOnly ? 'ro' : '', m.selinux ?? '', m.propagation ?? ''].filter(Boolean).join(',');
      binds.push(`${m.source ?? ''}:${m.target}${options ? `:${options}` : ''}`);
    } else if (m.type === 'bind') {
      mounts.push({
        Type: 'bind',
        Source: m.source ?? '',
        Target: m.target,
        ReadOnly: m.readOnly,
        ...(m.propagation ? { BindOptions: { Propagation: m.propagation } } : {}),
      } as Docker.MountSettings);
    } else if (m.type === 'volume') {
      const options = { ...(m.noCopy ? { NoCopy: true } : {}), ...(m.subpath ? { Subpath: m.subpath } : {}) };
      mounts.push({
        Type: 'volume',
        Source: m.source ?? '',
        Target: m.target,
        ReadOnly: m.readOnly,
        ...(Object.keys(options).length > 0 ? { VolumeOptions: options } : {}),
      } as Docker.MountSettings);
    } else {
      const options = {
        ...(m.tmpfsSize ? { SizeBytes: m.tmpfsSize } : {}),
        ...(m.tmpfsMode !== undefined ? { Mode: m.tmpfsMode } : {}),
      };
      mounts.push({
        Type: 'tmpfs',
        Target: m.target,
        ...(Object.keys(options).length > 0 ? { TmpfsOptions: options } : {}),
      } as Docker.MountSettings);
    }
  }
  refuseTooNew(spec, apiVersion);
  const startIntervalOk = startIntervalApplies(apiVersion);
  const hc = spec.healthcheck;
  const healthcheck =
    hc === undefined
      ? undefined
      : hc === 'disabled'
        ? { Test: ['NONE'] }
        : {
            Test: hc.test,
            ...(hc.intervalMs !== undefined ? { Interval: ms(hc.intervalMs) } : {}),
            ...(hc.timeoutMs !== undefined ? { Timeout: ms(hc.timeoutMs) } : {}),
            ...(hc.retries !== undefined ? { Retries: hc.retries } : {}),
            ...(hc.startPeriodMs !== undefined ? { StartPeriod: ms(hc.startPeriodMs) } : {}),
            ...(hc.startIntervalMs !== undefined && startIntervalOk ? { StartInterval: ms(hc.startIntervalMs) } : {}),
          };
  const [first] = spec.networks;
  return {
    name: spec.name,
    Image: spec.image,
    // dockerode sends the options as the query too, where the engine reads `platform` from.
    ...(spec.platform ? { platform: spec.platform } : {}),
    ...(spec.command ? { Cmd: spec.command } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    Env: spec.env,
    Labels: spec.labels,
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ExposedPorts: exposed,
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
    ...(spec.stopTimeoutSeconds !== undefined ? { StopTimeout: spec.stopTimeoutSeconds } : {}),
    Tty: spec.settings?.tty ?? false,
    OpenStdin: spec.settings?.stdinOpen ?? false,
    // As docker run -i: without StdinOnce, the end of the caller's stdin would end the attach, output and all.
    ...(spec.attachStdin ? { AttachStdin: true, StdinOnce: true } : {}),
    ...(spec.settings?.domainname ? { Domainname: spec.settings.domainname } : {}),
    ...(spec.settings?.macAddress ? { MacAddress: spec.settings.macAddress } : {}),
    HostConfig: {
      ...hostSettings(spec.settings ?? {}),
      ...(spec.init !== undefined ? { Init: spec.init } : {}),
      ...(spec.autoRemove ? { AutoRemove: true } : {}),
      PortBindings: bindings,
      Binds: binds,
      Mounts: mounts,
      Tmpfs: Object.fromEntries(spec.tmpfs.map((t) => [t.split(':')[0] ?? t, t.split(':').slice(1).join(':')])),
      ...(spec.restartPolicy
        ? {
            RestartPolicy: {
              Name: spec.restartPolicy.name,
              ...(spec.restartPolicy.maxRetries ? { MaximumRetryCount: spec.restartPolicy.maxRetries } : {}),
            },
          }
        : {}),
      ExtraHosts: spec.extraHosts,
      ...(spec.networkMode ? { NetworkMode: spec.networkMode } : first ? { NetworkMode: first.name } : {}),
      ...(spec.volumesFrom ? { VolumesFrom: spec.volumesFrom } : {}),
      // Legacy links on the default bridge (network_mode: bridge) live here; on the stack's network, in its endpoint too, as compose sets both.
      ...(spec.links ? { Links: spec.links } : {}),
    },
    ...(first && !spec.networkMode
      ? {
          NetworkingConfig: {
            EndpointsConfig: {
              [first.name]: { ...endpointConfig(first), ...(spec.links ? { Links: spec.links } : {}) },
            },
          },
        }
      : {}),
  };
}

/** The engine's socket bound in at /var/run/docker.sock, and DOCKER_CONFIG set when credentials follow. */
export function withApiSocket(spec: ContainerSpec, credentials: boolean): ContainerSpec {
  return {
    ...spec,
    mounts: [
      ...spec.mounts,
      {
        type: 'bind',
        source: '/var/run/docker.sock',
        target: '/var/run/docker.sock',
        readOnly: false,
        createHostPath: false,
      },
    ],
    env: credentials ? [...spec.env, 'DOCKER_CONFIG=/run/secrets/docker'] : spec.env,
  };
}

/** Keys an older engine would silently drop are refused, as compose refuses them (create.go). */
function refuseTooNew(spec: ContainerSpec, apiVersion: string): void {
  const service = `service ${spec.labels['com.docker.compose.service'] ?? spec.name}`;
  const needs: [boolean, string, string][] = [
    [spec.networks.some((n) => n.gwPriority !== undefined), `gw_priority (${service})`, '1.48'],
    [
      spec.networks.some((n) => n.driverOpts?.['com.docker.network.endpoint.ifname'] !== undefined),
      `interface_name (${service})`,
      '1.49',
    ],
    [spec.settings?.annotations !== undefined, `annotations (${service})`, '1.43'],
    [spec.mounts.some((m) => m.subpath !== undefined), `a volume's subpath (${service})`, '1.45'],
    [spec.settings?.devices?.some((d) => d.cdi) ?? false, `CDI devices (${service})`, '1.44'],
  ];
  for (const [used, what, version] of needs)
    if (used && !apiAtLeast(apiVersion, version)) throw new EngineTooOld(what, version, apiVersion);
}

/** One network attachment's endpoint settings, the same whether joined at create or after it. */
export function endpointConfig(net: NetworkAttachment): Docker.EndpointSettings {
  const ipam = defined({ IPv4Address: net.ipv4Address, IPv6Address: net.ipv6Address, LinkLocalIPs: net.linkLocalIps });
  return {
    Aliases: net.aliases,
    ...(Object.keys(ipam).length > 0 ? { IPAMConfig: ipam } : {}),
    ...defined({ MacAddress: net.macAddress, DriverOpts: net.driverOpts }),
    // The engine reads GwPriority from API 1.48; dockerode's types are older than the field.
    ...(net.gwPriority !== undefined ? ({ GwPriority: net.gwPriority } as object) : {}),
  };
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** gpus, reserved devices and CDI devices (one request each, driver "cdi"), as compose makes them. */
function deviceRequests(s: EngineSettings): Docker.DeviceRequest[] | undefined {
  const requests = [
    ...[...(s.gpus ?? []), ...(s.reservedDevices ?? [])].map((d) => ({
      Driver: d.driver ?? '',
      Count: d.count ?? 0,
      ...(d.deviceIds.length > 0 ? { DeviceIDs: d.deviceIds } : {}),
      Capabilities: [d.capabilities],
      Options: d.options,
    })),
    ...(s.devices ?? []).filter((d) => d.cdi).map((d) => ({ Driver: 'cdi', DeviceIDs: [d.source] })),
  ];
  return requests.length > 0 ? requests : undefined;
}

const rates = (list: { path: string; rate: number }[] | undefined): { Path: string; Rate: number }[] | undefined =>
  list?.length ? list.map((d) => ({ Path: d.path, Rate: d.rate })) : undefined;

/** The settings' HostConfig fields, as `docker compose` v2 fills them (pkg/compose/create.go). */
export function hostSettings(s: EngineSettings): Docker.HostConfig {
  return defined({
    CapAdd: s.capAdd,
    CapDrop: s.capDrop,
    Privileged: s.privileged,
    SecurityOpt: s.securityOpt,
    ReadonlyRootfs: s.readOnly,
    GroupAdd: s.groupAdd,
    Runtime: s.runtime,
    Isolation: s.isolation,
    Dns: s.dns,
    DnsSearch: s.dnsSearch,
    DnsOptions: s.dnsOpt,
    Sysctls: s.sysctls,
    StorageOpt: s.storageOpt,
    Ulimits: s.ulimits
      ? Object.entries(s.ulimits).map(([Name, u]) => ({ Name, Soft: u.soft, Hard: u.hard }))
      : undefined,
    ShmSize: s.shmSize,
    OomScoreAdj: s.oomScoreAdj,
    OomKillDisable: s.oomKillDisable,
    IpcMode: s.ipc,
    PidMode: s.pid,
    UTSMode: s.uts,
    UsernsMode: s.usernsMode,
    CgroupnsMode: s.cgroup,
    CgroupParent: s.cgroupParent,
    LogConfig: s.logging ? { Type: s.logging.driver ?? '', Config: s.logging.options } : undefined,
    Memory: s.memLimit,
    MemoryReservation: s.memReservation,
    MemorySwap: s.memswapLimit,
    MemorySwappiness: s.memSwappiness,
    PidsLimit: s.pidsLimit,
    NanoCpus: s.cpus !== undefined ? Math.round(s.cpus * 1e9) : undefined,
    CpuShares: s.cpuShares,
    CpusetCpus: s.cpuset,
    CpuPeriod: s.cpuPeriod,
    CpuQuota: s.cpuQuota,
    CpuRealtimePeriod: s.cpuRtPeriod,
    CpuRealtimeRuntime: s.cpuRtRuntime,
    CpuCount: s.cpuCount,
    CpuPercent: s.cpuPercent,
    Devices: s.devices?.some((d) => !d.cdi)
      ? s.devices
          .filter((d) => !d.cdi)
          .map((d) => ({ PathOnHost: d.source, PathInContainer: d.target, CgroupPermissions: d.permissions }))
      : undefined,
    DeviceCgroupRules: s.deviceCgroupRules,
    DeviceRequests: deviceRequests(s),
    BlkioWeight: s.blkio?.weight,
    BlkioWeightDevice: s.blkio?.weightDevice.length
      ? s.blkio.weightDevice.map((d) => ({ Path: d.path, Weight: d.weight }))
      : undefined,
    BlkioDeviceReadBps: rates(s.blkio?.deviceReadBps),
    BlkioDeviceWriteBps: rates(s.blkio?.deviceWriteBps),
    BlkioDeviceReadIOps: rates(s.blkio?.deviceReadIops),
    BlkioDeviceWriteIOps: rates(s.blkio?.deviceWriteIops),
    Annotations: s.annotations,
  } as Docker.HostConfig);
}
