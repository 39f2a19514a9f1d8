import { setMaxListeners } from 'node:events';
import type { ContainerInfo } from '../driver';
import { BuildFailed, isEngineError } from '../errors';
import { startLevels } from '../graph';
import type { DependencyGate, Outcome, Task } from './dependency-gate';
import type { ImageFetcher } from './image-fetch';
import { isOutdated, readEngine } from './reconcile';
import { ensureResources } from './resources';
import { stopInOrder } from './shutdown';
import { Label } from './labels';
import { serviceOf } from './replicas';
import { LAST_LINES, errorReason } from './run-context';
import type { RunContext } from './run-context';
import type { ServiceSnapshot } from './service-state';
import type { PreparedContainer, StartAttempts } from './start-attempts';
import { PreStartHooks } from './pre-start';
import { checkSharedContainers } from './start-checks';
import { madeAfterDependencies } from './container-spec';
import { combined } from './up-result';
import { ContainerMaker } from './container-maker';
import { planUp, refetchesImage, wantedServices } from './up-plan';
import type { UpPlan } from './up-plan';
import type { UpResult } from './up-result';

import { NoContainer } from './up-options';
import type { UpOptions } from './up-options';

/**
 * Up: brings services up in dependency order, independent ones in parallel, each once its
 * dependencies meet their conditions. Images and containers are made while the dependencies come
 * up; only the start waits on them.
 */
export class BringUp {
  constructor(
    private readonly ctx: RunContext,
    private readonly gate: DependencyGate,
    private readonly images: ImageFetcher,
    private readonly attempts: StartAttempts,
  ) {
    this.preStart = new PreStartHooks(ctx, (unit, image, signal) => images.ensureImage(unit, image, signal));
    this.maker = new ContainerMaker(ctx, {
      options: () => this.options,
      outdated: (unit, info) => this.outdated(unit, info),
    });
  }

  private readonly preStart: PreStartHooks;
  /** The options of the up in progress (ups are serialised by the runner). */
  private options: UpOptions = {};
  /** Replicas whose image was fetched anew in this up and differs from the one they were made from. */
  private readonly newImage = new Set<string>();
  private readonly maker: ContainerMaker;

  /**
   * With `noDeps`, dependencies are not (re)started: they count as they are now (restart uses this,
   * so restarting the API does not re-run the migration it depends on).
   */
  async up(targets: readonly string[], signal: AbortSignal, options: UpOptions = {}): Promise<UpResult> {
    this.options = options;
    try {
      return await this.upWith(targets, signal, options);
    } finally {
      this.options = {};
      this.newImage.clear();
      this.maker.recreated.clear();
      this.preStart.reset();
    }
  }

  /**
   * Create: images fetched and containers made (anew when outdated, or always with recreate force),
   * none started, dependencies first; what each service then is comes from the engine.
   */
  async create(targets: readonly string[], signal: AbortSignal, options: UpOptions = {}): Promise<void> {
    this.options = options;
    try {
      await this.maker.createAll(targets, signal, options, this.images);
    } finally {
      this.options = {};
    }
  }

  /** What an up with these options would do, read from the engine; nothing is changed. */
  async plan(targets: readonly string[], options: UpOptions = {}): Promise<UpPlan> {
    this.options = options;
    try {
      return await planUp(this.ctx, this.images, targets, options, (unit, info) => this.outdated(unit, info));
    } finally {
      this.options = {};
    }
  }

  /** Whether the container is to be made anew, as the up's recreate option says. */
  private outdated(unit: string, info: ContainerInfo): boolean {
    const how = this.options.recreate ?? 'changed';
    return how === 'force'
      ? true
      : how === 'never'
        ? false
        : this.newImage.has(unit) || isOutdated(this.ctx, unit, info);
  }

  private async upWith(targets: readonly string[], signal: AbortSignal, options: UpOptions): Promise<UpResult> {
    const { ctx } = this;
    // Every service starting waits on this signal (its sleeps, its readiness wait): one listener
    // each, gone when it settles. Sixty services are not a leak, so Node is not to warn of one.
    setMaxListeners(0, signal);
    await ctx.connection.whenConnected(signal);
    await ctx.events.start();
    ctx.connection.watch();
    await readEngine(ctx);
    const wanted = wantedServices(ctx, targets, options);
    if (options.create === false) {
      const bare = wanted.find((n) => ctx.units(n).every((u) => !ctx.containers.has(u)));
      if (bare) throw new NoContainer(bare);
    }
    if (options.noDeps)
      checkSharedContainers(ctx.stack, wanted, (s) => ctx.units(s).some((u) => ctx.containers.has(u)));
    for (const name of wanted) ctx.desired.add(name);
    await ensureResources(ctx, wanted, options.confirm);
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
    // up -d: done once every container has started; the readiness waits go on while the runner lives.
    const outcomes =
      options.until === 'started'
        ? await Promise.all(wanted.map((n) => run(n).started.then((ok): Outcome => (ok ? 'ready' : 'failed'))))
        : await Promise.all(wanted.map((n) => run(n).done));
    if (options.until !== 'started' && !outcomes.includes('aborted')) await this.restartFollowers(wanted, signal);
    const problems = wanted
      .map((n) => ctx.serviceState(n))
      .filter(
        (s): s is ServiceSnapshot =>
          s !== undefined && (s.status === 'failed' || s.status === 'blocked' || s.status === 'unhealthy'),
      )
      .map((s) => ({ service: s.name, status: s.status, reason: s.reason }));
    const aborted = outcomes.includes('aborted');
    return {
      ok: problems.length === 0 && !aborted,
      aborted,
      problems,
      warnings: [...this.gate.takeWarnings(), ...ctx.providers.takeWarnings()],
    };
  }

  /**
   * A dependency made anew in this up (its configuration changed) restarts the dependents that
   * declare `depends_on.<it>.restart: true` and were left running, as compose does; dependencies first.
   */
  private async restartFollowers(wanted: readonly string[], signal: AbortSignal): Promise<void> {
    const { ctx } = this;
    const recreated = new Set(this.maker.recreated);
    const followers = wanted.filter(
      (n) =>
        !recreated.has(n) &&
        Object.entries(ctx.service(n).dependsOn).some(([dep, d]) => d.restart && recreated.has(dep)) &&
        ctx.units(n).some((u) => ctx.containers.get(u)?.state === 'running'),
    );
    for (const level of startLevels(ctx.graph, new Set(followers))) {
      await stopInOrder(ctx, level, undefined, { restarting: true });
      const options = this.options;
      this.options = { ...options, restarting: true };
      await this.upWith(level, signal, { noDeps: true }).finally(() => (this.options = options));
    }
  }

  /** A dependency left as it is: its current state answers the conditions. */
  private taskFromState(name: string): Task {
    const status = this.ctx.serviceState(name)?.status;
    const done: Outcome = status === 'ready' ? 'ready' : status === 'completed' ? 'completed' : 'failed';
    return {
      started: Promise.resolve(status === 'ready' || status === 'completed' || status === 'starting'),
      done: Promise.resolve(done),
    };
  }

  /**
   * One service: its surplus containers (numbered past its replica count) go, highest first; then
   * every replica comes up, in parallel, except that outdated ones are recreated one at a time. The
   * service has started when all have; its outcome is theirs together.
   */
  private async bringUp(
    name: string,
    run: (n: string) => Task,
    markStarted: (ok: boolean) => void,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const { ctx } = this;
    if (ctx.service(name).provider) return ctx.providers.up(name, signal, markStarted);
    await this.maker.removeSurplus(name);
    const units = ctx.units(name);
    const [only] = units;
    if (units.length === 1 && only) return this.bringUpUnit(only, run, markStarted, signal);
    const starts = units.map(() => {
      let resolve!: (ok: boolean) => void;
      const promise = new Promise<boolean>((r) => (resolve = r));
      return { promise, resolve };
    });
    void Promise.all(starts.map((s) => s.promise)).then((oks) => markStarted(oks.every(Boolean)));
    let recreating: Promise<unknown> = Promise.resolve();
    const outcomes = await Promise.all(
      units.map((unit, i) => {
        const started = (ok: boolean): void => starts[i]?.resolve(ok);
        const info = ctx.containers.get(unit);
        if (!info || !this.outdated(unit, info)) return this.bringUpUnit(unit, run, started, signal);
        const mine = recreating.then(() => this.bringUpUnit(unit, run, started, signal));
        recreating = mine.catch(() => undefined);
        return mine;
      }),
    );
    return combined(outcomes);
  }

  private async bringUpUnit(
    unit: string,
    run: (n: string) => Task,
    markStarted: (ok: boolean) => void,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const { ctx } = this;
    // The engine going away mid-start is a pause, not a failure: wait for it, then carry on.
    for (let lost = 0; ; lost++) {
      try {
        return await this.bringUpOnce(unit, run, markStarted, signal);
      } catch (err) {
        if (!isEngineError(err, 'engine-unreachable') || lost >= 5 || signal.aborted) throw err;
        ctx.connection.lost(err.message);
        ctx.book.apply(unit, { type: 'waiting', why: { code: 'engine-away', error: err.message } });
        await ctx.connection.whenConnected(signal);
        await readEngine(ctx);
      }
    }
  }

  private async bringUpOnce(
    unit: string,
    run: (n: string) => Task,
    markStarted: (ok: boolean) => void,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const { ctx } = this;
    const service = ctx.service(serviceOf(unit));
    const spec = ctx.spec(unit);
    const images = {
      ...(this.options.build ? { build: this.options.build } : {}),
      ...(this.options.pull ? { pull: this.options.pull } : {}),
    };
    const running = ctx.containers.get(unit);
    // --pull always / --build, or pull_policy always / build: the image is fetched at every up; a
    // container made from another image is outdated, as compose finds it (by the image id it was made from).
    const refetch = running !== undefined && refetchesImage(service, this.options);
    if (refetch) {
      try {
        await this.images.ensure(unit, service, spec, signal, images);
        const now = await ctx.driver.imageInfo(spec.image);
        if (now && running.labels[Label.image] !== undefined && running.labels[Label.image] !== now.id)
          this.newImage.add(unit);
      } catch (err) {
        if (isEngineError(err, 'engine-unreachable')) throw err;
        markStarted(false);
        ctx.book.apply(unit, { type: 'failed', why: errorReason(err) });
        return 'failed';
      }
    }
    // Up on a replica that runs, is ready and is up to date changes nothing (not even its state).
    if (
      running?.state === 'running' &&
      ctx.book.get(unit)?.status === 'ready' &&
      ctx.providers.knownFor(service) &&
      !this.outdated(unit, running)
    ) {
      markStarted(true);
      return 'ready';
    }
    ctx.starting.add(unit);
    // The spec as it is when made: a provider it depends on adds variables to it once it has run.
    const make = (): Promise<PreparedContainer> =>
      (refetch ? Promise.resolve() : this.images.ensure(unit, service, ctx.spec(unit), signal, images)).then(() =>
        this.maker.prepare(unit, service, ctx.spec(unit)),
      );
    // Made while its dependencies come up, unless it needs them made first.
    const prepared = madeAfterDependencies(ctx.stack, service, spec) ? undefined : make();
    try {
      const depsOk = await Promise.race([
        this.options.ignoreDeps ? Promise.resolve(true) : this.gate.wait(unit, service, run),
        ...(prepared ? [prepared.then(() => new Promise<never>(() => undefined))] : []),
      ]);
      if (signal.aborted) {
        markStarted(false);
        if (prepared) await this.maker.discard(prepared);
        return 'aborted';
      }
      if (!depsOk) {
        // As compose leaves them: made (state created), not started, ready for the next up.
        markStarted(false);
        const made = await prepared?.catch(() => undefined);
        if (made)
          ctx.book.apply(unit, {
            type: 'noted',
            why: ctx.book.get(unit)?.why ?? { code: 'no-container' },
            patch: { containerId: made.id },
          });
        return 'blocked';
      }
      const container = await (prepared ?? make());
      // Not while another replica runs and is kept as it is; nor on a restart (compose restarts in place).
      const runsAsItIs = (info: ContainerInfo | undefined, u: string): boolean =>
        info?.state === 'running' && !this.outdated(u, info);
      const held = this.options.restarting
        ? undefined
        : await this.preStart.gate(unit, service, container, (u) => runsAsItIs(ctx.containers.get(u), u), signal);
      if (held) markStarted(false);
      return held ?? (await this.attempts.run(unit, service, container, markStarted, signal));
    } catch (err) {
      if (isEngineError(err, 'engine-unreachable')) throw err;
      markStarted(false);
      ctx.book.apply(unit, {
        type: 'failed',
        why: errorReason(err),
        patch:
          err instanceof BuildFailed && err.buildLog.length > 0 ? { lastLines: err.buildLog.slice(-LAST_LINES) } : {},
      });
      return 'failed';
    } finally {
      ctx.starting.delete(unit);
      ctx.unmet.delete(unit);
    }
  }
}
