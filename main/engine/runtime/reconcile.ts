import type { ContainerInfo } from '../driver';
import { ExecProbe } from '../probes/exec-probe';
import { stackpilotHashOf } from './container-spec';
import { Label } from './labels';
import { readinessRule } from './readiness';
import type { RunContext } from './run-context';
import { describeExit } from './service-state';
import type { ServiceStatus } from './service-state';

/**
 * Reconciling with what the engine already runs: reads the project's containers (started by
 * Stackpilot or by compose), adopts them, and says what each service's state is and whether its
 * container is outdated (config drift).
 */
export async function readEngine(ctx: RunContext): Promise<void> {
  const list = await ctx.driver.listContainers({ [Label.project]: ctx.stack.name });
  ctx.containers.clear();
  for (const info of list) {
    const service = info.labels[Label.service];
    if (!service || !ctx.stack.services[service] || info.labels[Label.oneoff] === 'True') continue;
    const known = ctx.containers.get(service);
    // Two containers for one service (say, compose v1's and ours): the running one counts.
    if (!known || (known.state !== 'running' && info.state === 'running')) ctx.containers.set(service, info);
  }
  await Promise.all([...ctx.containers.entries()].map(([name, info]) => checkStartingHealth(ctx, name, info)));
  for (const [name, info] of ctx.containers) {
    if (ctx.logs && (info.state === 'running' || info.state === 'restarting')) ctx.logs.follow(name, info.id);
  }
  for (const name of ctx.book.names()) {
    if (ctx.starting.has(name)) continue;
    const info = ctx.containers.get(name);
    if (!info) {
      ctx.book.apply(name, { type: 'observed', status: 'defined', reason: 'no container yet', patch: { outdated: false } });
      continue;
    }
    const [status, reason] = statusOf(ctx, name, info);
    ctx.book.apply(name, {
      type: 'observed',
      status,
      reason,
      patch: { containerId: info.id, containerName: info.name, outdated: isOutdated(ctx, name, info), ...(info.health ? { health: info.health } : {}), ...(info.exitCode !== undefined ? { exitCode: info.exitCode } : {}) },
    });
  }
}

/**
 * Docker says "starting" until its next scheduled check, which may be an `interval` away. Run the
 * service's own test once now: if it passes, the service is ready, whatever Docker says yet.
 */
async function checkStartingHealth(ctx: RunContext, name: string, info: ContainerInfo): Promise<void> {
  const test = ctx.stack.services[name]?.healthcheck?.test;
  if (info.state !== 'running' || info.health !== 'starting' || !test || !ctx.fast.enabled || ctx.starting.has(name)) return;
  const result = await new ExecProbe(ctx.driver, info.id, test, 2000).check();
  if (result.ok) ctx.containers.set(name, { ...info, health: 'healthy', healthLog: [{ exitCode: 0, output: 'passed when Stackpilot ran the health check (Docker still says starting)', at: ctx.clock.now() }] });
}

export function statusOf(ctx: RunContext, name: string, info: ContainerInfo): [ServiceStatus, string] {
  if (info.state === 'running' || info.state === 'restarting') {
    if (info.health === 'healthy') return ['ready', info.healthLog?.at(-1)?.output.startsWith('passed when Stackpilot') ? 'running; health check passes (Docker still says starting)' : 'running (healthy)'];
    if (info.health === 'unhealthy') return ['unhealthy', `running, unhealthy: ${info.healthLog?.at(-1)?.output.trim() ?? 'health check failing'}`];
    if (info.health === 'starting') return ['starting', 'running; health check starting'];
    return ['ready', info.state === 'restarting' ? 'restarting' : 'running'];
  }
  if (info.state === 'created') return ['stopped', 'created, never started'];
  if (info.exitCode === 0 && (ctx.jobs.has(name) || readinessRule(ctx.service(name)) === 'running')) return ['completed', 'exited with code 0'];
  if (info.exitCode === 143 || info.exitCode === 137 || info.exitCode === 0) return ['stopped', describeExit(info.exitCode, info.oomKilled)];
  return ['failed', describeExit(info.exitCode, info.oomKilled)];
}

/** Drift: our own hash when we made the container; for containers compose made, at least the image. */
export function isOutdated(ctx: RunContext, name: string, info: ContainerInfo): boolean {
  const spec = ctx.specs.get(name);
  if (!spec) return false;
  const ours = stackpilotHashOf(info.labels);
  return ours !== undefined ? ours !== stackpilotHashOf(spec.labels) : info.image !== spec.image;
}
