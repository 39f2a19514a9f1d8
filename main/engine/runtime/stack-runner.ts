import { existsSync } from 'node:fs';
import { BindSourceMissing, BuildContextMissing, BuildFailed, PortTaken, describeError, isEngineError } from '../errors';
import type { Clock } from '../clock';
import type { DependencyCondition, Service, Stack } from '../compose/model';
import type { ContainerDriver, ContainerEvent, ContainerInfo, ContainerSpec, EngineInfo } from '../driver';
import { buildGraph, requiredServices } from '../graph';
import type { DependencyGraph } from '../graph';
import { ContainerWatch } from './container-watch';
import { containerSpec, imageName, stackpilotHashOf } from './container-spec';
import { EngineConnection } from './engine-connection';
import type { EngineStatus } from './engine-connection';
import { EventRouter } from './event-router';
import { LogHub } from '../logs/log-hub';
import type { LogHubOptions } from '../logs/log-hub';
import { ExecProbe } from '../probes/exec-probe';
import { Label } from './labels';
import { FAST_READINESS_DEFAULTS, describeReady, readinessRule, waitUntilReady } from './readiness';
import type { FastReadinessOptions } from './readiness';
import { ensureResources, removeResources } from './resources';
import { Semaphore } from './semaphore';
import { takenPorts } from './port-preflight';
import { CRASH_LOOP_DEFAULTS, RETRY_DEFAULTS } from '../compose/stackpilot-extension';
import { backoffDelay } from './backoff';
import type { Random } from './backoff';
import { CrashLoopCircuit } from './crash-loop';
import { describeExit, formatMs, initialSnapshot, withStatus } from './service-state';
import type { ServiceSnapshot, ServiceStatus } from './service-state';

export interface RunnerOptions {
  driver: ContainerDriver;
  clock: Clock;
  /** Engine calls (create, start) at once; independent services start in parallel up to this. */
  concurrency?: number;
  /** Jitter for retry backoff; tests pass a fixed sequence. */
  random?: Random;
  /** Follow every container's logs into `runner.logs` (the app does; a one-shot CLI command does not). */
  collectLogs?: boolean | Partial<LogHubOptions>;
  fastReadiness?: Partial<FastReadinessOptions>;
}

export interface UpResult {
  ok: boolean;
  aborted: boolean;
  /** Services that did not come up, with the reason. */
  problems: { service: string; status: ServiceStatus; reason: string }[];
}

type Outcome = 'ready' | 'completed' | 'failed' | 'blocked' | 'aborted';

type AttemptResult =
  | { kind: 'ready' | 'completed' | 'aborted' }
  | { kind: 'failed'; reason: string; lastLines: string[]; exitCode?: number; retryable: boolean };

interface PreparedContainer {
  id: string;
  /** Set when the container existed already (adopted). */
  info?: ContainerInfo;
  /** Set when this start-up created it. */
  createdAt?: number;
}

interface Task {
  started: Promise<boolean>;
  done: Promise<Outcome>;
}

const CONDITION_WORDS: Record<DependencyCondition, string> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

const LAST_LINES = 20;

/**
 * Runs one stack on the engine: brings services up in dependency order gated on readiness, stops
 * them in reverse order, restarts with dependents, and adopts what the engine already has. Every
 * state change goes to `onChange` listeners with a reason. Operations run one at a time.
 */
export class StackRunner {
  private readonly snapshots = new Map<string, ServiceSnapshot>();
  private readonly listeners = new Set<(s: ServiceSnapshot) => void>();
  private readonly containers = new Map<string, ContainerInfo>();
  private readonly specs = new Map<string, ContainerSpec>();
  private readonly events: EventRouter;
  private readonly connection: EngineConnection;
  /** The stack's logs, when `collectLogs` is on. */
  readonly logs: LogHub | undefined;
  private readonly semaphore: Semaphore;
  private readonly graph: DependencyGraph;
  private readonly fast: FastReadinessOptions;
  /** Services some dependent waits on with service_completed_successfully: jobs, done when they exit 0. */
  private readonly jobs: Set<string>;
  /** Services in a start-up wait right now (their state is driven by that wait, not by stray events). */
  private readonly starting = new Set<string>();
  private readonly unmet = new Map<string, Set<string>>();
  /** Pulls and builds in flight, by image: services that share an image wait for one fetch of it. */
  private readonly imageWork = new Map<string, Promise<void>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly circuits = new Map<string, CrashLoopCircuit>();
  /** Services the user wants up (brought up and not stopped since): what a reconnect restores. */
  private readonly desired = new Set<string>();
  /** Aborted by close(): background supervision (restarts, recoveries) ends with the runner. */
  private readonly lifetime = new AbortController();
  private readonly random: Random;

  constructor(
    readonly stack: Stack,
    private readonly opts: RunnerOptions,
  ) {
    const at = opts.clock.now();
    for (const s of Object.values(stack.services)) {
      const spec = containerSpec(stack, s);
      this.specs.set(s.name, spec);
      this.snapshots.set(s.name, initialSnapshot(s.name, spec.name, at));
    }
    this.graph = buildGraph(stack.services);
    this.fast = { ...FAST_READINESS_DEFAULTS, ...opts.fastReadiness };
    this.random = opts.random ?? Math.random;
    this.semaphore = new Semaphore(opts.concurrency ?? 8);
    this.jobs = new Set(
      Object.values(stack.services).flatMap((s) =>
        Object.entries(s.dependsOn)
          .filter(([, d]) => d.condition === 'service_completed_successfully')
          .map(([n]) => n),
      ),
    );
    this.events = new EventRouter(opts.driver, { [Label.project]: stack.name });
    this.events.onAny((e) => this.onEngineEvent(e));
    this.connection = new EngineConnection(opts.driver, opts.clock, this.lifetime.signal, () => this.afterReconnect());
    this.events.onLost = (reason) => this.connection.lost(reason);
    if (opts.collectLogs) {
      this.logs = new LogHub(opts.driver, opts.clock, typeof opts.collectLogs === 'object' ? opts.collectLogs : {});
      // A container that starts (again) is followed from where its logs were left.
      this.events.onAny((e) => {
        const service = e.labels[Label.service];
        if (e.action === 'start' && service && this.snapshots.has(service)) this.logs?.follow(service, e.containerId, true);
      });
    }
  }

  engineStatus(): EngineStatus {
    return this.connection.status;
  }

  onEngineStatus(listener: (s: EngineStatus) => void): () => void {
    return this.connection.onStatus(listener);
  }

  /**
   * The engine is back: re-read the truth, treat services that were up and whose containers died
   * meanwhile as crashed (so supervision restarts them), and catch up the events missed.
   */
  private async afterReconnect(): Promise<void> {
    await this.readEngine();
    await this.events.reopen();
    // What was wanted up and is not running now (an engine restart stops containers) comes back up.
    const lost = [...this.desired].filter((name) => {
      const info = this.containers.get(name);
      const doneJob = this.jobs.has(name) && info?.state === 'exited' && info.exitCode === 0;
      return !this.starting.has(name) && !doneJob && info?.state !== 'running' && info?.state !== 'restarting';
    });
    if (lost.length > 0) this.inBackground(lost, 'bringing back what the engine restart stopped', this.serialize(() => this.doUp(lost, this.lifetime.signal)));
  }

  engineInfo(): EngineInfo {
    return this.opts.driver.info();
  }

  snapshot(): ServiceSnapshot[] {
    return [...this.snapshots.values()];
  }

  get(name: string): ServiceSnapshot | undefined {
    return this.snapshots.get(name);
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

  /**
   * Work nobody awaits (supervision, recoveries): its failure is never lost. The engine going away is
   * the connection's business (the reconnect restores what was wanted); any other failure marks the
   * services it was for as failed, saying what was being done.
   */
  private inBackground(services: readonly string[], what: string, work: Promise<unknown>): void {
    work.catch((err: unknown) => {
      if (this.lifetime.signal.aborted) return;
      if (isEngineError(err, 'engine-unreachable')) return this.connection.lost(err.message);
      for (const name of services) this.set(name, 'failed', `${what} failed: ${describeError(err)}`);
    });
  }

  private serialize<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private set(name: string, status: ServiceStatus, reason: string, patch: Partial<ServiceSnapshot> = {}): void {
    const current = this.snapshots.get(name);
    if (!current) return;
    // Nothing new: no snapshot, no listener call (probes repeat the same reason often).
    if (current.status === status && current.reason === reason && Object.keys(patch).length === 0) return;
    const next = withStatus(current, status, reason, this.opts.clock.now(), patch);
    this.snapshots.set(name, next);
    for (const l of this.listeners) l(next);
    // A change of this service may change what its waiting dependents say.
    for (const [waiter, deps] of this.unmet) if (deps.has(name)) this.explainWait(waiter);
  }

  // ---- reading the engine

  /** Reads what the engine has for this project (started by Stackpilot or by compose) and adopts it. */
  refresh(): Promise<void> {
    return this.serialize(() => this.readEngine());
  }

  private async readEngine(): Promise<void> {
    const list = await this.opts.driver.listContainers({ [Label.project]: this.stack.name });
    this.containers.clear();
    for (const info of list) {
      const service = info.labels[Label.service];
      if (!service || !this.stack.services[service] || info.labels[Label.oneoff] === 'True') continue;
      const known = this.containers.get(service);
      // Two containers for one service (say, compose v1's and ours): the running one counts.
      if (!known || (known.state !== 'running' && info.state === 'running')) this.containers.set(service, info);
    }
    await Promise.all([...this.containers.entries()].map(([name, info]) => this.checkStartingHealth(name, info)));
    for (const [name, info] of this.containers) {
      if (this.logs && (info.state === 'running' || info.state === 'restarting')) this.logs.follow(name, info.id);
    }
    for (const name of this.snapshots.keys()) {
      if (this.starting.has(name)) continue;
      const info = this.containers.get(name);
      const outdated = info ? this.isOutdated(name, info) : false;
      if (!info) this.set(name, 'defined', 'no container yet', { outdated: false });
      else this.set(name, ...this.statusOf(name, info), { containerId: info.id, containerName: info.name, outdated, ...(info.health ? { health: info.health } : {}), ...(info.exitCode !== undefined ? { exitCode: info.exitCode } : {}) });
    }
  }

  /**
   * Docker says "starting" until its next scheduled check, which may be an `interval` away. Run the
   * service's own test once now: if it passes, the service is ready, whatever Docker says yet.
   */
  private async checkStartingHealth(name: string, info: ContainerInfo): Promise<void> {
    const test = this.stack.services[name]?.healthcheck?.test;
    if (info.state !== 'running' || info.health !== 'starting' || !test || !this.fast.enabled || this.starting.has(name)) return;
    const result = await new ExecProbe(this.opts.driver, info.id, test, 2000).check();
    if (result.ok) this.containers.set(name, { ...info, health: 'healthy', healthLog: [{ exitCode: 0, output: 'passed when Stackpilot ran the health check (Docker still says starting)', at: this.opts.clock.now() }] });
  }

  private statusOf(name: string, info: ContainerInfo): [ServiceStatus, string] {
    if (info.state === 'running' || info.state === 'restarting') {
      if (info.health === 'healthy') return ['ready', info.healthLog?.at(-1)?.output.startsWith('passed when Stackpilot') ? 'running; health check passes (Docker still says starting)' : 'running (healthy)'];
      if (info.health === 'unhealthy') return ['unhealthy', `running, unhealthy: ${info.healthLog?.at(-1)?.output.trim() ?? 'health check failing'}`];
      if (info.health === 'starting') return ['starting', 'running; health check starting'];
      return ['ready', info.state === 'restarting' ? 'restarting' : 'running'];
    }
    if (info.state === 'created') return ['stopped', 'created, never started'];
    if (info.exitCode === 0 && (this.jobs.has(name) || readinessRule(this.service(name)) === 'running')) return ['completed', 'exited with code 0'];
    if (info.exitCode === 143 || info.exitCode === 137 || info.exitCode === 0) return ['stopped', describeExit(info.exitCode, info.oomKilled)];
    return ['failed', describeExit(info.exitCode, info.oomKilled)];
  }

  /** Drift: our own hash when we made the container; for containers compose made, at least the image. */
  private isOutdated(name: string, info: ContainerInfo): boolean {
    const spec = this.specs.get(name);
    if (!spec) return false;
    const ours = stackpilotHashOf(info.labels);
    return ours !== undefined ? ours !== stackpilotHashOf(spec.labels) : info.image !== spec.image;
  }

  private circuit(name: string): CrashLoopCircuit {
    let c = this.circuits.get(name);
    if (!c) {
      c = new CrashLoopCircuit(this.stack.services[name]?.stackpilot.crashLoop ?? CRASH_LOOP_DEFAULTS);
      this.circuits.set(name, c);
    }
    return c;
  }

  private service(name: string): Service {
    const s = this.stack.services[name];
    if (!s) throw new Error(`unknown service ${name}`);
    return s;
  }

  // ---- up

  /** Brings up `targets` (default: every active service) and what they need; resolves when all settle. */
  up(targets: readonly string[] = [], signal: AbortSignal = new AbortController().signal): Promise<UpResult> {
    return this.serialize(() => this.doUp(targets, signal));
  }

  /**
   * With `onlyTargets`, dependencies are not (re)started: they count as they are now (restart uses this,
   * so restarting the API does not re-run the migration it depends on).
   */
  private async doUp(targets: readonly string[], signal: AbortSignal, onlyTargets = false): Promise<UpResult> {
    await this.connection.whenConnected(signal);
    await this.events.start();
    this.connection.watch();
    await this.readEngine();
    const wanted = onlyTargets ? [...targets] : targets.length > 0 ? requiredServices(this.graph, targets) : [...this.graph.nodes];
    for (const name of wanted) this.desired.add(name);
    await ensureResources(this.opts.driver, this.stack, wanted.map((n) => this.service(n)));
    const tasks = new Map<string, Task>();
    const run = (name: string): Task => {
      let task = tasks.get(name);
      if (!task && !wanted.includes(name)) {
        task = this.taskFromState(name);
        tasks.set(name, task);
      }
      if (!task) {
        let markStarted!: (ok: boolean) => void;
        const started = new Promise<boolean>((r) => (markStarted = r));
        task = { started, done: this.bringUp(name, run, markStarted, signal) };
        tasks.set(name, task);
      }
      return task;
    };
    const outcomes = await Promise.all(wanted.map((n) => run(n).done));
    const problems = wanted
      .map((n) => this.snapshots.get(n))
      .filter((s): s is ServiceSnapshot => s !== undefined && (s.status === 'failed' || s.status === 'blocked' || s.status === 'unhealthy'))
      .map((s) => ({ service: s.name, status: s.status, reason: s.reason }));
    const aborted = outcomes.includes('aborted');
    return { ok: problems.length === 0 && !aborted, aborted, problems };
  }

  /** A dependency left as it is: its current state answers the conditions. */
  private taskFromState(name: string): Task {
    const status = this.snapshots.get(name)?.status;
    const done: Outcome = status === 'ready' ? 'ready' : status === 'completed' ? 'completed' : 'failed';
    return { started: Promise.resolve(status === 'ready' || status === 'completed' || status === 'starting'), done: Promise.resolve(done) };
  }

  private async bringUp(name: string, run: (n: string) => Task, markStarted: (ok: boolean) => void, signal: AbortSignal): Promise<Outcome> {
    // The engine going away mid-start is a pause, not a failure: wait for it, then carry on.
    for (let lost = 0; ; lost++) {
      try {
        return await this.bringUpOnce(name, run, markStarted, signal);
      } catch (err) {
        if (!isEngineError(err, 'engine-unreachable') || lost >= 5 || signal.aborted) throw err;
        this.connection.lost((err as Error).message);
        this.set(name, 'waiting', `the engine is unreachable; carrying on when it is back (${(err as Error).message})`);
        await this.connection.whenConnected(signal);
        await this.readEngine();
      }
    }
  }

  private async bringUpOnce(name: string, run: (n: string) => Task, markStarted: (ok: boolean) => void, signal: AbortSignal): Promise<Outcome> {
    const service = this.service(name);
    const spec = this.specs.get(name) as ContainerSpec;
    this.starting.add(name);
    // The image and the container are made while the dependencies come up: only the start waits on them.
    const prepared = this.ensureImage(service, spec, signal).then(() => this.prepareContainer(service, spec));
    try {
      const depsOk = await Promise.race([this.waitForDependencies(service, run), prepared.then(() => new Promise<never>(() => undefined))]);
      if (!depsOk || signal.aborted) {
        markStarted(false);
        await this.discard(prepared);
        return depsOk ? 'aborted' : 'blocked';
      }
      return await this.startAndWait(service, await prepared, markStarted, signal);
    } catch (err) {
      if (isEngineError(err, 'engine-unreachable')) throw err;
      markStarted(false);
      this.set(name, 'failed', describeError(err), err instanceof BuildFailed && err.buildLog.length > 0 ? { lastLines: err.buildLog.slice(-LAST_LINES) } : {});
      return 'failed';
    } finally {
      this.starting.delete(name);
      this.unmet.delete(name);
    }
  }

  /** The container to start: the existing one if it is up to date, else a new one (an outdated one is removed). */
  private async prepareContainer(service: Service, spec: ContainerSpec): Promise<PreparedContainer> {
    const name = service.name;
    let info = this.containers.get(name);
    if (info && this.isOutdated(name, info)) {
      await this.opts.driver.removeContainer(info.id);
      info = undefined;
    }
    if (info) return { id: info.id, info };
    await this.preflight(service);
    if (!this.unmet.get(name)?.size) this.set(name, 'starting', 'creating the container');
    const id = await this.semaphore.run(() => this.opts.driver.createContainer(spec));
    return { id, createdAt: this.opts.clock.now() };
  }

  /**
   * What would make the start fail for certain, checked before the container exists: host ports held
   * by something else, bind-mount sources that do not exist (and are not to be created).
   */
  private async preflight(service: Service): Promise<void> {
    const taken = await takenPorts(service.ports);
    if (taken.length > 0) throw new PortTaken(taken, { service: service.name });
    for (const v of service.volumes) {
      if (v.type === 'bind' && v.source && v.bind?.createHostPath === false && !existsSync(v.source)) throw new BindSourceMissing(v.source, v.target);
    }
  }

  /** A container made for a service that will not start after all (blocked, aborted) is not left behind. */
  private async discard(prepared: Promise<PreparedContainer>): Promise<void> {
    const made = await prepared.catch(() => undefined);
    if (made?.createdAt !== undefined) await this.opts.driver.removeContainer(made.id).catch(() => undefined);
  }

  private async ensureImage(service: Service, spec: ContainerSpec, signal: AbortSignal): Promise<boolean> {
    if (await this.opts.driver.hasImage(spec.image)) return true;
    await this.fetchImage(service, spec, signal);
    this.set(service.name, 'starting', `image ${spec.image} is ready`, { progress: undefined });
    this.explainWait(service.name);
    return true;
  }

  /** Pulls or builds a service's image, sharing the work with services that name the same image. */
  private fetchImage(service: Service, spec: ContainerSpec, signal: AbortSignal): Promise<void> {
    // As compose does: when services share an image name, the one with a build section makes it.
    const builder = service.build ? service : Object.values(this.stack.services).find((s) => s.build && imageName(this.stack, s) === spec.image);
    let work = this.imageWork.get(spec.image);
    if (work) {
      this.set(service.name, builder ? 'building' : 'pulling', `waiting for ${spec.image}, being ${builder ? 'built' : 'pulled'} for another service`);
    } else {
      work = (builder ? this.buildImage(builder, service.name, spec.image, signal) : this.pullImage(service.name, spec.image, signal)).finally(() => this.imageWork.delete(spec.image));
      this.imageWork.set(spec.image, work);
    }
    return work;
  }

  /**
   * Fetches every missing image without starting anything (the onboarding checklist's step before
   * Start). Services show `pulling` / `building` with progress meanwhile, then go back to their state.
   */
  async fetchImages(): Promise<{ service: string; image: string; error?: string }[]> {
    const signal = this.lifetime.signal;
    const results = await Promise.all(
      Object.values(this.stack.services).map(async (service) => {
        const spec = this.specs.get(service.name);
        if (!spec || (await this.opts.driver.hasImage(spec.image))) return undefined;
        const before = this.snapshots.get(service.name);
        const restore = (reason: string): void => {
          if (before) this.set(service.name, before.status, reason, { progress: undefined });
        };
        try {
          await this.fetchImage(service, spec, signal);
          restore(`image ${spec.image} is ready`);
          return { service: service.name, image: spec.image };
        } catch (err) {
          restore(`could not fetch ${spec.image}: ${(err as Error).message}`);
          return { service: service.name, image: spec.image, error: describeError(err) };
        }
      }),
    );
    return results.filter((r): r is NonNullable<typeof r> => r !== undefined);
  }

  private async buildImage(builder: Service, shownOn: string, image: string, signal: AbortSignal): Promise<void> {
    const build = builder.build;
    if (!build) return;
    if (!/^[a-z]+:\/\//.test(build.context) && !existsSync(build.context)) {
      throw new BuildContextMissing(image, build.context);
    }
    this.set(shownOn, 'building', `building ${image} from ${build.context}`);
    const args = Object.fromEntries(Object.entries(build.args).filter((e): e is [string, string] => e[1] !== null));
    await this.opts.driver.buildImage(
      { context: build.context, dockerfile: build.dockerfile, args, ...(build.target ? { target: build.target } : {}), tag: image, labels: { [Label.project]: this.stack.name } },
      (p) => this.set(shownOn, 'building', `building ${image}: ${p.message}`, { progress: p }),
      signal,
    );
  }

  private async pullImage(shownOn: string, image: string, signal: AbortSignal): Promise<void> {
    this.set(shownOn, 'pulling', `pulling ${image}`);
    await this.opts.driver.pullImage(
      image,
      (p) => this.set(shownOn, 'pulling', `pulling ${image}${p.total ? `: ${Math.round(((p.current ?? 0) / p.total) * 100)}%` : ''}`, { progress: p }),
      signal,
    );
  }

  private async waitForDependencies(service: Service, run: (n: string) => Task): Promise<boolean> {
    const deps = Object.entries(service.dependsOn);
    if (deps.length === 0) return true;
    this.unmet.set(service.name, new Set(deps.map(([d]) => d)));
    this.explainWait(service.name);
    const results = await Promise.all(
      deps.map(async ([dep, d]) => {
        const task = run(dep);
        const ok = d.condition === 'service_started' ? await task.started : (await task.done) === (d.condition === 'service_healthy' ? 'ready' : 'completed');
        if (ok) {
          this.unmet.get(service.name)?.delete(dep);
          this.explainWait(service.name);
        }
        return { dep, condition: d.condition, ok };
      }),
    );
    const failed = results.find((r) => !r.ok);
    if (!failed) return true;
    // The start-up may have ended meanwhile (the image failed): then its state says why, not this.
    if (!this.starting.has(service.name)) return false;
    const snap = this.snapshots.get(failed.dep);
    this.set(service.name, 'blocked', `waiting for ${failed.dep} (${CONDITION_WORDS[failed.condition]}), which ${snap?.status === 'completed' ? 'completed instead' : `is ${snap?.status ?? 'unknown'}`}: ${snap?.reason ?? ''}`);
    return false;
  }

  /** The wait explainer: what a waiting service waits on, and where each dependency is. */
  private explainWait(name: string): void {
    const pending = this.unmet.get(name);
    const current = this.snapshots.get(name);
    if (!pending || pending.size === 0 || !current || current.status === 'pulling' || current.status === 'building') return;
    const service = this.stack.services[name];
    const parts = [...pending].map((dep) => {
      const snap = this.snapshots.get(dep);
      const cond = service?.dependsOn[dep]?.condition ?? 'service_started';
      if (!snap) return `${dep} (${CONDITION_WORDS[cond]}): unknown`;
      // A dependency that waits itself says on what, not its whole chain: each service explains its own wait.
      const theirs = this.unmet.get(dep);
      const detail = snap.status === 'waiting' && theirs && theirs.size > 0 ? `waiting for ${[...theirs].join(', ')}` : `${snap.status}${snap.reason ? ` — ${snap.reason}` : ''}`;
      return `${dep} (${CONDITION_WORDS[cond]}): ${detail}`;
    });
    this.set(name, 'waiting', `waiting for ${parts.join('; ')}`);
  }

  /**
   * Starts the container and waits for it, retrying failed attempts (exited before ready, unhealthy,
   * too slow) with exponential backoff and jitter, up to `x-stackpilot.retry.attempts`.
   */
  private async startAndWait(service: Service, prepared: PreparedContainer, markStarted: (ok: boolean) => void, signal: AbortSignal): Promise<Outcome> {
    const { driver, clock } = this.opts;
    const name = service.name;
    const policy = service.stackpilot.retry ?? RETRY_DEFAULTS;
    let info = prepared.info;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(service, { ...prepared, ...(info ? { info } : {}) }, markStarted, signal, attempt, policy.attempts);
      if (result.kind !== 'failed') return result.kind;
      const patch = { lastLines: result.lastLines, ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}) };
      if (!result.retryable || attempt >= policy.attempts) {
        const tries = attempt > 1 ? ` (after ${attempt} attempts)` : '';
        this.set(name, 'failed', `${result.reason}${tries}`, { ...patch, attempt, maxAttempts: policy.attempts, nextAttemptAt: undefined });
        return 'failed';
      }
      const delay = backoffDelay(attempt, policy, this.random);
      this.set(name, 'backoff', `attempt ${attempt}/${policy.attempts} failed: ${result.reason}; next try in ${formatMs(delay)}`, {
        ...patch,
        attempt,
        maxAttempts: policy.attempts,
        nextAttemptAt: clock.now() + delay,
      });
      try {
        await clock.sleep(delay, signal);
      } catch {
        return 'aborted';
      }
      // A container still running (unhealthy, too slow) is stopped before the next try.
      const now = await driver.inspectContainer(prepared.id);
      if (now?.state === 'running') await driver.stopContainer(prepared.id, 2);
      info = undefined;
    }
  }

  private async attempt(
    service: Service,
    prepared: PreparedContainer,
    markStarted: (ok: boolean) => void,
    signal: AbortSignal,
    attempt: number,
    attempts: number,
  ): Promise<AttemptResult> {
    const { driver, clock } = this.opts;
    const name = service.name;
    const { id, info, createdAt } = prepared;
    const watch = new ContainerWatch(this.events, id);
    const nth = attempt > 1 ? ` (attempt ${attempt}/${attempts})` : '';
    try {
      const running = info?.state === 'running';
      const startRequestedAt = running ? (info?.startedAt ?? clock.now()) : clock.now();
      if (!running) {
        this.set(name, 'starting', `starting the container${nth}`, { containerId: id, outdated: false });
        await this.semaphore.run(() => driver.startContainer(id));
      }
      this.logs?.follow(name, id);
      const startedAt = running ? startRequestedAt : clock.now();
      markStarted(true);
      const expectExit = this.jobs.has(name);
      const rule = readinessRule(service);
      this.set(name, 'starting', `${expectExit ? 'running; waiting for it to finish' : rule === 'running' ? 'running' : `running; waiting for ${rule === 'healthcheck' ? 'the health check' : 'the ready probe'}`}${nth}`, {
        containerId: id,
        startedAt,
        startRequestedAt,
        ...(createdAt !== undefined ? { createdAt } : {}),
        outdated: false,
        nextAttemptAt: undefined,
      });
      watch.seed(await driver.inspectContainer(id), clock.now());
      const outcome = await waitUntilReady({ driver, clock, service, watch, startedAt, expectExit, fast: this.fast, signal, onProgress: (reason) => this.set(name, 'starting', `${reason}${nth}`) });
      switch (outcome.kind) {
        case 'ready':
          this.circuit(name).recordSuccess();
          this.set(name, 'ready', `${describeReady(outcome, startedAt)}${nth}`, { readyAt: outcome.at, health: 'healthy', ...(this.snapshots.get(name)?.circuit ? { circuit: this.circuit(name).state } : {}) });
          return { kind: 'ready' };
        case 'exited': {
          if (outcome.exitCode === 0 && (expectExit || rule === 'running')) {
            this.set(name, 'completed', `exited with code 0 after ${formatMs(outcome.at - startedAt)}${nth}`, { exitCode: 0 });
            return { kind: 'completed' };
          }
          const when = expectExit ? '' : outcome.exitCode === 0 ? ' before it was ready (it should keep running)' : ' before it was ready';
          return { kind: 'failed', reason: `${describeExit(outcome.exitCode, outcome.oomKilled)}${when}`, exitCode: outcome.exitCode, lastLines: await this.lastLines(id), retryable: true };
        }
        case 'unhealthy':
          return { kind: 'failed', reason: `unhealthy while starting: ${outcome.detail}`, lastLines: await this.lastLines(id), retryable: !outcome.permanent };
        case 'timeout':
          return { kind: 'failed', reason: `not ready within ${formatMs(outcome.afterMs)} (startup_timeout)${outcome.detail ? `; last ${outcome.detail}` : ''}`, lastLines: await this.lastLines(id), retryable: true };
        case 'aborted':
          return { kind: 'aborted' };
      }
    } finally {
      watch.close();
    }
  }

  private lastLines(id: string): Promise<string[]> {
    return new Promise((resolve) => {
      const lines: string[] = [];
      this.opts.driver.logs(id, { follow: false, tail: LAST_LINES }, (l) => lines.push(l.text), () => resolve(lines.slice(-LAST_LINES)));
    });
  }

  /** Keeps settled services' states true to the engine between commands, and supervises crashes. */
  private onEngineEvent(e: ContainerEvent): void {
    const name = e.labels[Label.service];
    if (!name || !this.snapshots.has(name) || this.starting.has(name) || this.lifetime.signal.aborted) return;
    const snap = this.snapshots.get(name);
    if (!snap || snap.containerId !== e.containerId || snap.status === 'stopping') return;
    if (e.action === 'die') {
      if (e.exitCode === 0 && this.jobs.has(name)) this.set(name, 'completed', 'exited with code 0', { exitCode: 0 });
      else if (snap.status === 'ready' || snap.status === 'unhealthy') this.onCrash(name, e.containerId, e.exitCode);
    } else if (e.action === 'health_status' && e.health === 'unhealthy' && snap.status === 'ready') {
      this.set(name, 'unhealthy', 'the health check started failing', { health: 'unhealthy' });
    } else if (e.action === 'health_status' && e.health === 'healthy' && snap.status === 'unhealthy') {
      this.set(name, 'ready', 'healthy again', { health: 'healthy' });
    } else if (e.action === 'start' && (snap.status === 'failed' || snap.status === 'stopped' || snap.status === 'starting' || snap.status === 'backoff')) {
      this.inBackground([name], 'following its restart', this.recover(name, e.containerId, 'restarted by the engine (restart policy)'));
    }
  }

  /**
   * A service that was ready has died. Count it against the crash-loop circuit; then let the engine's
   * restart policy bring it back, or restart it after a backoff, or (circuit open) stop it for good.
   */
  private onCrash(name: string, containerId: string, exitCode: number | undefined): void {
    const { clock, driver } = this.opts;
    const circuit = this.circuit(name);
    const now = clock.now();
    const what = `${describeExit(exitCode)} unexpectedly`;
    const keepLines = (): void =>
      void this.lastLines(containerId).then((lastLines) => {
        const current = this.snapshots.get(name);
        if (current?.containerId === containerId) this.set(name, current.status, current.reason, { lastLines });
      });
    if (circuit.recordRestart(now) === 'open') {
      this.set(name, 'failed', `crash loop: ${what}; ${circuit.describe(now)}. Stopped; reset the circuit to try again`, { ...(exitCode !== undefined ? { exitCode } : {}), circuit: 'open' });
      keepLines();
      // Stop the engine's own restart policy from going round again.
      this.inBackground([name], 'stopping the crash loop', driver.stopContainer(containerId, 1));
      return;
    }
    const service = this.service(name);
    const policy = service.restart;
    if (policy === 'always' || policy === 'unless-stopped' || (policy?.startsWith('on-failure') && exitCode !== 0)) {
      this.set(name, 'starting', `${what}; the engine restarts it (restart: ${policy}; ${circuit.describe(now)})`, exitCode !== undefined ? { exitCode } : {});
      keepLines();
      return;
    }
    const delay = backoffDelay(circuit.count(now), service.stackpilot.retry ?? RETRY_DEFAULTS, this.random);
    this.set(name, 'backoff', `${what}; restarting in ${formatMs(delay)} (${circuit.describe(now)})`, { ...(exitCode !== undefined ? { exitCode } : {}), nextAttemptAt: now + delay, attempt: undefined, maxAttempts: undefined });
    keepLines();
    void clock
      .sleep(delay, this.lifetime.signal)
      .then(async () => {
        if (this.snapshots.get(name)?.status !== 'backoff') return;
        await driver.startContainer(containerId);
        await this.recover(name, containerId, `restarted after ${what.replace(' unexpectedly', '')}`);
      })
      .catch(async (err: unknown) => {
        if (this.lifetime.signal.aborted) return;
        // An engine that is shutting down still answers, with odd errors, for a moment: look again
        // shortly. If it has gone, the reconnect brings the service back, not this.
        const engineGone = async (): Promise<boolean> => {
          if (isEngineError(err, 'engine-unreachable')) return true;
          await clock.sleep(2000, this.lifetime.signal);
          if (this.connection.status.state !== 'connected') return true;
          return driver.ping(2000).then(
            () => false,
            () => true,
          );
        };
        if (await engineGone().catch(() => true)) {
          this.set(name, 'backoff', `${what}; waiting for the engine to come back`, { nextAttemptAt: undefined });
          return;
        }
        this.set(name, 'failed', `could not restart: ${(err as Error).message}`);
      });
  }

  /** Waits for a restarted service to be ready again; then restarts the dependents that ask for it. */
  private async recover(name: string, containerId: string, reason: string): Promise<void> {
    if (this.starting.has(name)) return;
    this.starting.add(name);
    const { driver, clock } = this.opts;
    const watch = new ContainerWatch(this.events, containerId);
    let crashed: number | undefined;
    try {
      const startedAt = clock.now();
      this.set(name, 'starting', reason, { startedAt, startRequestedAt: startedAt, nextAttemptAt: undefined });
      watch.seed(await driver.inspectContainer(containerId), clock.now());
      const service = this.service(name);
      const outcome = await waitUntilReady({ driver, clock, service, watch, startedAt, expectExit: false, fast: this.fast, signal: this.lifetime.signal, onProgress: (r) => this.set(name, 'starting', `${reason}; ${r}`) });
      if (outcome.kind === 'ready') {
        this.set(name, 'ready', `ready again: ${describeReady(outcome, startedAt)}`, { readyAt: outcome.at, health: 'healthy' });
        this.circuit(name).recordSuccess();
        const followers = (this.graph.dependents.get(name) ?? []).filter((d) => this.stack.services[d]?.dependsOn[name]?.restart && this.snapshots.get(d)?.containerId);
        for (const d of followers) this.inBackground([d], `restarting it after ${name} recovered`, this.serialize(() => this.restartOne(d, this.lifetime.signal)));
      } else if (outcome.kind === 'exited') crashed = outcome.exitCode;
      else if (outcome.kind === 'unhealthy' || outcome.kind === 'timeout') this.set(name, 'failed', `did not recover: ${outcome.kind === 'unhealthy' ? outcome.detail : `not ready within ${formatMs(outcome.afterMs)}`}`);
    } finally {
      watch.close();
      this.starting.delete(name);
    }
    if (crashed !== undefined) this.onCrash(name, containerId, crashed);
  }

  /** Closes an open crash-loop circuit (half-open: one more try) and starts the service again. */
  resetCircuit(name: string, signal: AbortSignal = new AbortController().signal): Promise<UpResult> {
    this.circuit(name).reset();
    this.set(name, this.snapshots.get(name)?.status ?? 'defined', 'circuit reset: trying once more', { circuit: this.circuit(name).state });
    return this.up([name], signal);
  }

  // ---- stop, down, restart

  /** Stops services, dependents before what they depend on, in parallel where independent. */
  stop(targets: readonly string[] = [], timeoutSeconds?: number): Promise<void> {
    return this.serialize(async () => {
      await this.readEngine();
      await this.stopInOrder(targets.length > 0 ? [...targets] : [...this.graph.nodes], timeoutSeconds);
    });
  }

  private async stopInOrder(names: string[], timeoutSeconds?: number): Promise<void> {
    const set = new Set(names);
    for (const name of names) this.desired.delete(name);
    const stopping = new Map<string, Promise<void>>();
    const stopOne = (name: string): Promise<void> => {
      let p = stopping.get(name);
      if (!p) {
        p = (async () => {
          await Promise.all((this.graph.dependents.get(name) ?? []).filter((d) => set.has(d)).map(stopOne));
          const info = this.containers.get(name);
          if (!info || (info.state !== 'running' && info.state !== 'restarting' && info.state !== 'paused')) return;
          const grace = timeoutSeconds ?? Math.ceil((this.service(name).stopGracePeriod ?? 10_000) / 1000);
          this.set(name, 'stopping', `stopping (${this.service(name).stopSignal ?? 'SIGTERM'}, then SIGKILL after ${grace} s)`);
          const t0 = this.opts.clock.now();
          await this.opts.driver.stopContainer(info.id, grace);
          const after = await this.opts.driver.inspectContainer(info.id);
          if (after) this.containers.set(name, after);
          this.set(name, 'stopped', `stopped in ${formatMs(this.opts.clock.now() - t0)}${after?.exitCode !== undefined ? ` (exit code ${after.exitCode})` : ''}`, after?.exitCode !== undefined ? { exitCode: after.exitCode } : {});
        })();
        stopping.set(name, p);
      }
      return p;
    };
    await Promise.all(names.map(stopOne));
  }

  /** Stops and removes the project's containers and networks; named volumes too when `volumes`. */
  down(opts: { volumes?: boolean; timeoutSeconds?: number } = {}): Promise<string[]> {
    return this.serialize(async () => {
      await this.readEngine();
      await this.stopInOrder([...this.graph.nodes], opts.timeoutSeconds);
      const removed: string[] = [];
      // Every container of the project goes, including those of services no longer in the file.
      for (const info of await this.opts.driver.listContainers({ [Label.project]: this.stack.name })) {
        if (info.state === 'running') await this.opts.driver.stopContainer(info.id, opts.timeoutSeconds ?? 10);
        await this.opts.driver.removeContainer(info.id, { removeAnonymousVolumes: opts.volumes ?? false });
        removed.push(`container ${info.name}`);
        const name = info.labels[Label.service];
        if (name && this.snapshots.has(name)) this.set(name, 'defined', 'removed', { outdated: false, containerId: undefined, health: undefined });
      }
      this.containers.clear();
      removed.push(...(await removeResources(this.opts.driver, this.stack, opts.volumes ?? false)));
      return removed;
    });
  }

  /**
   * Restarts a service, then the dependents that declare `depends_on.<it>.restart: true`, each once the
   * one before is ready again.
   */
  restart(name: string, signal: AbortSignal = new AbortController().signal): Promise<UpResult> {
    return this.serialize(async () => {
      await this.readEngine();
      const result = await this.restartOne(name, signal);
      if (!result.ok) return result;
      const followers = (this.graph.dependents.get(name) ?? []).filter((d) => this.stack.services[d]?.dependsOn[name]?.restart && this.containers.has(d));
      const rest = await Promise.all(followers.map((d) => this.restartOne(d, signal)));
      const all = [result, ...rest];
      return { ok: all.every((r) => r.ok), aborted: all.some((r) => r.aborted), problems: all.flatMap((r) => r.problems) };
    });
  }

  private async restartOne(name: string, signal: AbortSignal): Promise<UpResult> {
    await this.stopInOrder([name]);
    return this.doUp([name], signal, true);
  }
}
