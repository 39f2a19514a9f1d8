import { tailLines } from '../logs/tail';
import { describeError, isEngineError } from '../errors';
import type { Clock } from '../clock';
import type { Service, Stack } from '../compose/model';
import type { ContainerDriver, ContainerInfo, ContainerSpec } from '../driver';
import { dependentServices } from '../graph';
import type { DependencyGraph } from '../graph';
import type { LogHub } from '../logs/log-hub';
import type { Random } from './backoff';
import type { EngineConnection } from './engine-connection';
import type { EventRouter } from './event-router';
import type { EnginePacing } from './engine-pacing';
import type { ReadinessRequest } from './readiness';
import type { ProviderServices } from './providers';
import type { Reason } from './reasons';
import type { ServiceBook } from './service-book';
import type { ServiceSnapshot } from './service-state';
import type { HostProbe } from './start-checks';

/**
 * What the runner's modules share about one stack on the engine: the ports (driver, clock, host
 * probe, randomness), the book of service states, and what is known of the engine's containers.
 * Each module reads and changes it for its one concern; the façade (Orchestrator) owns it.
 */
export interface RunContext {
  readonly stack: Stack;
  readonly driver: ContainerDriver;
  readonly clock: Clock;
  readonly random: Random;
  readonly host: HostProbe;
  readonly graph: DependencyGraph;
  /** The stack's default for `x-stackpilot.restart_on_unhealthy`. */
  readonly restartOnUnhealthy: boolean;
  /** The stack's pace with the engine: starts and probe execs at once, and how often probes run. */
  readonly pacing: EnginePacing;
  readonly events: EventRouter;
  readonly connection: EngineConnection;
  readonly logs: LogHub | undefined;
  /** Aborted by close(): background supervision (restarts, recoveries) ends with the runner. */
  readonly lifetime: AbortSignal;
  readonly book: ServiceBook;
  /** The engine's containers of this project, by unit (a service's replica: see replicas.ts), as last read. */
  readonly containers: Map<string, ContainerInfo>;
  /** Containers numbered beyond their service's replica count (it was scaled down), by service. */
  readonly surplus: Map<string, ContainerInfo[]>;
  /** How many containers each service runs: its `scale` / `deploy.replicas`, or what it was scaled to. */
  readonly replicas: Map<string, number>;
  /** The container to ask the engine for, for one unit. */
  spec(unit: string): ContainerSpec;
  /** A service's units, 1 to its replica count. */
  units(service: string): string[];
  /** The service as a whole: its replicas' states aggregated. */
  serviceState(service: string): ServiceSnapshot | undefined;
  /** Services some dependent waits on with service_completed_successfully: jobs, done when they exit 0. */
  readonly jobs: ReadonlySet<string>;
  /** Units in a start-up wait right now (their state is driven by that wait, not by stray events). */
  readonly starting: Set<string>;
  /** The dependencies (services) each starting unit still waits on. */
  readonly unmet: Map<string, Set<string>>;
  /** Services the user wants up (brought up and not stopped since): what a reconnect restores. */
  readonly desired: Set<string>;
  service(name: string): Service;
  /** The services a provider program runs (they have no container). */
  readonly providers: ProviderServices;
}

/** What every readiness wait of this stack takes from it: the engine, the clock and the stack's pace with the engine. */
export function readinessPorts(ctx: RunContext): Pick<ReadinessRequest, 'driver' | 'clock' | 'pacing'> {
  return { driver: ctx.driver, clock: ctx.clock, pacing: ctx.pacing };
}

/** How many lines of a failed container's output are kept with its state. */
export const LAST_LINES = 20;

/** The last lines a container printed (for a failure's explanation). */
export async function lastLines(ctx: RunContext, id: string): Promise<string[]> {
  return (await tailLines(ctx.driver, id, LAST_LINES)).map((l) => l.text);
}

/**
 * Work nobody awaits (supervision, recoveries): its failure is never lost. The engine going away is
 * the connection's business (the reconnect restores what was wanted); any other failure marks the
 * services it was for as failed, saying what was being done.
 */
export function inBackground(ctx: RunContext, services: readonly string[], what: string, work: Promise<unknown>): void {
  work.catch((err: unknown) => {
    if (ctx.lifetime.aborted) return;
    if (isEngineError(err, 'engine-unreachable')) return ctx.connection.lost(err.message);
    for (const name of services)
      ctx.book.apply(name, { type: 'failed', why: { code: 'background-failed', what, error: describeError(err) } });
  });
}

/** A failure as a reason: the error's message and hint, and the engine's code when it has one. */
export function errorReason(err: unknown): Reason {
  const e = err as { message?: unknown; hint?: unknown; code?: unknown };
  return {
    code: 'error',
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.hint === 'string' && e.hint ? { hint: e.hint } : {}),
    ...(isEngineError(err) ? { errorCode: err.code } : {}),
  };
}

const urgencies = new WeakMap<DependencyGraph, Map<string, number>>();

/** How many services wait on `service`, directly or not: how urgent its start is when starts queue. */
export function urgencyOf(ctx: Pick<RunContext, 'graph'>, service: string): number {
  let known = urgencies.get(ctx.graph);
  if (!known) urgencies.set(ctx.graph, (known = new Map<string, number>()));
  let n = known.get(service);
  if (n === undefined) known.set(service, (n = dependentServices(ctx.graph, [service]).length - 1));
  return n;
}
