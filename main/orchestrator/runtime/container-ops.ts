import type { ContainerInfo } from '../driver';
import { Label } from './labels';
import { readEngine } from './reconcile';
import { serviceOf } from './replicas';
import type { RunContext } from './run-context';
import { stopInOrder } from './shutdown';

/**
 * The container commands beside up and down, as compose has them: kill, rm, wait, and the
 * project's orphans (containers of services no longer in the file).
 */

/** The units (replica containers) of these services, or of every service. */
function unitsOf(ctx: RunContext, services: readonly string[]): string[] {
  return (services.length > 0 ? services : Object.keys(ctx.stack.services)).flatMap((s) => ctx.units(s));
}

/** This project's containers whose service is neither in the file nor left out by a profile. */
export async function findOrphans(ctx: RunContext): Promise<ContainerInfo[]> {
  const all = await ctx.driver.listContainers({ [Label.project]: ctx.stack.name });
  return all.filter((c) => {
    const service = c.labels[Label.service];
    return (
      service !== undefined &&
      !ctx.stack.services[service] &&
      !ctx.stack.inactiveServices[service] &&
      c.labels[Label.oneoff] !== 'True' &&
      c.labels[Label.hook] === undefined
    );
  });
}

/** Stops and removes the orphans (`--remove-orphans`); their names. */
export async function removeOrphans(ctx: RunContext, timeoutSeconds = 10): Promise<string[]> {
  const removed: string[] = [];
  for (const c of await findOrphans(ctx)) {
    if (c.state === 'running' || c.state === 'restarting' || c.state === 'paused')
      await ctx.driver.stopContainer(c.id, timeoutSeconds);
    await ctx.driver.removeContainer(c.id);
    removed.push(c.name);
  }
  return removed;
}

/** Sends `signal` to the running containers of `services`; they are no longer wanted up. Their names. */
export async function killServices(ctx: RunContext, services: readonly string[], signal: string): Promise<string[]> {
  await readEngine(ctx);
  const killed: string[] = [];
  for (const unit of unitsOf(ctx, services)) {
    const info = ctx.containers.get(unit);
    if (!info || (info.state !== 'running' && info.state !== 'restarting' && info.state !== 'paused')) continue;
    // Not a crash to recover from: the person asked for it.
    ctx.desired.delete(serviceOf(unit));
    await ctx.driver.killContainer(info.id, signal);
    killed.push(info.name);
  }
  return killed;
}

/** The containers `rm` would remove: those of `services` that are not running. */
export async function stoppedContainers(ctx: RunContext, services: readonly string[]): Promise<ContainerInfo[]> {
  await readEngine(ctx);
  return unitsOf(ctx, services).flatMap((u) => {
    const info = ctx.containers.get(u);
    return info && info.state !== 'running' && info.state !== 'restarting' && info.state !== 'paused' ? [info] : [];
  });
}

/** `rm`: removes the stopped containers of `services` (stopping them first with `stop`). Their names. */
export async function removeStopped(
  ctx: RunContext,
  services: readonly string[],
  opts: { stop?: boolean; volumes?: boolean },
): Promise<string[]> {
  if (opts.stop) {
    await readEngine(ctx);
    await stopInOrder(ctx, services.length > 0 ? services : Object.keys(ctx.stack.services));
  }
  const removed: string[] = [];
  const units = new Map(unitsOf(ctx, services).map((u) => [ctx.containers.get(u)?.id, u]));
  for (const info of await stoppedContainers(ctx, services)) {
    await ctx.driver.removeContainer(info.id, { removeAnonymousVolumes: opts.volumes ?? false });
    const unit = units.get(info.id);
    if (unit)
      ctx.book.apply(unit, {
        type: 'removed',
        why: { code: 'removed' },
        patch: { outdated: false, containerId: undefined, health: undefined },
      });
    removed.push(info.name);
  }
  await readEngine(ctx);
  return removed;
}

/**
 * `wait`: blocks until every container of `services` has exited; tells each exit as it comes. The
 * exit code is the last one's, as compose's is. Undefined when there is no container to wait for.
 */
export async function waitForExit(
  ctx: RunContext,
  services: readonly string[],
  onExit: (name: string, code: number) => void,
): Promise<number | undefined> {
  await readEngine(ctx);
  const infos = unitsOf(ctx, services).flatMap((u) => ctx.containers.get(u) ?? []);
  if (infos.length === 0) return undefined;
  let last = 0;
  await Promise.all(
    infos.map(async (info) => {
      const code = await ctx.driver.waitContainer(info.id);
      onExit(info.name, code);
      last = code;
    }),
  );
  return last;
}

/**
 * `pause` / `unpause`: the running (or paused) containers of `services`, frozen or thawed. The
 * engine's refusal (already paused, not paused) fails the command, as compose lets it. Their names.
 */
export async function freezeServices(
  ctx: RunContext,
  services: readonly string[],
  action: 'pause' | 'unpause',
): Promise<string[]> {
  await readEngine(ctx);
  const done: string[] = [];
  try {
    for (const unit of unitsOf(ctx, services)) {
      const info = ctx.containers.get(unit);
      if (!info || (info.state !== 'running' && info.state !== 'paused')) continue;
      await (action === 'pause' ? ctx.driver.pauseContainer(info.id) : ctx.driver.unpauseContainer(info.id));
      done.push(info.name);
    }
  } finally {
    await readEngine(ctx);
  }
  return done;
}
