import { words } from './reasons';
import { Label } from './labels';
import { ProviderFailed } from './providers';
import { runHooks } from './hooks';
import type { HookFailure } from './hooks';
import { serviceOf, unitKey } from './replicas';
import { removeResources } from './resources';
import type { RunContext } from './run-context';

/** A `pre_stop` hook failed: as compose does, its container was left running (and what it depends on). */
export class PreStopFailed extends Error {
  override name = 'PreStopFailed';
  readonly code = 'pre-stop-failed';
  readonly hint = 'fix the hook (its output is on the service), or stop the container yourself with docker stop';
  constructor(readonly failures: { unit: string; why: HookFailure }[]) {
    super(failures.map((f) => `${f.unit}: ${words(f.why)}; it was not stopped`).join('\n'));
  }
}

/**
 * Shutdown: stops services dependents first, in parallel where independent, each with its
 * stop_signal and stop_grace_period (then killed); and takes the project down. Each container's
 * `pre_stop` hooks run first; one that fails leaves that container running, and what it depends
 * on too (it still needs them), as compose leaves it; the rest stop, then PreStopFailed says which.
 */
export async function stopInOrder(
  ctx: RunContext,
  names: readonly string[],
  timeoutSeconds?: number,
  opts: { restarting?: boolean; providers?: 'stop' | 'down' } = {},
): Promise<void> {
  const { driver, clock, book } = ctx;
  const set = new Set(names);
  // A stop for a restart keeps them wanted up: should the engine go away mid-way, its return brings them back.
  if (!opts.restarting) for (const name of names) ctx.desired.delete(name);
  const stopping = new Map<string, Promise<boolean>>();
  const failures: { unit: string; why: HookFailure }[] = [];
  const providerFailures: ProviderFailed[] = [];
  const stopUnit = async (unit: string, grace: number, signal: string): Promise<boolean> => {
    const info = ctx.containers.get(unit);
    if (!info || (info.state !== 'running' && info.state !== 'restarting' && info.state !== 'paused')) return true;
    const hooks = ctx.service(serviceOf(unit)).preStop;
    const failed =
      info.state === 'running' && hooks.length > 0 ? await runHooks(driver, info.id, hooks, 'pre_stop') : undefined;
    if (failed) {
      failures.push({ unit, why: failed });
      book.apply(unit, { type: 'noted', why: failed, patch: { lastLines: failed.output.split('\n') } });
      return false;
    }
    book.apply(unit, { type: 'stopping', why: { code: 'stopping', signal, graceSeconds: grace } });
    const t0 = clock.now();
    await driver.stopContainer(info.id, grace);
    const after = await driver.inspectContainer(info.id);
    if (after) ctx.containers.set(unit, after);
    const code = after?.exitCode;
    book.apply(unit, {
      type: 'stopped',
      why: { code: 'stopped', afterMs: clock.now() - t0, ...(code !== undefined ? { exitCode: code } : {}) },
      patch: code !== undefined ? { exitCode: code } : {},
    });
    return true;
  };
  /** Whether the service (and every dependent of it that was stopping) stopped. */
  const stopOne = (name: string): Promise<boolean> => {
    let p = stopping.get(name);
    if (!p) {
      p = (async () => {
        const dependentsStopped = await Promise.all(
          (ctx.graph.dependents.get(name) ?? []).filter((d) => set.has(d)).map(stopOne),
        );
        if (!dependentsStopped.every(Boolean)) return false;
        const service = ctx.service(name);
        if (service.provider) {
          // Its program stops or releases it, in the same reverse order; a restart leaves it be.
          const action = opts.restarting ? undefined : (opts.providers ?? 'stop');
          await (
            action === 'down' ? ctx.providers.down(name) : action === 'stop' ? ctx.providers.stop(name) : undefined
          )?.catch((err: unknown) => {
            if (!(err instanceof ProviderFailed)) throw err;
            providerFailures.push(err);
            book.apply(name, { type: 'failed', why: err.why });
          });
          return true;
        }
        const grace = timeoutSeconds ?? Math.ceil((service.stopGracePeriod ?? 10_000) / 1000);
        // A service's replicas stop together.
        const stopped = await Promise.all(
          ctx.units(name).map((unit) => stopUnit(unit, grace, service.stopSignal ?? 'SIGTERM')),
        );
        return stopped.every(Boolean);
      })();
      stopping.set(name, p);
    }
    return p;
  };
  await Promise.all(names.map(stopOne));
  if (failures.length > 0) throw new PreStopFailed(failures);
  if (providerFailures[0]) throw providerFailures[0];
}

/**
 * Stops and removes the project's containers and networks; named volumes too when `volumes`.
 * Orphans (containers of services no longer in the file) go only with `removeOrphans`, as in
 * compose; left in place, the networks they are on are kept too (the engine would refuse).
 */
export async function takeDown(
  ctx: RunContext,
  opts: { volumes?: boolean; timeoutSeconds?: number; removeOrphans?: boolean; services?: readonly string[] },
): Promise<string[]> {
  const { driver, book } = ctx;
  // `down SERVICE…`: those and what depends on them, as compose scopes it; the rest stays up.
  const scope = opts.services?.length ? withDependents(ctx, opts.services) : undefined;
  // A provider that could not release its service fails the down, once the rest is down (compose fails it too).
  const providerFailed = await stopInOrder(ctx, scope ? [...scope] : [...ctx.graph.nodes], opts.timeoutSeconds, {
    providers: 'down',
  }).then(
    () => undefined,
    (err: unknown) => {
      if (err instanceof ProviderFailed) return err;
      throw err;
    },
  );
  const removed: string[] = [];
  const gone: string[] = [];
  let othersLeft = false;
  for (const info of await driver.listContainers({ [Label.project]: ctx.stack.name })) {
    const service = info.labels[Label.service];
    const orphan = service !== undefined && !ctx.stack.services[service] && !ctx.stack.inactiveServices[service];
    if ((orphan && !opts.removeOrphans) || (!orphan && scope && !scope.has(service ?? ''))) {
      othersLeft = true;
      continue;
    }
    if (info.state === 'running') await driver.stopContainer(info.id, opts.timeoutSeconds ?? 10);
    await driver.removeContainer(info.id, { removeAnonymousVolumes: opts.volumes ?? false });
    removed.push(`container ${info.name}`);
    gone.push(info.name);
    const name =
      service && info.labels[Label.hook] === undefined
        ? unitKey(service, Number(info.labels[Label.containerNumber] ?? '1') || 1)
        : undefined;
    if (name && book.has(name))
      book.apply(name, {
        type: 'removed',
        why: { code: 'removed' },
        patch: { outdated: false, containerId: undefined, health: undefined },
      });
  }
  ctx.containers.clear();
  if (!othersLeft) removed.push(...(await removeResources(driver, ctx.stack, opts.volumes ?? false, gone)));
  if (providerFailed) throw providerFailed;
  return removed;
}

/** The services and, transitively, every service that depends on them. */
function withDependents(ctx: RunContext, services: readonly string[]): Set<string> {
  const out = new Set<string>();
  const queue = [...services];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    if (out.has(s)) continue;
    out.add(s);
    queue.push(...(ctx.graph.dependents.get(s) ?? []));
  }
  return out;
}
