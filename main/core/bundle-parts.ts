import { BUNDLE_LOG_LINES } from '../engine/bundle/diagnostic-bundle';
import type { BundleInput } from '../engine/bundle/diagnostic-bundle';
import type { Stack } from '../engine/compose/model';
import type { ContainerDriver } from '../engine/driver';
import type { RunRecord } from '../engine/history/run-record';
import { healthReports } from '../engine/runtime/health-report';
import type { StackRunner } from '../engine/runtime/stack-runner';
import type { EngineStatusView } from '../../preload/contract';

export type BundleParts = Pick<BundleInput, 'services' | 'health' | 'logs' | 'runs'> & { engine: string };

/**
 * What the runtime knows for a diagnostic bundle: each service's state and timeline, the engine's
 * health log read afresh, the last log lines, the runs kept, and which engine (or why none).
 */
export async function bundleParts(from: {
  runner: StackRunner | undefined;
  driver: ContainerDriver | undefined;
  stack: Stack | undefined;
  runs: RunRecord[];
  engine: EngineStatusView;
}): Promise<BundleParts> {
  const { runner, driver, stack } = from;
  const services = runner?.snapshot() ?? [];
  const info = driver?.info();
  const health = await healthReports(driver, stack, services);
  const logs: Record<string, string[]> = {};
  for (const s of services) logs[s.name] = (runner?.logs?.lines([s.name]) ?? []).slice(-BUNDLE_LOG_LINES).map((e) => `${e.timestamp} ${e.stream} ${e.replica > 1 ? `[${e.replica}] ` : ''}${e.text}`);
  return {
    services,
    health,
    logs,
    runs: from.runs,
    engine: info ? `Docker ${info.version} (API ${info.apiVersion}) at ${info.endpoint}` : `not reachable: ${from.engine.state === 'connected' ? 'connected' : from.engine.reason}`,
  };
}
