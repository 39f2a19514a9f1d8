import type { ContainerInfo } from '../driver';
import type { LogHub } from '../logs/log-hub';
import { ExecProbe } from '../probes/exec-probe';
import { stackpilotHashOf } from './container-spec';
import { Label } from './labels';
import { readinessRule } from './readiness';
import { replicaOf, serviceOf, unitKey } from './replicas';
import type { RunContext } from './run-context';
import type { Reason } from './reasons';
import type { ServiceStatus } from './service-state';

/**
 * Reconciling with what the engine already runs: reads the project's containers (started by
 * Stackpilot or by compose), adopts them, and says what each service's state is and whether its
 * container is outdated (config drift).
 */
export async function readEngine(ctx: RunContext): Promise<void> {
  const list = await ctx.driver.listContainers({ [Label.project]: ctx.stack.name });
  ctx.containers.clear();
  ctx.surplus.clear();
  for (const info of list) {
    const service = info.labels[Label.service];
    // One-off runs and pre_start hooks' containers carry the service's labels but are not its replicas.
    if (
      !service ||
      !ctx.stack.services[service] ||
      info.labels[Label.oneoff] === 'True' ||
      info.labels[Label.hook] !== undefined
    )
      continue;
    const replica = Number(info.labels[Label.containerNumber] ?? '1') || 1;
    if (replica > (ctx.replicas.get(service) ?? 1)) {
      ctx.surplus.set(service, [...(ctx.surplus.get(service) ?? []), info]);
      continue;
    }
    const unit = unitKey(service, replica);
    const known = ctx.containers.get(unit);
    // Two containers for one replica (say, compose v1's and ours): the running one counts.
    if (!known || (known.state !== 'running' && info.state === 'running')) ctx.containers.set(unit, info);
  }
  await Promise.all([...ctx.containers.entries()].map(([unit, info]) => checkStartingHealth(ctx, unit, info)));
  for (const [unit, info] of ctx.containers) {
    if (ctx.logs && (info.state === 'running' || info.state === 'restarting'))
      ctx.logs.follow(serviceOf(unit), info.id, false, replicaOf(unit));
  }
  for (const service of Object.keys(ctx.stack.services)) {
    for (const unit of ctx.units(service)) {
      ctx.book.ensure(unit, ctx.spec(unit).name);
      if (ctx.starting.has(unit)) continue;
      const provider = ctx.stack.services[service]?.provider;
      if (provider) {
        // No container to read: it is what its program last made of it.
        if (ctx.book.get(unit)?.status === undefined || ctx.book.get(unit)?.why.code === 'no-container')
          ctx.book.apply(unit, {
            type: 'observed',
            status: 'defined',
            why: { code: 'provider', type: provider.type, detail: `run by ${provider.type} at up` },
          });
        continue;
      }
      const info = ctx.containers.get(unit);
      if (!info) {
        ctx.book.apply(unit, {
          type: 'observed',
          status: 'defined',
          why: { code: 'no-container' },
          patch: { outdated: false },
        });
        continue;
      }
      const [status, why] = statusOf(ctx, unit, info);
      ctx.book.apply(unit, {
        type: 'observed',
        status,
        why,
        patch: {
          containerId: info.id,
          containerName: info.name,
          outdated: isOutdated(ctx, unit, info),
          ...(info.health ? { health: info.health } : {}),
          ...(info.exitCode !== undefined ? { exitCode: info.exitCode } : {}),
          // Found running (opened again, or after an edit): its uptime is the engine's, not zero.
          ...(status === 'ready' && info.startedAt !== undefined && ctx.book.get(unit)?.startedAt === undefined
            ? { startedAt: info.startedAt }
            : {}),
        },
      });
    }
  }
}

/**
 * Docker says "starting" until its next scheduled check, which may be an `interval` away. Run the
 * service's own test once now: if it passes, the service is ready, whatever Docker says yet.
 */
async function checkStartingHealth(ctx: RunContext, unit: string, info: ContainerInfo): Promise<void> {
  const test = ctx.stack.services[serviceOf(unit)]?.healthcheck?.test;
  if (
    info.state !== 'running' ||
    info.health !== 'starting' ||
    !test ||
    !ctx.pacing.fast.enabled ||
    ctx.starting.has(unit)
  )
    return;
  const result = await ctx.pacing.execs.run(() => new ExecProbe(ctx.driver, info.id, test, 2000).check());
  if (result.ok)
    ctx.containers.set(unit, {
      ...info,
      health: 'healthy',
      healthLog: [
        {
          exitCode: 0,
          output: 'passed when Stackpilot ran the health check (the engine still says starting)',
          at: ctx.clock.now(),
        },
      ],
    });
}

export function statusOf(ctx: RunContext, unit: string, info: ContainerInfo): [ServiceStatus, Reason] {
  const name = serviceOf(unit);
  if (info.state === 'running' || info.state === 'restarting') {
    if (info.health === 'healthy')
      return [
        'ready',
        {
          code: info.healthLog?.at(-1)?.output.startsWith('passed when Stackpilot')
            ? 'running-check-passes'
            : 'running-healthy',
        },
      ];
    if (info.health === 'unhealthy') {
      const output = info.healthLog?.at(-1)?.output.trim();
      return ['unhealthy', { code: 'running-unhealthy', ...(output !== undefined ? { output } : {}) }];
    }
    if (info.health === 'starting') return ['starting', { code: 'running-health-starting' }];
    return ['ready', { code: info.state === 'restarting' ? 'restarting' : 'running' }];
  }
  if (info.state === 'created') return ['stopped', { code: 'created-never-started' }];
  if (info.state === 'paused') return ['stopped', { code: 'paused' }];
  if (info.exitCode === 0 && (ctx.jobs.has(name) || readinessRule(ctx.service(name)) === 'running'))
    return ['completed', { code: 'exited', exitCode: 0 }];
  const exited: Reason = {
    code: 'exited',
    ...(info.exitCode !== undefined ? { exitCode: info.exitCode } : {}),
    ...(info.oomKilled ? { oomKilled: true } : {}),
  };
  if (info.exitCode === 143 || info.exitCode === 137 || info.exitCode === 0) return ['stopped', exited];
  return ['failed', exited];
}

/** Drift: our own hash when we made the container; for containers compose made, at least the image. */
export function isOutdated(ctx: RunContext, unit: string, info: ContainerInfo): boolean {
  // Not yet known: its providers have not run (the up runs them first, then judges).
  if (!ctx.providers.knownFor(ctx.service(serviceOf(unit)))) return false;
  const spec = ctx.spec(unit);
  const ours = stackpilotHashOf(info.labels);
  return ours !== undefined ? ours !== stackpilotHashOf(spec.labels) : info.image !== spec.image;
}

/** What was wanted up and is not running now (an engine restart stops containers): what a reconnect brings back. */
export function lostServices(ctx: RunContext): string[] {
  return [...ctx.desired].filter((name) =>
    ctx.units(name).some((unit) => {
      const info = ctx.containers.get(unit);
      const doneJob = ctx.jobs.has(name) && info?.state === 'exited' && info.exitCode === 0;
      return !ctx.starting.has(unit) && !doneJob && info?.state !== 'running' && info?.state !== 'restarting';
    }),
  );
}

/** The dependents a restart of `name` takes along: those that declare `depends_on.<name>.restart: true` and have a container. */
export function restartFollowers(ctx: RunContext, name: string): string[] {
  return (ctx.graph.dependents.get(name) ?? []).filter(
    (d) => ctx.stack.services[d]?.dependsOn[name]?.restart && ctx.units(d).some((u) => ctx.containers.has(u)),
  );
}

/** A container of the stack that starts (again) is followed from where its logs were left. */
export function followStartedLogs(ctx: RunContext, logs: LogHub): void {
  ctx.events.onAny((e) => {
    const name = e.labels[Label.service];
    const replica = Number(e.labels[Label.containerNumber] ?? '1') || 1;
    if (e.action === 'start' && name && ctx.book.has(unitKey(name, replica)))
      logs.follow(name, e.containerId, true, replica);
  });
}
