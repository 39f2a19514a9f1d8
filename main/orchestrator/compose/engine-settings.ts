import type { ModelPath } from './diagnostics';
import { formatPath } from './diagnostics';
import { DEVICE_SETTING_KEYS } from './device-requests';
import type { Device, EngineSettings, Ulimit } from './model';
import { isRawMap } from './reader';
import type { Reader } from './reader';
import { readBytes } from './sizes';

export { parseBytes, readBytes } from './sizes';

/**
 * Service keys that are one setting of the container each (process, security, DNS, resources),
 * read into `EngineSettings` and passed to the engine as `docker compose` v2 passes them.
 */
type SettingReader = (settings: EngineSettings, value: unknown, path: ModelPath, r: Reader) => void;

/** CPUs as compose takes them: a number or a numeric string (`0.5`, "1.5"). */
export function readCpus(value: unknown, path: ModelPath, r: Reader): number | undefined {
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n) && n >= 0) return n;
  r.error(
    path,
    'invalid-value',
    `${formatPath(path)}: ${JSON.stringify(value)} is not a number of CPUs`,
    'write a number such as 0.5 or 2',
  );
  return undefined;
}

export function readUlimits(value: unknown, path: ModelPath, r: Reader): Record<string, Ulimit> | undefined {
  const map = r.map(value, path);
  if (!map) return undefined;
  const out: Record<string, Ulimit> = {};
  for (const [name, v] of Object.entries(map)) {
    const p = [...path, name];
    if (isRawMap(v)) {
      const soft = r.int(v.soft, [...p, 'soft'], -1);
      const hard = r.int(v.hard, [...p, 'hard'], -1);
      for (const key of Object.keys(v))
        if (key !== 'soft' && key !== 'hard')
          r.error(
            [...p, key],
            'unknown-key',
            `unknown key "${key}" in ulimits.${name}`,
            'a ulimit is a number, or { soft, hard }',
          );
      if (soft !== undefined && hard !== undefined)
        out[name] = soft === hard ? { soft, hard, pair: true } : { soft, hard };
    } else {
      const n = r.int(v, p, -1);
      if (n !== undefined) out[name] = { soft: n, hard: n };
    }
  }
  return out;
}

/** `devices`: `/dev/host[:/dev/container[:rwm]]`, or the long form `{ source, target, permissions }`. */
function readDevices(value: unknown, path: ModelPath, r: Reader): Device[] | undefined {
  if (!Array.isArray(value)) return r.wrongType(path, 'a list of devices', value);
  const out: Device[] = [];
  value.forEach((item: unknown, i: number) => {
    const p = [...path, i];
    let device: Device | undefined;
    if (isRawMap(item)) {
      const source = r.string(item.source, [...p, 'source']);
      const target = item.target === undefined ? source : r.string(item.target, [...p, 'target']);
      const permissions = item.permissions === undefined ? 'rwm' : r.string(item.permissions, [...p, 'permissions']);
      if (source && target && permissions) device = { source, target, permissions };
    } else {
      const s = r.string(item, p);
      if (s === undefined) return;
      const [source = '', target = source, permissions = 'rwm'] = s.split(':');
      device = { source, target, permissions };
    }
    if (!device) return;
    if (!device.source.startsWith('/')) {
      // A CDI name (vendor.com/class=name): the engine's CDI driver resolves it, as compose asks it to.
      if (/^[a-z0-9][a-z0-9.-]*\/[a-z0-9][a-z0-9._-]*=[\w.:*-]+$/i.test(device.source))
        out.push({ ...device, cdi: true });
      else
        r.error(
          p,
          'invalid-value',
          `device "${device.source}" is neither a path (/dev/…) nor a CDI name (vendor.com/class=name)`,
          'give the device node by its path, or its CDI name',
        );
      return;
    }
    if (!/^[rwm]+$/.test(device.permissions)) {
      r.error(
        p,
        'invalid-value',
        `device permissions "${device.permissions}" must be letters of r, w and m`,
        'e.g. /dev/fuse:/dev/fuse:rwm',
      );
      return;
    }
    out.push(device);
  });
  return out;
}

function readLogging(value: unknown, path: ModelPath, r: Reader): EngineSettings['logging'] {
  const map = r.map(value, path);
  if (!map) return undefined;
  const logging: NonNullable<EngineSettings['logging']> = { options: {} };
  for (const [key, v] of Object.entries(map)) {
    const p = [...path, key];
    if (key === 'driver') {
      const driver = r.string(v, p);
      if (driver !== undefined) logging.driver = driver;
    } else if (key === 'options')
      logging.options = (v === null ? {} : (r.keyValues(v, p, false) ?? {})) as Record<string, string>;
    else if (!key.startsWith('x-'))
      r.error(p, 'unknown-key', `unknown key "${key}" in logging`, 'logging has driver and options');
  }
  return logging;
}

const list =
  (
    key: 'capAdd' | 'capDrop' | 'securityOpt' | 'groupAdd' | 'dns' | 'dnsSearch' | 'dnsOpt' | 'deviceCgroupRules',
  ): SettingReader =>
  (s, v, p, r) => {
    const items = key === 'dns' || key === 'dnsSearch' ? r.stringOrList(v, p) : r.stringList(v, p);
    if (items) s[key] = items;
  };
const text =
  (
    key:
      | 'runtime'
      | 'domainname'
      | 'macAddress'
      | 'ipc'
      | 'pid'
      | 'uts'
      | 'usernsMode'
      | 'cgroupParent'
      | 'cpuset'
      | 'isolation',
  ): SettingReader =>
  (s, v, p, r) => {
    const t = r.string(v, p);
    if (t !== undefined) s[key] = t;
  };
const flag =
  (key: 'privileged' | 'readOnly' | 'stdinOpen' | 'tty' | 'oomKillDisable'): SettingReader =>
  (s, v, p, r) => {
    const b = r.bool(v, p);
    if (b !== undefined) s[key] = b;
  };
const whole =
  (
    key:
      | 'oomScoreAdj'
      | 'pidsLimit'
      | 'memSwappiness'
      | 'cpuShares'
      | 'cpuPeriod'
      | 'cpuQuota'
      | 'cpuRtPeriod'
      | 'cpuRtRuntime'
      | 'cpuCount'
      | 'cpuPercent',
    min: number,
    max?: number,
  ): SettingReader =>
  (s, v, p, r) => {
    const n = r.int(v, p, min, max);
    if (n !== undefined) s[key] = n;
  };
const size =
  (key: 'shmSize' | 'memLimit' | 'memReservation'): SettingReader =>
  (s, v, p, r) => {
    const n = readBytes(v, p, r);
    if (n !== undefined) s[key] = n;
  };
const mapping =
  (key: 'sysctls' | 'storageOpt'): SettingReader =>
  (s, v, p, r) => {
    const m = r.keyValues(v, p, false);
    if (m) s[key] = m as Record<string, string>;
  };

/** Compose key → how it is read. The keys here are applied to the container (see containers.ts). */
export const ENGINE_SETTING_KEYS: Readonly<Record<string, SettingReader>> = {
  cap_add: list('capAdd'),
  cap_drop: list('capDrop'),
  privileged: flag('privileged'),
  security_opt: list('securityOpt'),
  read_only: flag('readOnly'),
  // Group names or ids: a number reads as text, as the engine takes it.
  group_add: list('groupAdd'),
  stdin_open: flag('stdinOpen'),
  tty: flag('tty'),
  runtime: text('runtime'),
  isolation: text('isolation'),
  dns: list('dns'),
  dns_search: list('dnsSearch'),
  dns_opt: list('dnsOpt'),
  domainname: text('domainname'),
  mac_address: text('macAddress'),
  sysctls: mapping('sysctls'),
  storage_opt: mapping('storageOpt'),
  ulimits: (s, v, p, r) => {
    const u = readUlimits(v, p, r);
    if (u) s.ulimits = u;
  },
  shm_size: size('shmSize'),
  oom_score_adj: whole('oomScoreAdj', -1000, 1000),
  oom_kill_disable: flag('oomKillDisable'),
  ipc: text('ipc'),
  pid: text('pid'),
  uts: text('uts'),
  userns_mode: text('usernsMode'),
  cgroup: (s, v, p, r) => {
    const c = r.string(v, p);
    if (c === 'host' || c === 'private') s.cgroup = c;
    else if (c !== undefined)
      r.error(p, 'invalid-value', `cgroup must be host or private, not "${c}"`, 'use cgroup: host or cgroup: private');
  },
  cgroup_parent: text('cgroupParent'),
  logging: (s, v, p, r) => {
    const l = readLogging(v, p, r);
    if (l) s.logging = l;
  },
  mem_limit: size('memLimit'),
  mem_reservation: size('memReservation'),
  memswap_limit: (s, v, p, r) => {
    // -1: unlimited swap, as the engine takes it.
    const n = v === -1 || v === '-1' ? -1 : readBytes(v, p, r);
    if (n !== undefined) s.memswapLimit = n;
  },
  mem_swappiness: whole('memSwappiness', 0, 100),
  pids_limit: whole('pidsLimit', -1),
  cpus: (s, v, p, r) => {
    const n = readCpus(v, p, r);
    if (n !== undefined) s.cpus = n;
  },
  cpu_shares: whole('cpuShares', 0),
  cpuset: text('cpuset'),
  cpu_period: whole('cpuPeriod', 0),
  cpu_quota: whole('cpuQuota', -1),
  cpu_rt_period: whole('cpuRtPeriod', 0),
  cpu_rt_runtime: whole('cpuRtRuntime', -1),
  cpu_count: whole('cpuCount', 0),
  cpu_percent: whole('cpuPercent', 0, 100),
  devices: (s, v, p, r) => {
    const d = readDevices(v, p, r);
    if (d) s.devices = d;
  },
  device_cgroup_rules: list('deviceCgroupRules'),
  ...DEVICE_SETTING_KEYS,
};

/** Keys whose values are lists that compose appends across files (without duplicates). */
const APPENDED: readonly (keyof EngineSettings)[] = [
  'capAdd',
  'capDrop',
  'securityOpt',
  'groupAdd',
  'dns',
  'dnsSearch',
  'dnsOpt',
  'deviceCgroupRules',
];
const MERGED: readonly (keyof EngineSettings)[] = ['sysctls', 'storageOpt', 'ulimits'];

/** Merges what two files say, with compose's rules: lists appended, mappings merged key by key, the rest replaced. */
export function mergeEngineSettings(before: EngineSettings | undefined, after: EngineSettings): EngineSettings {
  const out: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(after) as [keyof EngineSettings, unknown][]) {
    const previous = out[key];
    if (APPENDED.includes(key) && Array.isArray(previous))
      out[key] = [...new Set([...(previous as string[]), ...(value as string[])])];
    else if (MERGED.includes(key) && previous) out[key] = { ...previous, ...(value as object) };
    else if (key === 'devices' && Array.isArray(previous)) {
      const byTarget = new Map<string, Device>(
        [...(previous as Device[]), ...(value as Device[])].map((d) => [d.target, d]),
      );
      out[key] = [...byTarget.values()];
    } else if (key === 'logging' && previous) {
      const a = previous as NonNullable<EngineSettings['logging']>;
      const b = value as NonNullable<EngineSettings['logging']>;
      // A different driver starts its options afresh; the same one merges them.
      out[key] = b.driver && b.driver !== a.driver ? b : { ...a, ...b, options: { ...a.options, ...b.options } };
    } else out[key] = value;
  }
  return out;
}
