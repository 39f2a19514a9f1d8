/** One reading of a container's resource use, as `docker stats` shows it. */
export interface ContainerStats {
  /** Percent of one CPU (200 = two CPUs busy), as docker stats counts it. */
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
}

/** The engine's stats document, the parts read here. */
export interface RawStats {
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
}

/**
 * The docker CLI's arithmetic: CPU from the two samples' deltas, memory less the page cache
 * (inactive_file on cgroup v2, cache on v1), network and block I/O summed over interfaces and devices.
 */
export function readStats(raw: RawStats): ContainerStats {
  const cpu = raw.cpu_stats ?? {};
  const pre = raw.precpu_stats ?? {};
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus ?? cpu.cpu_usage?.percpu_usage?.length ?? 1;
  const mem = raw.memory_stats ?? {};
  const cache = mem.stats?.inactive_file ?? mem.stats?.total_inactive_file ?? mem.stats?.cache ?? 0;
  const usage = mem.usage ?? 0;
  const nets = Object.values(raw.networks ?? {});
  const io = raw.blkio_stats?.io_service_bytes_recursive ?? [];
  const ioSum = (op: string): number =>
    io.filter((e) => e.op?.toLowerCase() === op).reduce((n, e) => n + (e.value ?? 0), 0);
  return {
    // No earlier sample (a first, one-shot read): no rate to tell yet.
    cpuPercent: pre.system_cpu_usage && cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
    memoryBytes: Math.max(0, usage - (cache < usage ? cache : 0)),
    memoryLimitBytes: mem.limit ?? 0,
    netRxBytes: nets.reduce((n, x) => n + (x.rx_bytes ?? 0), 0),
    netTxBytes: nets.reduce((n, x) => n + (x.tx_bytes ?? 0), 0),
    blockReadBytes: ioSum('read'),
    blockWriteBytes: ioSum('write'),
    pids: raw.pids_stats?.current ?? 0,
  };
}
