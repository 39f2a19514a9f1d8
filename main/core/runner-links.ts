import type { Stack } from '../orchestrator/compose/model';
import type { Clock } from '../orchestrator/clock';
import type { ContainerDriver } from '../orchestrator/driver';
import { startIntervalApplies } from '../orchestrator/api-version';
import type { EngineStatus } from '../orchestrator/runtime/engine-connection';
import { Label } from '../orchestrator/runtime/labels';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import { StatsMonitor } from '../orchestrator/runtime/stats-monitor';
import { HealthWatch } from '../session/health-watch';
import type { EmitEvent, EngineStatusView, ServiceStateView } from '../../preload/contract';
import { connectedView, remotePortFollower } from './remote-ports';
import { logView } from './runtime-views';

/** What the runtime gives a new orchestrator's links to the window. */
export interface LinkHooks {
  engine(): EngineStatusView;
  setEngine(view: EngineStatusView): void;
  /** The runtime still uses the engine this orchestrator was made on. */
  sameDriver(): boolean;
  /** The runtime still runs this orchestrator (another stack or engine was not picked meanwhile). */
  current(): boolean;
  emit: EmitEvent;
  view(s: ServiceSnapshot): ServiceStateView;
  /** After a service's state went out: what else its change makes stale (wait chains, notices, the overall state). */
  changed(s: ServiceSnapshot, view: ServiceStateView): void;
}

/** The watches a connected orchestrator runs for the window, and how to stop listening to it. */
export interface RunnerLinks {
  stats: StatsMonitor;
  health: HealthWatch;
  unsubscribe: (() => void)[];
}

/**
 * Connects a new orchestrator to the window: the engine's status (with where remote ports are), the
 * stats and health watches, and every state change, log batch and stats batch as contract events.
 */
export function linkRunner(runner: Orchestrator, driver: ContainerDriver, stack: Stack, clock: Clock, hooks: LinkHooks): RunnerLinks {
  const info = driver.info();
  const connected = (since: number): EngineStatusView => {
    const now = hooks.engine();
    return connectedView(info, since, now.state === 'connected' ? now.ports : undefined);
  };
  hooks.setEngine(connectedView(info, clock.now()));
  const placePorts = remotePortFollower(driver, stack, (found) => {
    const now = hooks.engine();
    if (hooks.sameDriver() && now.state === 'connected') hooks.setEngine(connectedView(info, now.since, { ...now.ports, ...found }));
  });
  const stats = new StatsMonitor({
    driver,
    clock,
    list: async () => (await runner.containersOf([])).filter((c) => c.state === 'running' && c.labels[Label.oneoff] !== 'True').map((c) => ({ service: c.labels[Label.service] ?? c.name, id: c.id })),
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
      if (s && hooks.current()) hooks.emit('service:state', hooks.view(s));
    },
  );
  const unsubscribe = [
    runner.onChange((s) => {
      placePorts(s);
      stats.changed();
      health.poke(s);
      const view = hooks.view(s);
      hooks.emit('service:state', view);
      hooks.changed(s, view);
    }),
    runner.onEngineStatus((s: EngineStatus) => hooks.setEngine(s.state === 'connected' ? connected(s.since) : s)),
    runner.logs?.subscribe((batch) =>
      hooks.emit(
        'logs:batch',
        batch.map((e) => logView(e, runner.replicaCount(e.service))),
      ),
    ) ?? (() => undefined),
  ];
  return { stats, health, unsubscribe };
}
