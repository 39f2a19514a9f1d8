import { startIntervalApplies } from '../api-version';
import type { Healthcheck, Stack } from '../compose/model';
import type { ContainerDriver, ContainerInfo, HealthState } from '../driver';
import type { ServiceSnapshot } from './service-state';
import { healthEndpointWords } from '../probes/health-body';

/** Docker's interval when a healthcheck sets none. */
export const DOCKER_DEFAULT_INTERVAL_MS = 30_000;
/** Probes the engine keeps (it keeps five); the newest last. */
const LOG_KEPT = 5;

/** The engine's own view of a service's health check: its status, each probe's output, and when it probes next. */
export interface HealthReport {
  status?: HealthState;
  /** `says`: what an HTTP health endpoint answered, when the output shows one ("HTTP 503 — database: disconnected"). */
  log: { at: number; exitCode: number; output: string; says?: string }[];
  /** Probes failed in a row, newest last. */
  failingStreak: number;
  /** When the engine's next scheduled probe is due (an estimate: it runs `interval` after the last one ended). */
  nextProbeAt?: number;
}

/**
 * The report from an inspect of the container. `startIntervalApplies`: the engine honours
 * `start_interval` (API 1.44 and later); before that it probes at `interval` from the start.
 */
export function healthReport(
  info: ContainerInfo,
  hc: Healthcheck | undefined,
  startIntervalApplies: boolean,
): HealthReport {
  const log = (info.healthLog ?? []).slice(-LOG_KEPT).map((l) => {
    const says = healthEndpointWords(l.output);
    return { at: l.at, exitCode: l.exitCode, output: l.output.trim().slice(0, 500), ...(says ? { says } : {}) };
  });
  const report: HealthReport = {
    ...(info.health ? { status: info.health } : {}),
    log,
    failingStreak: failingStreak(log),
  };
  if (info.state !== 'running' || info.health === 'healthy' || info.startedAt === undefined) return report;
  const base = log.at(-1)?.at ?? info.startedAt;
  const inStartPeriod = hc?.startPeriod !== undefined && base - info.startedAt < hc.startPeriod;
  const step =
    inStartPeriod && startIntervalApplies && hc?.startInterval !== undefined
      ? hc.startInterval
      : (hc?.interval ?? DOCKER_DEFAULT_INTERVAL_MS);
  return { ...report, nextProbeAt: base + step };
}

/** How many of the newest probes in the engine's health log failed in a row. */
export function failingStreak(log: readonly { exitCode: number }[]): number {
  let streak = 0;
  for (let i = log.length - 1; i >= 0 && (log[i]?.exitCode ?? 0) !== 0; i--) streak++;
  return streak;
}

/** The engine's health report of each service with a container and a health status, read afresh. */
export async function healthReports(
  driver: ContainerDriver | undefined,
  stack: Stack | undefined,
  services: readonly ServiceSnapshot[],
): Promise<Record<string, HealthReport>> {
  const applies = startIntervalApplies(driver?.info().apiVersion);
  const out: Record<string, HealthReport> = {};
  for (const s of services) {
    const info = s.containerId ? await driver?.inspectContainer(s.containerId).catch(() => undefined) : undefined;
    if (info?.health) out[s.name] = healthReport(info, stack?.services[s.name]?.healthcheck, applies);
  }
  return out;
}
