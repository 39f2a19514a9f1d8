import type { Service, Stack } from '../compose/model';
import type { ContainerDriver, ContainerInfo, ContainerSpec } from '../driver';
import type { Clock } from '../clock';
import { buildGraph } from '../graph';
import { LogHub } from '../logs/log-hub';
import type { LogHubOptions } from '../logs/log-hub';
import { homedir } from 'node:os';
import { localProviderHost } from './provider-host';
import type { Random } from './backoff';
import { containerSpec } from './container-spec';
import type { EngineConnection } from './engine-connection';
import type { EventRouter } from './event-router';
import type { ProviderHost } from './provider-host';
import { ProviderServices } from './providers';
import { aggregate, replicaOf, serviceOf, unitsOf } from './replicas';
import type { RunContext } from './run-context';
import { DEFAULT_CONCURRENCY, EnginePacing, FAST_READINESS_DEFAULTS } from './engine-pacing';
import type { FastReadinessOptions } from './engine-pacing';
import type { ServiceBook } from './service-book';
import type { ServiceSnapshot } from './service-state';
import { hostFor, localHost } from './start-checks';
import type { HostProbe } from './start-checks';

export interface OrchestratorOptions {
  driver: ContainerDriver;
  clock: Clock;
  /** The host's ports and paths, checked before a start (tests describe a host of their own). */
  host?: HostProbe;
  /** Engine calls (create, start) at once; independent services start in parallel up to this. */
  concurrency?: number;
  /** Jitter for retry backoff; tests pass a fixed sequence. */
  random?: Random;
  /** Follow every container's logs into `runner.logs` (the app does; a one-shot CLI command does not). */
  collectLogs?: boolean | Partial<LogHubOptions>;
  fastReadiness?: Partial<FastReadinessOptions>;
  /** Restart services that turn unhealthy after ready, unless one says otherwise (`x-stackpilot.restart_on_unhealthy`). Off by default, as compose. */
  restartOnUnhealthy?: boolean;
  /** Told of an event the state machine refused (a bug in the runner); tests make it throw. */
  onIllegalTransition?: (why: string) => void;
  /** Where provider services' programs are found and run (by default: on this machine, with this process's environment). */
  providers?: ProviderHost;
}

/** Services some dependent waits on with service_completed_successfully: jobs, done when they exit 0. */
function jobsOf(stack: Stack): Set<string> {
  return new Set(
    Object.values(stack.services).flatMap((s) =>
      Object.entries(s.dependsOn).flatMap(([n, d]) => (d.condition === 'service_completed_successfully' ? [n] : [])),
    ),
  );
}

/** A stack's services by name, how many replicas each runs, and each one's units (see replicas.ts). */
export interface StackServices {
  replicas: Map<string, number>;
  service: (name: string) => Service;
  units: (name: string) => string[];
}

export function stackServices(stack: Stack): StackServices {
  const replicas = new Map(Object.values(stack.services).map((s) => [s.name, s.replicas]));
  return {
    replicas,
    service: (name) => {
      const s = stack.services[name];
      if (!s) throw new Error(`unknown service ${name}`);
      return s;
    },
    units: (name) => unitsOf(name, replicas.get(name) ?? 1),
  };
}

/** Each first unit's container name, before the engine is read. */
export function firstContainerNames(stack: Stack): Map<string, string> {
  return new Map(
    Object.values(stack.services).flatMap((s) =>
      unitsOf(s.name, s.replicas).map((u): [string, string] => [u, containerSpec(stack, s, replicaOf(u)).name]),
    ),
  );
}

/** The parts of a run the orchestrator makes itself and shares with every module through the context. */
export interface RunParts {
  book: ServiceBook;
  events: EventRouter;
  connection: EngineConnection;
  lifetime: AbortSignal;
  /** A service scaled to zero, as a whole (it has no unit left to aggregate). */
  scaledToZero(name: string): ServiceSnapshot | undefined;
}

/** The one RunContext of an orchestrator: what every module of a run reads and shares. */
export function runContext(
  stack: Stack,
  opts: OrchestratorOptions,
  services: StackServices,
  parts: RunParts,
): RunContext {
  const { service, units, replicas } = services;
  const specs = new Map<string, ContainerSpec>();
  // What a provider sets goes into its dependents' containers: specs made before it are made again.
  const providers = new ProviderServices(
    { stack, book: parts.book, service },
    opts.providers ?? localProviderHost(process.env, homedir()),
    () => specs.clear(),
  );
  // What the providers a service depends on set goes in with its own variables, as compose puts it.
  const specOf = (unit: string, s = service(serviceOf(unit))): ContainerSpec =>
    containerSpec(stack, { ...s, environment: providers.environmentOf(s) }, replicaOf(unit));
  return {
    stack,
    driver: opts.driver,
    clock: opts.clock,
    random: opts.random ?? Math.random,
    host: hostFor(opts.driver, opts.host ?? localHost),
    graph: buildGraph(stack.services),
    restartOnUnhealthy: opts.restartOnUnhealthy ?? false,
    pacing: new EnginePacing(
      opts.clock,
      { ...FAST_READINESS_DEFAULTS, ...opts.fastReadiness },
      opts.concurrency ?? DEFAULT_CONCURRENCY,
    ),
    events: parts.events,
    connection: parts.connection,
    logs: opts.collectLogs
      ? new LogHub(opts.driver, opts.clock, typeof opts.collectLogs === 'object' ? opts.collectLogs : {})
      : undefined,
    lifetime: parts.lifetime,
    book: parts.book,
    containers: new Map<string, ContainerInfo>(),
    surplus: new Map(),
    replicas,
    spec: (unit) => specs.get(unit) ?? specs.set(unit, specOf(unit)).get(unit) ?? specOf(unit),
    units,
    serviceState: (name) =>
      aggregate(
        name,
        units(name).flatMap((u) => parts.book.get(u) ?? []),
      ) ?? parts.scaledToZero(name),
    jobs: jobsOf(stack),
    starting: new Set(),
    unmet: new Map(),
    desired: new Set(),
    service,
    providers,
  };
}
