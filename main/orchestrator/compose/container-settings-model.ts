/** The container settings of the stack model (process, security, devices, resources): see model.ts. */

export interface Ulimit {
  soft: number;
  hard: number;
  pair?: true; // written as { soft, hard } with one value: compose prints a pair back
}

export interface Device {
  source: string;
  target: string;
  /** Letters of r, w, m. */
  permissions: string;
  /** A CDI device name (vendor.com/class=name) rather than a device node. */
  cdi?: boolean;
}

/**
 * Settings of the container itself (process, security, DNS, resources), each one compose key, applied
 * as `docker compose` v2 applies it. Sizes are bytes; CPUs a (fractional) count.
 */
export interface EngineSettings {
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  securityOpt?: string[];
  readOnly?: boolean;
  groupAdd?: string[];
  stdinOpen?: boolean;
  tty?: boolean;
  runtime?: string;
  isolation?: string;
  dns?: string[];
  dnsSearch?: string[];
  dnsOpt?: string[];
  domainname?: string;
  macAddress?: string;
  sysctls?: Record<string, string>;
  storageOpt?: Record<string, string>;
  ulimits?: Record<string, Ulimit>;
  shmSize?: number;
  oomScoreAdj?: number;
  oomKillDisable?: boolean;
  ipc?: string;
  pid?: string;
  uts?: string;
  usernsMode?: string;
  cgroup?: 'host' | 'private';
  cgroupParent?: string;
  logging?: { driver?: string; options: Record<string, string> };
  /** `mem_limit`, or `deploy.resources.limits.memory`. */
  memLimit?: number;
  /** `mem_reservation`, or `deploy.resources.reservations.memory`. */
  memReservation?: number;
  memswapLimit?: number;
  memSwappiness?: number;
  /** `pids_limit`, or `deploy.resources.limits.pids`. */
  pidsLimit?: number;
  /** `cpus`, or `deploy.resources.limits.cpus`. */
  cpus?: number;
  cpuShares?: number;
  cpuset?: string;
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuRtPeriod?: number;
  cpuRtRuntime?: number;
  cpuCount?: number;
  cpuPercent?: number;
  devices?: Device[];
  deviceCgroupRules?: string[];
  /** `gpus`, then `deploy.resources.reservations.devices`: the engine's DeviceRequests. */
  gpus?: DeviceRequest[];
  reservedDevices?: DeviceRequest[];
  blkio?: BlkioConfig;
  /** OCI annotations on the container (engine API 1.43 and later). */
  annotations?: Record<string, string>;
}

export interface DeviceRequest {
  driver?: string;
  /** -1: every device of the kind. */
  count?: number;
  deviceIds: string[];
  capabilities: string[];
  options: Record<string, string>;
}

export interface BlkioConfig {
  weight?: number;
  weightDevice: { path: string; weight: number }[];
  deviceReadBps: { path: string; rate: number }[];
  deviceWriteBps: { path: string; rate: number }[];
  deviceReadIops: { path: string; rate: number }[];
  deviceWriteIops: { path: string; rate: number }[];
}
