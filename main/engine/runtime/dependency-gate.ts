import type { DependencyCondition, Service } from '../compose/model';
import type { RunContext } from './run-context';

export type Outcome = 'ready' | 'completed' | 'failed' | 'blocked' | 'aborted';

/** One service's part in an Up: when it has started (service_started) and how it ended. */
export interface Task {
  started: Promise<boolean>;
  done: Promise<Outcome>;
}

const CONDITION_WORDS: Record<DependencyCondition, string> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

/**
 * The dependency gate and the wait explainer: a service starts when each dependency meets its
 * condition; meanwhile it says what it waits on and where each dependency is, and if one fails for
 * good it is blocked, saying by which.
 */
export class DependencyGate {
  constructor(private readonly ctx: RunContext) {}

  /** Resolves true when every dependency meets its condition, false (blocked) when one cannot. */
  async wait(service: Service, run: (name: string) => Task): Promise<boolean> {
    const { ctx } = this;
    const deps = Object.entries(service.dependsOn);
    if (deps.length === 0) return true;
    ctx.unmet.set(service.name, new Set(deps.map(([d]) => d)));
    this.explain(service.name);
    const results = await Promise.all(
      deps.map(async ([dep, d]) => {
        const task = run(dep);
        const ok = d.condition === 'service_started' ? await task.started : (await task.done) === (d.condition === 'service_healthy' ? 'ready' : 'completed');
        if (ok) {
          ctx.unmet.get(service.name)?.delete(dep);
          this.explain(service.name);
        }
        return { dep, condition: d.condition, ok };
      }),
    );
    const failed = results.find((r) => !r.ok);
    if (!failed) return true;
    // The start-up may have ended meanwhile (the image failed): then its state says why, not this.
    if (!ctx.starting.has(service.name)) return false;
    const snap = ctx.book.get(failed.dep);
    ctx.book.apply(service.name, {
      type: 'blocked',
      reason: `waiting for ${failed.dep} (${CONDITION_WORDS[failed.condition]}), which ${snap?.status === 'completed' ? 'completed instead' : `is ${snap?.status ?? 'unknown'}`}: ${snap?.reason ?? ''}`,
    });
    return false;
  }

  /** What a waiting service waits on, and where each dependency is. */
  explain(name: string): void {
    const { ctx } = this;
    const pending = ctx.unmet.get(name);
    const current = ctx.book.get(name);
    if (!pending || pending.size === 0 || !current || current.status === 'pulling' || current.status === 'building') return;
    const service = ctx.stack.services[name];
    const parts = [...pending].map((dep) => {
      const snap = ctx.book.get(dep);
      const cond = service?.dependsOn[dep]?.condition ?? 'service_started';
      if (!snap) return `${dep} (${CONDITION_WORDS[cond]}): unknown`;
      // A dependency that waits itself says on what, not its whole chain: each service explains its own wait.
      const theirs = ctx.unmet.get(dep);
      const detail = snap.status === 'waiting' && theirs && theirs.size > 0 ? `waiting for ${[...theirs].join(', ')}` : `${snap.status}${snap.reason ? ` — ${snap.reason}` : ''}`;
      return `${dep} (${CONDITION_WORDS[cond]}): ${detail}`;
    });
    ctx.book.apply(name, { type: 'waiting', reason: `waiting for ${parts.join('; ')}` });
  }

  /** A service changed: the services waiting on it may say something new. */
  explainDependents(name: string): void {
    for (const [waiter, deps] of this.ctx.unmet) if (deps.has(name)) this.explain(waiter);
  }
}
