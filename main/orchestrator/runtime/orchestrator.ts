import { setMaxListeners } from 'node:events';
import type { Stack } from '../compose/model';
import { CRASH_LOOP_DEFAULTS } from '../compose/stackpilot-extension';
import type { AttachedIO, ContainerEvent, ContainerInfo, EngineInfo } from '../driver';
import type { LogHub } from '../logs/log-hub';
import { BringUp } from './bring-up';
import { mergedResults } from './up-result';
import type { UpResult } from './up-result';
import type { UpOptions } from './up-options';
import type { UpPlan } from './up-plan';
import { Circuits } from './crash-loop';
import { CrashSupervisor } from './crash-supervisor';
import { DependencyGate } from './dependency-gate';
import { EngineConnection } from './engine-connection';
import type { EngineStatus } from './engine-connection';
import { EventRouter } from './event-router';
import { ImageFetcher } from './image-fetch';
import type { InsidePort } from './inside-port';
import { Label } from './labels';
import { followStartedLogs, lostServices, readEngine, restartFollowers } from './reconcile';
import { runOneOff, startOneOff } from './one-off';
import type { OneOffOptions } from './one-off';
import {
  findOrphans,
  freezeServices,
  killServices,
  removeOrphans,
  removeStopped,
  stoppedContainers,
  waitForExit,
} from './container-ops';
import { serviceOf, unitKey } from './replicas';
import { inBackground } from './run-context';
import type { RunContext } from './run-context';
import { Scaling } from './scaling';
import { ServiceBook } from './service-book';
import type { ServiceSnapshot } from './service-state';
import { stopInOrder, takeDown } from './shutdown';
import { StartAttempts } from './start-attempts';

export type { UpResult } from './up-result';
export type { OrchestratorOptions } from './orchestrator-context';
import { firstContainerNames, runContext, stackServices } from './orchestrator-context';
import type { OrchestratorOptions } from './orchestrator-context';

/**
 * Runs one stack on the engine: brings services up in dependency order gated on readiness, stops
 * them in reverse order, restarts with dependents, and adopts what the engine already has. Every
 * state change goes to `onChange` listeners with a reason. A thin façade: operations run one at a
 * time through its queue; each concern is a module of its own (reconcile, image-fetch, start-checks,
 * dependency-gate, start-attempts, crash-supervisor, shutdown) over one RunContext.
 */
export class Orchestrator {
  /** The stack's logs, when `collectLogs` is on. */
  readonly logs: LogHub | undefined;
  private readonly ctx: RunContext;
  private readonly book: ServiceBook;
  private readonly events: EventRouter;
  private readonly connection: EngineConnection;
  private readonly lifetime = new AbortController();
  private readonly listeners = new Set<(s: ServiceSnapshot) => void>();
  private readonly circuits: Circuits;
  private readonly scaling: Scaling;
  private readonly images: ImageFetcher;
  private readonly bringUp: BringUp;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly stack: Stack,
    private readonly opts: OrchestratorOptions,
  ) {
    // Supervision of every service (restart backoffs, recoveries) waits on the lifetime: see bring-up.ts.
    setMaxListeners(0, this.lifetime.signal);
    const services = stackServices(stack);
    this.book = new ServiceBook(opts.clock, firstContainerNames(stack), opts.onIllegalTransition);
    this.events = new EventRouter(opts.driver, { [Label.project]: stack.name });
    this.connection = new EngineConnection(opts.driver, opts.clock, this.lifetime.signal, () => this.afterReconnect());
    this.events.onLost = (reason) => this.connection.lost(reason);
    this.ctx = runContext(stack, opts, services, {
      book: this.book,
      events: this.events,
      connection: this.connection,
      lifetime: this.lifetime.signal,
      scaledToZero: (name) => this.scaling.scaledToZero(name),
    });
    this.logs = this.ctx.logs;
    // Listeners hear of services as wholes: a change of any replica is a change of its service.
    this.book.subscribe((unit) => {
      const whole = this.ctx.serviceState(serviceOf(unit.name));
      if (whole) for (const l of this.listeners) l(whole);
    });
    this.scaling = new Scaling(this.ctx, stack);
    this.circuits = new Circuits((name) => stack.services[name]?.stackpilot.crashLoop ?? CRASH_LOOP_DEFAULTS);
    const gate = new DependencyGate(this.ctx);
    this.book.onChanged = (name) => gate.explainDependents(name);
    this.images = new ImageFetcher(this.ctx, (name) => gate.explain(name));
    this.bringUp = new BringUp(this.ctx, gate, this.images, new StartAttempts(this.ctx, this.circuits));
    const supervisor = new CrashSupervisor(this.ctx, this.circuits, (name) =>
      this.serialize(() => this.restartOne(name, this.lifetime.signal)),
    );
    this.events.onAny((e) => supervisor.onEngineEvent(e));
    if (this.logs) followStartedLogs(this.ctx, this.logs);
  }

  engineStatus(): EngineStatus {
    return this.connection.status;
  }

  onEngineStatus(listener: (s: EngineStatus) => void): () => void {
    return this.connection.onStatus(listener);
  }

  engineInfo(): EngineInfo {
    return this.opts.driver.info();
  }

  /** Every service as a whole (replicas aggregated; each one's state in `replicas`). */
  snapshot(): ServiceSnapshot[] {
    return Object.keys(this.stack.services).flatMap((name) => this.ctx.serviceState(name) ?? []);
  }

  get(name: string): ServiceSnapshot | undefined {
    return this.stack.services[name] ? this.ctx.serviceState(name) : undefined;
  }

  /** One replica's own state (1 is the first). */
  replica(name: string, replica: number): ServiceSnapshot | undefined {
    return this.book.get(unitKey(name, replica));
  }

  /** Containers numbered past their service's replica count, as last read (the next up removes them). */
  surplus(): { service: string; replica: number; containerName: string; state: string }[] {
    return this.scaling.surplus();
  }

  /** How many containers a service runs now. */
  replicaCount(name: string): number {
    return this.ctx.replicas.get(name) ?? 1;
  }

  onChange(listener: (s: ServiceSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.lifetime.abort();
    this.events.close();
    this.logs?.close();
  }

  private serialize<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The engine is back: re-read the truth, catch up the events missed, and bring back the services
   * that were up and whose containers died meanwhile (an engine restart is no crash of theirs).
   */
  private async afterReconnect(): Promise<void> {
    const { ctx } = this;
    await readEngine(ctx);
    await this.events.reopen();
    const lost = lostServices(ctx);
    if (lost.length > 0)
      inBackground(
        ctx,
        lost,
        'bringing back what the engine restart stopped',
        this.serialize(() => this.bringUp.up(lost, this.lifetime.signal)),
      );
  }

  /** Reads what the engine has for this project (started by Stackpilot or by compose) and adopts it. */
  refresh(): Promise<void> {
    return this.serialize(() => readEngine(this.ctx));
  }

  /**
   * Brings up `targets` (default: every active service) and what they need; resolves when all settle.
   * `scale` sets services' replica counts first (`stackpilot up --scale api=3`).
   */
  up(
    targets: readonly string[] = [],
    signal: AbortSignal = new AbortController().signal,
    scale: Readonly<Record<string, number>> = {},
    options: UpOptions = {},
  ): Promise<UpResult> {
    return this.scaled(scale, () => this.bringUp.up(targets, signal, options));
  }

  /**
   * What `up` with the same arguments would do, and why (`up --dry-run`): read from the engine,
   * nothing created, started or removed. `scale` sets the replica counts as up's does.
   */
  plan(
    targets: readonly string[] = [],
    scale: Readonly<Record<string, number>> = {},
    options: UpOptions = {},
  ): Promise<UpPlan> {
    return this.scaled(scale, () => this.bringUp.plan(targets, options));
  }

  /** `work` in turn, with these replica counts set first. */
  private scaled<T>(scale: Readonly<Record<string, number>>, work: () => Promise<T>): Promise<T> {
    return this.serialize(() => (this.scaling.set(scale), work()));
  }

  /** Runs `replicas` containers of a service: adds the missing numbers, or removes the highest. */
  scale(name: string, replicas: number, signal: AbortSignal = new AbortController().signal): Promise<UpResult> {
    return this.up([name], signal, { [name]: replicas });
  }

  /** Fetches every missing image without starting anything. */
  fetchImages(): Promise<{ service: string; image: string; error?: string }[]> {
    return this.images.fetchAll(this.lifetime.signal);
  }

  /** Closes an open crash-loop circuit (half-open: one more try) and starts the service again. */
  resetCircuit(name: string, signal: AbortSignal = new AbortController().signal): Promise<UpResult> {
    for (const unit of this.ctx.units(name)) {
      const circuit = this.circuits.of(unit);
      circuit.reset();
      this.book.apply(unit, { type: 'noted', why: { code: 'circuit-reset' }, patch: { circuit: circuit.state } });
    }
    return this.up([name], signal);
  }

  /** Stops services, dependents before what they depend on, in parallel where independent. */
  stop(targets: readonly string[] = [], timeoutSeconds?: number): Promise<void> {
    return this.serialize(async () => {
      await readEngine(this.ctx);
      await stopInOrder(this.ctx, targets.length > 0 ? [...targets] : [...this.ctx.graph.nodes], timeoutSeconds);
    });
  }

  /** Stops and removes the project's containers and networks (see takeDown); named volumes too when `volumes`. */
  down(
    opts: { volumes?: boolean; timeoutSeconds?: number; removeOrphans?: boolean; services?: readonly string[] } = {},
  ): Promise<string[]> {
    return this.serialize(async () => {
      await readEngine(this.ctx);
      return takeDown(this.ctx, opts);
    });
  }

  /** Makes the containers of `targets` (and what they need) without starting them. */
  create(
    targets: readonly string[] = [],
    options: UpOptions = {},
    signal: AbortSignal = new AbortController().signal,
  ): Promise<void> {
    return this.serialize(() => this.bringUp.create(targets, signal, options));
  }

  kill(targets: readonly string[], signal: string): Promise<string[]> {
    return this.serialize(() => killServices(this.ctx, targets, signal));
  }

  /** Freezes (`pause`) or thaws (`unpause`) the services' running containers; their names. */
  freeze(targets: readonly string[], action: 'pause' | 'unpause'): Promise<string[]> {
    return this.serialize(() => freezeServices(this.ctx, targets, action));
  }

  /** The stopped containers `rm` would remove, and removing them (see container-ops.ts). */
  stoppedContainers(targets: readonly string[]): Promise<ContainerInfo[]> {
    return this.serialize(() => stoppedContainers(this.ctx, targets));
  }

  remove(targets: readonly string[], opts: { stop?: boolean; volumes?: boolean }): Promise<string[]> {
    return this.serialize(() => removeStopped(this.ctx, targets, opts));
  }

  orphans(): Promise<ContainerInfo[]> {
    return findOrphans(this.ctx);
  }

  removeOrphans(timeoutSeconds?: number): Promise<string[]> {
    return this.serialize(() => removeOrphans(this.ctx, timeoutSeconds));
  }

  /** The project's containers of these services (all when none named), as the engine has them. */
  async containersOf(targets: readonly string[]): Promise<ContainerInfo[]> {
    const all = await this.opts.driver.listContainers({ [Label.project]: this.stack.name });
    return all
      .filter((c) => targets.length === 0 || targets.includes(c.labels[Label.service] ?? ''))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** What a watch did for a service: kept in its timeline, its state unchanged. */
  noteWatch(name: string, text: string): void {
    for (const unit of this.ctx.units(name)) this.book.apply(unit, { type: 'file-watch', text });
  }

  /** `run`: a one-off container of the service, attached to `io`; resolves with its exit code. */
  runOneOff(service: string, opts: OneOffOptions, io: AttachedIO): Promise<number> {
    return runOneOff(this.ctx, this.images, service, opts, io, this.lifetime.signal);
  }

  /** `run -d`: a one-off container of the service started in the background; its id. */
  startOneOff(service: string, opts: OneOffOptions): Promise<string> {
    return startOneOff(this.ctx, this.images, service, opts, this.lifetime.signal);
  }

  /** Looking into one container as the engine sees it (readings, processes, commands): nothing of the stack's state changes. */
  get inside(): InsidePort {
    return this.opts.driver;
  }

  /** Every engine event of this project's containers, as they come. */
  onEngineEvent(listener: (e: ContainerEvent) => void): () => void {
    void this.ctx.events.start();
    return this.events.onAny(listener);
  }

  /** Waits until every container of `targets` has exited; the last exit code (undefined: none to wait for). */
  waitForExit(targets: readonly string[], onExit: (name: string, code: number) => void): Promise<number | undefined> {
    return waitForExit(this.ctx, targets, onExit);
  }

  /**
   * Restarts a service, then the dependents that declare `depends_on.<it>.restart: true`, each once the
   * one before is ready again. `timeoutSeconds`: the stop's grace (restart -t), instead of each
   * service's stop_grace_period. `withDependents` false: the service alone, not the dependents that
   * ask to follow (`restart --no-deps`).
   */
  restart(
    name: string,
    signal: AbortSignal = new AbortController().signal,
    timeoutSeconds?: number,
    withDependents = true,
  ): Promise<UpResult> {
    return this.serialize(async () => {
      await readEngine(this.ctx);
      const result = await this.restartOne(name, signal, timeoutSeconds);
      if (!result.ok) return result;
      const followers = withDependents ? restartFollowers(this.ctx, name) : [];
      const rest = await Promise.all(followers.map((d) => this.restartOne(d, signal, timeoutSeconds)));
      return mergedResults([result, ...rest]);
    });
  }

  private async restartOne(name: string, signal: AbortSignal, timeoutSeconds?: number): Promise<UpResult> {
    await stopInOrder(this.ctx, [name], timeoutSeconds, { restarting: true });
    return this.bringUp.up([name], signal, { noDeps: true, restarting: true });
  }
}
