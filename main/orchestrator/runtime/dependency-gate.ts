import type { Service } from '../compose/model';
import type { ContainerInfo } from '../driver';
import { readinessRule } from './readiness';
import { serviceOf } from './replicas';
import type { RunContext } from './run-context';

export type Outcome = 'ready' | 'completed' | 'failed' | 'blocked' | 'aborted';

/** One service's part in an Up: when it has started (service_started) and how it ended. */
export interface Task {
  started: Promise<boolean>;
  done: Promise<Outcome>;
}

/**
 * The dependency gate and the wait explainer: a service starts when each dependency meets its
 * condition; meanwhile it says what it waits on and where each dependency is, and if one fails for
 * good it is blocked, saying by which.
 */
export class DependencyGate {
  /** Optional dependencies (`required: false`) that failed, their dependents started anyway: said once per up. */
  private readonly skipped = new Map<string, string>();

  constructor(private readonly ctx: RunContext) {}

  /** The warnings gathered since the last call, one per service and dependency. */
  takeWarnings(): { service: string; dependency: string; message: string }[] {
    const out = [...this.skipped].map(([key, message]) => {
      const [service = '', dependency = ''] = key.split('\0');
      return { service, dependency, message };
    });
    this.skipped.clear();
    return out;
  }

  /** Resolves true when every dependency of `unit`'s service meets its condition, false (blocked) when one cannot. */
  async wait(unit: string, service: Service, run: (name: string) => Task): Promise<boolean> {
    const { ctx } = this;
    const deps = Object.entries(service.dependsOn);
    if (deps.length === 0) return true;
    ctx.unmet.set(unit, new Set(deps.map(([d]) => d)));
    this.explain(unit);
    const results = await Promise.all(
      deps.map(async ([dep, d]) => {
        const task = run(dep);
        // service_healthy on a service that has no health check at all can never be met, as compose says.
        if (
          d.condition === 'service_healthy' &&
          readinessRule(ctx.service(dep)) === 'running' &&
          (await task.started)
        ) {
          const info = await this.containerOf(dep);
          // As compose looks: an exit first, then the missing health check.
          if (info?.state === 'exited')
            return { dep, condition: d.condition, ok: false, noHealth: false, exitCode: info.exitCode ?? 0 };
          if (info?.health === undefined) return { dep, condition: d.condition, ok: false, noHealth: true };
        }
        const ok =
          d.condition === 'service_started'
            ? await task.started
            : (await task.done) === (d.condition === 'service_healthy' ? 'ready' : 'completed');
        if (ok) {
          ctx.unmet.get(unit)?.delete(dep);
          this.explain(unit);
        }
        return { dep, condition: d.condition, ok, noHealth: false, exitCode: undefined };
      }),
    );
    // A dependency marked required: false that fails leaves its dependents starting, as compose does.
    for (const r of results.filter((x) => !x.ok && service.dependsOn[x.dep]?.required === false)) {
      const snap = ctx.serviceState(r.dep);
      const how = r.noHealth
        ? `${snap?.containerName ?? r.dep} has no health check`
        : snap
          ? `${snap.status}${snap.reason ? ` (${snap.reason})` : ''}`
          : 'it did not come up';
      // compose's words first: scripts and people search for them.
      this.skipped.set(
        `${service.name}\0${r.dep}`,
        `optional dependency "${r.dep}" failed to start: ${how}; ${service.name} starts without it`,
      );
      ctx.unmet.get(unit)?.delete(r.dep);
    }
    const failed = results.find((r) => !r.ok && service.dependsOn[r.dep]?.required !== false);
    if (!failed) return true;
    // The start-up may have ended meanwhile (the image failed): then its state says why, not this.
    if (!ctx.starting.has(unit)) return false;
    if (failed.noHealth) {
      ctx.book.apply(unit, { type: 'blocked', why: { code: 'no-healthcheck', dependency: failed.dep } });
      return false;
    }
    const snap = ctx.serviceState(failed.dep);
    ctx.book.apply(unit, {
      type: 'blocked',
      why: {
        code: 'blocked',
        dependency: failed.dep,
        condition: failed.condition,
        ...(snap ? { status: snap.status } : {}),
        reason: snap?.reason ?? '',
        ...(failed.exitCode !== undefined ? { exitCode: failed.exitCode } : {}),
      },
    });
    return false;
  }

  /** A started service's container as the engine has it now (a health check from its image counts). */
  private async containerOf(service: string): Promise<ContainerInfo | undefined> {
    const id = this.ctx.book.get(this.ctx.units(service)[0] ?? service)?.containerId;
    return id ? await this.ctx.driver.inspectContainer(id).catch(() => undefined) : undefined;
  }

  /** What a waiting unit waits on, and where each dependency is. */
  explain(unit: string): void {
    const { ctx } = this;
    const pending = ctx.unmet.get(unit);
    const current = ctx.book.get(unit);
    if (!pending || pending.size === 0 || !current || current.status === 'pulling' || current.status === 'building')
      return;
    const service = ctx.stack.services[serviceOf(unit)];
    const on = [...pending].map((dep) => {
      const snap = ctx.serviceState(dep);
      const condition = service?.dependsOn[dep]?.condition ?? 'service_started';
      if (!snap) return { service: dep, condition, detail: 'unknown' };
      // A dependency that waits itself says on what, not its whole chain: each service explains its own wait.
      const theirs = ctx.unmet.get(dep);
      const detail =
        snap.status === 'waiting' && theirs && theirs.size > 0
          ? `waiting for ${[...theirs].join(', ')}`
          : `${snap.status}${snap.reason ? ` — ${snap.reason}` : ''}`;
      return { service: dep, condition, detail };
    });
    ctx.book.apply(unit, { type: 'waiting', why: { code: 'waiting', on } });
  }

  /** A unit changed: the units waiting on its service may say something new. */
  explainDependents(unit: string): void {
    const service = serviceOf(unit);
    for (const [waiter, deps] of this.ctx.unmet) if (deps.has(service)) this.explain(waiter);
  }
}
