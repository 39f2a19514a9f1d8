import { setMaxListeners } from 'node:events';
import type { Service } from '../compose/model';
import type { ContainerSpec } from '../driver';
import { BuildFailed, isEngineError } from '../errors';
import { requiredServices } from '../graph';
import type { DependencyGate, Outcome, Task } from './dependency-gate';
import type { ImageFetcher } from './image-fetch';
import { isOutdated, readEngine } from './reconcile';
import { ensureResources } from './resources';
import { Label } from './labels';
import { serviceOf, unitKey } from './replicas';
import { LAST_LINES, errorReason } from './run-context';
import type { RunContext } from './run-context';
import type { ServiceSnapshot, ServiceStatus } from './service-state';
import type { PreparedContainer, StartAttempts } from './start-attempts';
import { checkBeforeStart } from './start-checks';

export interface UpResult {
  ok: boolean;
  aborted: boolean;
  /** Services that did not come up, with the reason. */
  problems: { service: string; status: ServiceStatus; reason: string }[];
  /** What came up anyway, and without what: optional dependencies (`required: false`) that failed. */
  warnings: { service: string; dependency: string; message: string }[];
}

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
  ) {}

  /**
   * With `onlyTargets`, dependencies are not (re)started: they count as they are now (restart uses this,
   * so restarting the API does not re-run the migration it depends on).
   */
  async up(targets: readonly string[], signal: AbortSignal, onlyTargets = false): Promise<UpResult> {
    const { ctx } = this;
    // Every service starting waits on this signal (its sleeps, its readiness wait): one listener
    // each, gone when it settles. Sixty services are not a leak, so Node is not to warn of one.
    setMaxListeners(0, signal);
    await ctx.connection.whenConnected(signal);
    await ctx.events.start();
    ctx.connection.watch();
    await readEngine(ctx);
    const wanted = onlyTargets ? [...targets] : targets.length > 0 ? requiredServices(ctx.graph, targets) : [...ctx.graph.nodes];
    for (const name of wanted) ctx.desired.add(name);
    await ensureResources(
      ctx.driver,
      ctx.stack,
      wanted.map((n) => ctx.service(n)),
    );
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
      .map((n) => ctx.serviceState(n))
      .filter((s): s is ServiceSnapshot => s !== undefined && (s.status === 'failed' || s.status === 'blocked' || s.status === 'unhealthy'))
      .map((s) => ({ service: s.name, status: s.status, reason: s.reason }));
    const aborted = outcomes.includes('aborted');
    return { ok: problems.length === 0 && !aborted, aborted, problems, warnings: this.gate.takeWarnings() };
  }

  /** A dependency left as it is: its current state answers the conditions. */
  private taskFromState(name: string): Task {
    const status = this.ctx.serviceState(name)?.status;
    const done: Outcome = status === 'ready' ? 'ready' : status === 'completed' ? 'completed' : 'failed';
    return { started: Promise.resolve(status === 'ready' || status === 'completed' || status === 'starting'), done: Promise.resolve(done) };
  }

  /**
   * One service: its surplus containers (numbered past its replica count) go, highest first; then
   * every replica comes up, in parallel, except that outdated ones are recreated one at a time. The
   * service has started when all have; its outcome is theirs together.
   */
  private async bringUp(name: string, run: (n: string) => Task, markStarted: (ok: boolean) => void, signal: AbortSignal): Promise<Outcome> {
    const { ctx } = this;
    await this.removeSurplus(name);
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
        if (!info || !isOutdated(ctx, unit, info)) return this.bringUpUnit(unit, run, started, signal);
        const mine = recreating.then(() => this.bringUpUnit(unit, run, started, signal));
        recreating = mine.catch(() => undefined);
        return mine;
      }),
    );
    return combined(outcomes);
  }

  /** A scale down: containers numbered past the replica count are stopped and removed, highest first. */
  private async removeSurplus(service: string): Promise<void> {
    const { ctx } = this;
    const surplus = [...(ctx.surplus.get(service) ?? [])].sort((a, b) => Number(b.labels[Label.containerNumber]) - Number(a.labels[Label.containerNumber]));
    for (const info of surplus) {
      const grace = Math.ceil((ctx.service(service).stopGracePeriod ?? 10_000) / 1000);
      if (info.state === 'running' || info.state === 'restarting') await ctx.driver.stopContainer(info.id, grace);
      await ctx.driver.removeContainer(info.id);
      ctx.book.drop(unitKey(service, Number(info.labels[Label.containerNumber])));
    }
    ctx.surplus.delete(service);
  }

  private async bringUpUnit(unit: string, run: (n: string) => Task, markStarted: (ok: boolean) => void, signal: AbortSignal): Promise<Outcome> {
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

  private async bringUpOnce(unit: string, run: (n: string) => Task, markStarted: (ok: boolean) => void, signal: AbortSignal): Promise<Outcome> {
    const { ctx } = this;
    const service = ctx.service(serviceOf(unit));
    const spec = ctx.spec(unit);
    // Up on a replica that runs, is ready and is up to date changes nothing (not even its state).
    const running = ctx.containers.get(unit);
    if (running?.state === 'running' && ctx.book.get(unit)?.status === 'ready' && !isOutdated(ctx, unit, running)) {
      markStarted(true);
      return 'ready';
    }
    ctx.starting.add(unit);
    const make = (): Promise<PreparedContainer> => this.images.ensure(unit, service, spec, signal).then(() => this.prepareContainer(unit, service, spec));
    // Made while its dependencies come up, unless it names their containers (volumes_from, links, a
    // shared network stack): the engine needs those to exist when it is made.
    const prepared = namesOtherContainers(spec) ? undefined : make();
    try {
      const depsOk = await Promise.race([this.gate.wait(unit, service, run), ...(prepared ? [prepared.then(() => new Promise<never>(() => undefined))] : [])]);
      if (signal.aborted) {
        markStarted(false);
        if (prepared) await this.discard(prepared);
        return 'aborted';
      }
      if (!depsOk) {
        // As compose leaves them: made (state created), not started, ready for the next up.
        markStarted(false);
        const made = await prepared?.catch(() => undefined);
        if (made) ctx.book.apply(unit, { type: 'noted', why: ctx.book.get(unit)?.why ?? { code: 'no-container' }, patch: { containerId: made.id } });
        return 'blocked';
      }
      return await this.attempts.run(unit, service, await (prepared ?? make()), markStarted, signal);
    } catch (err) {
      if (isEngineError(err, 'engine-unreachable')) throw err;
      markStarted(false);
      ctx.book.apply(unit, { type: 'failed', why: errorReason(err), patch: err instanceof BuildFailed && err.buildLog.length > 0 ? { lastLines: err.buildLog.slice(-LAST_LINES) } : {} });
      return 'failed';
    } finally {
      ctx.starting.delete(unit);
      ctx.unmet.delete(unit);
    }
  }

  /** The container to start: the existing one if it is up to date, else a new one (an outdated one is removed). */
  private async prepareContainer(unit: string, service: Service, spec: ContainerSpec): Promise<PreparedContainer> {
    const { ctx } = this;
    const name = unit;
    let info = ctx.containers.get(name);
    let replaced: string | undefined;
    if (info && isOutdated(ctx, name, info)) {
      await ctx.driver.removeContainer(info.id);
      replaced = info.id;
      info = undefined;
    }
    if (info) return { id: info.id, info };
    await checkBeforeStart(ctx.host, service);
    if (!ctx.unmet.get(name)?.size) ctx.book.apply(name, { type: 'starting', why: { code: 'creating' } });
    // As compose does, a container made in place of an outdated one says which one it replaced.
    const made = replaced ? { ...spec, labels: { ...spec.labels, [Label.replace]: replaced } } : spec;
    const id = await ctx.semaphore.run(() => ctx.driver.createContainer(made));
    // Secrets and configs with their content go in before the first start, as compose puts them.
    if (made.files?.length) await ctx.driver.copyFiles(id, made.files);
    return { id, createdAt: ctx.clock.now() };
  }

  /** A container made for a start-up that was interrupted is not left behind. */
  private async discard(prepared: Promise<PreparedContainer>): Promise<void> {
    const made = await prepared.catch(() => undefined);
    if (made?.createdAt !== undefined) await this.ctx.driver.removeContainer(made.id).catch(() => undefined);
  }
}

/** Whether the container refers to others that must exist before it can be made. */
function namesOtherContainers(spec: ContainerSpec): boolean {
  return (spec.networkMode?.startsWith('container:') ?? false) || (spec.volumesFrom?.length ?? 0) > 0 || (spec.links?.length ?? 0) > 0;
}

/** A service's outcome from its replicas': the first trouble wins; all done alike is that. */
function combined(outcomes: readonly Outcome[]): Outcome {
  for (const o of ['aborted', 'failed', 'blocked'] as const) if (outcomes.includes(o)) return o;
  return outcomes.every((o) => o === 'completed') ? 'completed' : 'ready';
}
