import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { systemClock } from '../../main/orchestrator/clock';
import { StatsMonitor } from '../../main/orchestrator/runtime/stats-monitor';
import type { ServiceStats } from '../../main/orchestrator/runtime/stats-monitor';
import { dockerdPid } from '../setup/dockerd';
import { TEST_IMAGE } from '../setup/images';

/**
 * What following the stats of a stack costs: 20 idle containers, first not followed, then followed
 * as the window follows them (one engine stream each, a batch every 2 s). Prints the engine's and
 * Stackpilot's CPU time per followed container per minute of following, beside the idle baseline.
 */
const engine = inject('engine');
const CONTAINERS = 20;
const WINDOW_MS = 10_000;
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time a process has used, in ms (user + system, from /proc). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

const ownCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function measure(ms: number, pid: number): Promise<{ engine: number; own: number }> {
  const e0 = processCpuMs(pid);
  const o0 = ownCpuMs();
  await new Promise((r) => setTimeout(r, ms));
  return { engine: processCpuMs(pid) - e0, own: ownCpuMs() - o0 };
}

describe.skipIf(!engine.available || dockerdPid() === undefined)("the stats stream's cost (figures)", () => {
  it(`${CONTAINERS} containers followed for ${WINDOW_MS / 1000} s against ${WINDOW_MS / 1000} s not followed`, async () => {
    const pid = dockerdPid() ?? 0;
    const label = `sp-bench-stats-${randomBytes(3).toString('hex')}`;
    const ids: string[] = [];
    const docker = await DockerEngine.connect(process.env, '/root');
    try {
      for (let i = 0; i < CONTAINERS; i++)
        ids.push(
          execFileSync('docker', ['run', '-d', '--init', '--label', label, TEST_IMAGE, 'sleep', '3600'], {
            encoding: 'utf8',
          }).trim(),
        );
      const idle = await measure(WINDOW_MS, pid);
      const batches: ServiceStats[][] = [];
      const monitor = new StatsMonitor({
        driver: docker,
        clock: systemClock,
        list: () => Promise.resolve(ids.map((id, i) => ({ service: `s${i}`, id }))),
        emit: (b) => batches.push(b),
      });
      // The streams' first readings take a second or two: measured once every container has one.
      const t0 = Date.now();
      while ((batches.at(-1)?.length ?? 0) < CONTAINERS && Date.now() - t0 < 30_000)
        await new Promise((r) => setTimeout(r, 200));
      const followed = await measure(WINDOW_MS, pid);
      monitor.close();
      const perContainerMinute = (ms: number): string => `${((ms / CONTAINERS) * (60_000 / WINDOW_MS)).toFixed(1)} ms`;
      console.log(
        [
          '',
          `The stats stream's cost: ${CONTAINERS} idle busybox containers, ${WINDOW_MS / 1000} s not followed, then ${WINDOW_MS / 1000} s followed (one engine stream each, a batch every 2 s)`,
          `    engine (dockerd)   ${idle.engine.toFixed(0)} ms CPU not followed, ${followed.engine.toFixed(0)} ms followed: ${perContainerMinute(followed.engine - idle.engine)} CPU per container per minute`,
          `    Stackpilot         ${idle.own.toFixed(0)} ms CPU not followed, ${followed.own.toFixed(0)} ms followed: ${perContainerMinute(followed.own - idle.own)} CPU per container per minute`,
          `    batches            ${batches.length}, the last with ${batches.at(-1)?.length ?? 0} services`,
        ].join('\n'),
      );
      expect(batches.at(-1)?.length).toBe(CONTAINERS);
    } finally {
      if (ids.length > 0) execFileSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
    }
  }, 180_000);
});
