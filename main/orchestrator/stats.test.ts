import { describe, expect, it } from 'vitest';
import { readStats } from './stats';

describe('a container’s stats, as docker stats reckons them', () => {
  it('CPU from the deltas of two samples, memory without the page cache, I/O summed', () => {
    const s = readStats({
      cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 18_000_000_000 },
      memory_stats: { usage: 100 * 1024 ** 2, limit: 1024 ** 3, stats: { inactive_file: 20 * 1024 ** 2 } },
      networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, eth1: { rx_bytes: 24, tx_bytes: 6 } },
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: 'read', value: 4096 },
          { op: 'Write', value: 8192 },
          { op: 'read', value: 4096 },
        ],
      },
      pids_stats: { current: 7 },
    });
    // 1 s of CPU over 2 s of two CPUs' time: one CPU busy, 100 %.
    expect(s).toEqual({
      cpuPercent: 100,
      memoryBytes: 80 * 1024 ** 2,
      memoryLimitBytes: 1024 ** 3,
      netRxBytes: 1024,
      netTxBytes: 206,
      blockReadBytes: 8192,
      blockWriteBytes: 8192,
      pids: 7,
    });
  });

  it('a container with no earlier sample, or none of these sections, reads as nothing used', () => {
    expect(readStats({})).toEqual({
      cpuPercent: 0,
      memoryBytes: 0,
      memoryLimitBytes: 0,
      netRxBytes: 0,
      netTxBytes: 0,
      blockReadBytes: 0,
      blockWriteBytes: 0,
      pids: 0,
    });
    expect(
      readStats({
        cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10 },
        memory_stats: { usage: 10, stats: { cache: 4 } },
      }),
    ).toMatchObject({ cpuPercent: 0, memoryBytes: 6 });
  });
});
