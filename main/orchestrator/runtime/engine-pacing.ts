import type { Clock } from '../clock';
import { AdaptiveLimit } from './adaptive-limit';

export interface FastReadinessOptions {
  enabled: boolean;
  /** Probes this often at first; later every ~5% of the time waited so far, up to `maxIntervalMs`. */
  firstIntervalMs: number;
  maxIntervalMs: number;
  /**
   * Health-check probes per second for the whole stack on a quiet engine: with many services starting
   * at once each probes less often, with one or two, as often as firstIntervalMs allows.
   */
  probesPerSecond: number;
}

export const FAST_READINESS_DEFAULTS: FastReadinessOptions = {
  enabled: true,
  firstIntervalMs: 50,
  maxIntervalMs: 1000,
  probesPerSecond: 40,
};

/**
 * The most container creates or starts given to the engine at once. High, as docker compose (which
 * sets no limit): when the engine is busy with other work (the health checks of the containers already
 * running), a stack that asks for fewer at once gets a smaller share of it and starts slower.
 */
export const DEFAULT_CONCURRENCY = 32;

/** Answers this many times slower than the engine's best: it is saturated, and probes step aside. */
export const SATURATED = 4;

/** Probes a second for the whole stack while the engine is saturated (an exec costs it ~0.2 CPU-s). */
const SATURATED_PROBES_PER_SECOND = 2;

/**
 * One stack's pace with the engine: how many container starts and probe execs it is given at once
 * (each following how fast the engine answers), and how often each service may be probed now.
 *
 * A probe is an exec, which costs the engine about a quarter of a container start. Fast readiness is
 * worth that only while the engine has room: when starts are waiting their turn the engine already has
 * work that is sure to be needed (learning sooner that a service is ready would only queue more), and
 * when execs answer several times slower than the engine's best, probes would take the time the
 * engine needs for the stack itself. Then each service is probed no more often than its own health
 * check's interval, the engine's schedule, and its health status counts as ever.
 */
export class EnginePacing {
  /**
   * Container creates and starts, together: the starts pace it (a create answers in a tenth of a
   * start's time, and would only blur what "quick" means).
   */
  readonly starts: AdaptiveLimit;
  readonly execs: AdaptiveLimit;
  /** A container create: it takes a place among the starts, untimed. `urgency`: as start()'s. */
  create<T>(task: () => Promise<T>, urgency = 0): Promise<T> {
    return this.starts.run(task, false, urgency);
  }

  /**
   * A container start. `urgency` is how many services wait on this one, directly or not: while
   * starts queue, those on the stack's critical path go first.
   */
  start<T>(task: () => Promise<T>, urgency = 0): Promise<T> {
    return this.starts.run(task, true, urgency);
  }

  /** Services being probed for readiness now. */
  probing = 0;

  constructor(
    clock: Clock,
    readonly fast: FastReadinessOptions,
    concurrency: number,
  ) {
    const most = Math.max(1, concurrency);
    const containers = { initial: most, min: Math.ceil(most / 2), max: most, slackMs: 100, expectedMs: 1500 };
    this.starts = new AdaptiveLimit(clock, containers);
    this.execs = new AdaptiveLimit(clock, { initial: 2, min: 1, max: 6, slackMs: 30, expectedMs: 250 });
  }

  /** How much slower than its best the engine answers now (starts count while they are going on). */
  get slowdown(): number {
    const starting = this.starts.inFlight + this.starts.queued > 0;
    return Math.max(this.execs.slowdown, starting ? this.starts.slowdown : 1);
  }

  get saturated(): boolean {
    return this.slowdown >= SATURATED;
  }

  /**
   * When to probe a service next: often while its start is young (~5% of the time waited so far),
   * within the stack's probe budget shared by every service probed at once; while the engine is
   * saturated, within a small budget or, shared by too many, on the engine's schedule.
   */
  probeIntervalMs(elapsedMs: number, checkIntervalMs: number | undefined): number {
    const engineSchedule = checkIntervalMs ?? this.fast.maxIntervalMs;
    const cap = Math.min(this.fast.maxIntervalMs, engineSchedule);
    if (this.saturated) {
      // A few probes a second for the whole stack cost a saturated engine little, and can save a hop
      // a whole check interval (30 s in many stacks). Shared by more services than that allows each
      // before its own check would run, probing adds load and learns nothing sooner: the engine's
      // schedule, with room to spare.
      const share = (this.probing * 1000) / SATURATED_PROBES_PER_SECOND;
      return share < engineSchedule ? Math.max(cap, share) : Math.max(4 * engineSchedule, 10_000);
    }
    const budget = (this.probing * 1000 * Math.max(1, this.slowdown)) / this.fast.probesPerSecond;
    const startsWaiting = this.starts.queued > 0 ? cap : 0;
    return Math.min(cap, Math.max(this.fast.firstIntervalMs, elapsedMs / 20, budget, startsWaiting));
  }
}
