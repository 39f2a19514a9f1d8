import type { Stack } from '../orchestrator/compose/model';
import type { Clock } from '../orchestrator/clock';
import type { ContainerDriver } from '../orchestrator/driver';
import { startIntervalApplies } from '../orchestrator/api-version';
import type { EngineStatus } from '../orchestrator/runtime/engine-connection';
import { Label } from '../orchestrator/runtime/labels';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import { StatsMonitor } from '../orchestrator/runtime/stats-monitor';
import { HealthWatch } from './health-watch';
import { connectedState, remotePortFollower } from './engine-state';
import type { EngineState } from './engine-state';
import type { ServiceReport, SessionEmit } from './session-events';

/** What the session gives a new orchestrator's links. */
export interface LinkHooks {
  engine(): EngineState;
  setEngine(view: EngineState): void;
  /** The session still uses the engine this orchestrator was made on. */
  sameDriver(): boolean;
  /** The session still runs this orchestrator (another stack or engine was not picked meanwhile). */
  current(): boolean;
  emit: SessionEmit;
  report(s: ServiceSnapshot): ServiceReport;
  /** After a service's state went out: what else its change makes stale (wait chains, notices, the overall state). */
  changed(s: ServiceSnapshot): void;
}

/** The watches a connected orchestrator runs for the session, and how to stop listening to it. */
export interface RunnerLinks {
  stats: StatsMonitor;
  health: HealthWatch;
  unsubscribe: (() => void)[];
}

/**
 * Connects a new orchestrator to its session: the engine's status (with where remote ports are), the
 * stats and health watches, and every state change, log batch and stats batch as session events.
 */
export function linkRunner(
  runner: Orchestrator,
  driver: ContainerDriver,
  stack: Stack,
  clock: Clock,
  hooks: LinkHooks,
): RunnerLinks {
  const info = driver.info();
  const connected = (since: number): EngineState => {
    const now = hooks.engine();
    return connectedState(info, since, now.state === 'connected' ? now.ports : undefined);
  };
  hooks.setEngine(connectedState(info, clock.now()));
  const placePorts = remotePortFollower(driver, stack, (found) => {
    const now = hooks.engine();
    if (hooks.sameDriver() && now.state === 'connected')
      hooks.setEngine(connectedState(info, now.since, { ...now.ports, ...found }));
  });
  const stats = new StatsMonitor({
    driver,
    clock,
    list: async () =>
      (await runner.containersOf([]))
        .filter((c) => c.state === 'running' && c.labels[Label.oneoff] !== 'True')
        .map((c) => ({ service: c.labels[Label.service] ?? c.name, id: c.id })),
    emit: (batch) => hooks.emit('stats:batch', batch),
  });
  const health = new HealthWatch(
    driver,
    clock,
    stack,
    startIntervalApplies(info.apiVersion),
    () => runner.snapshot(),
    (name) => {
      const s = runner.get(name);
      if (s && hooks.current()) hooks.emit('service:state', hooks.report(s));
    },
  );
  const unsubscribe = [
    runner.onChange((s) => {
      placePorts(s);
      stats.changed();
      health.poke(s);
      hooks.emit('service:state', hooks.report(s));
      hooks.changed(s);
    }),
    runner.onEngineStatus((s: EngineStatus) => hooks.setEngine(s.state === 'connected' ? connected(s.since) : s)),
    runner.logs?.subscribe((entries) =>
      hooks.emit('logs:batch', { entries, replicas: (service) => runner.replicaCount(service) }),
    ) ?? (() => undefined),
  ];
  return { stats, health, unsubscribe };
}
