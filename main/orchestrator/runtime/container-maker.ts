import type { Service } from '../compose/model';
import type { ContainerInfo, ContainerSpec } from '../driver';
import { Label } from './labels';
import { unitKey } from './replicas';
import { urgencyOf } from './run-context';
import type { RunContext } from './run-context';
import type { PreparedContainer } from './start-attempts';
import { checkBeforeStart } from './start-checks';
import type { UpOptions } from './up-options';
import type { ImageFetcher } from './image-fetch';
import { readEngine } from './reconcile';
import { ensureResources } from './resources';
import { startLevels } from '../graph';
import { wantedServices } from './up-plan';
import { containerStep } from './up-plan';

/** What the up in progress tells the maker: its options, and whether a container is outdated for it. */
export interface UpInProgress {
  options(): UpOptions;
  outdated(unit: string, info: ContainerInfo): boolean;
}

/**
 * An up's containers: each replica's made, made anew, or kept as the plan's step says, surplus
 * replicas removed, and a container made for a start that was interrupted taken away again.
 */
export class ContainerMaker {
  /** Services a container of which was made anew in this up, in place of an outdated one. */
  readonly recreated = new Set<string>();

  constructor(
    private readonly ctx: RunContext,
    private readonly up: UpInProgress,
  ) {}

  /** A scale down: containers numbered past the replica count are stopped and removed, highest first. */
  async removeSurplus(service: string): Promise<void> {
    const { ctx } = this;
    const surplus = [...(ctx.surplus.get(service) ?? [])].sort(
      (a, b) => Number(b.labels[Label.containerNumber]) - Number(a.labels[Label.containerNumber]),
    );
    for (const info of surplus) {
      if (info.state === 'running' || info.state === 'restarting')
        await ctx.driver.stopContainer(info.id, this.graceOf(service));
      await ctx.driver.removeContainer(info.id);
      ctx.book.drop(unitKey(service, Number(info.labels[Label.containerNumber])));
    }
    ctx.surplus.delete(service);
  }

  /** How long a container of the service this up stops may take: `up -t`, else its stop_grace_period (10 s unset). */
  graceOf(service: string): number {
    return (
      this.up.options().stopTimeoutSeconds ?? Math.ceil((this.ctx.service(service).stopGracePeriod ?? 10_000) / 1000)
    );
  }

  /**
   * The container to start, as the plan decides it (`containerStep`, up-plan.ts): the existing one
   * when up to date (keep, start), else a new one (create; recreate: the outdated one removed first).
   */
  async prepare(unit: string, service: Service, spec: ContainerSpec): Promise<PreparedContainer> {
    const { ctx } = this;
    const info = ctx.containers.get(unit);
    const step = containerStep(
      service.name,
      unit,
      info,
      info !== undefined && this.up.outdated(unit, info),
      this.up.options(),
    );
    if (info && (step.action === 'keep' || step.action === 'start')) return { id: info.id, info };
    let replaced: string | undefined;
    if (info && step.action === 'recreate') {
      this.recreated.add(service.name);
      // Stopped as compose stops it first (its stop signal, then the grace): a database being
      // replaced gets to shut down cleanly, not killed by the removal.
      if (info.state === 'running' || info.state === 'restarting')
        await ctx.driver.stopContainer(info.id, this.graceOf(service.name));
      await ctx.driver.removeContainer(info.id);
      replaced = info.id;
    }
    await checkBeforeStart(ctx.host, service, ctx.stack);
    if (!ctx.unmet.get(unit)?.size) ctx.book.apply(unit, { type: 'starting', why: { code: 'creating' } });
    // As compose does, a container made in place of an outdated one says which one it replaced.
    const made = replaced ? { ...spec, labels: { ...spec.labels, [Label.replace]: replaced } } : spec;
    const id = await ctx.pacing.create(() => ctx.driver.createContainer(made), urgencyOf(ctx, service.name));
    // Secrets and configs with their content go in before the first start, as compose puts them.
    if (made.files?.length) await ctx.driver.copyFiles(id, made.files);
    return { id, createdAt: ctx.clock.now() };
  }

  /** A container made for a start-up that was interrupted is not left behind. */
  async discard(prepared: Promise<PreparedContainer>): Promise<void> {
    const made = await prepared.catch(() => undefined);
    if (made?.createdAt !== undefined) await this.ctx.driver.removeContainer(made.id).catch(() => undefined);
  }

  /** BringUp.create's work: each wanted service's images and containers, level by level, none started. */
  async createAll(
    targets: readonly string[],
    signal: AbortSignal,
    options: UpOptions,
    images: ImageFetcher,
  ): Promise<void> {
    const { ctx } = this;
    await readEngine(ctx);
    const wanted = wantedServices(ctx, targets, options);
    await ensureResources(ctx, wanted, options.confirm);
    const over = {
      ...(options.build ? { build: options.build } : {}),
      ...(options.pull ? { pull: options.pull } : {}),
    };
    // Level by level: a container naming another's (volumes_from, links) needs that one made.
    for (const level of startLevels(ctx.graph, new Set(wanted))) {
      await Promise.all(
        // A provider's service has no container to make: its program runs at up.
        level.flatMap((name) =>
          (ctx.service(name).provider ? [] : ctx.units(name)).map(async (unit) => {
            const service = ctx.service(name);
            const spec = ctx.spec(unit);
            await images.ensure(unit, service, spec, signal, over);
            await this.prepare(unit, service, spec);
          }),
        ),
      );
    }
    await readEngine(ctx);
  }
}
