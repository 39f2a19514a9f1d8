import type { Clock } from '../clock';

export interface AdaptiveLimitOptions {
  /** Calls let in at once before anything is measured. */
  initial: number;
  min: number;
  max: number;
  /** Latency under this much over the baseline never counts as slow (a quiet engine's jitter). */
  slackMs: number;
  /**
   * What a quiet engine answers within: the baseline is never above it, so an engine that is already
   * saturated at its first answer is seen as slow, not taken as the measure of quick.
   */
  expectedMs: number;
}

/**
 * How many calls of one kind (container starts, probe execs) the engine is given at once, following
 * how fast it answers them: one more each time answers come at about the quickest seen, a quarter
 * fewer when they take over twice that (the engine queues them, so more at once only adds waiting).
 * The quickest seen creeps up with time (never past what a quiet engine answers within), so an engine
 * that has become slower for good resets what "quick" means instead of being held to an old best.
 */
export class AdaptiveLimit {
  private allowed: number;
  private running = 0;
  /** Calls waiting for a place, in arrival order; the most urgent goes first. */
  private readonly waiters: { urgency: number; enter: () => void }[] = [];
  private quickest: number | undefined;
  private recentMs: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly opts: AdaptiveLimitOptions,
  ) {
    this.allowed = Math.min(opts.max, Math.max(opts.min, opts.initial));
  }

  /** Calls let in at once now. */
  get limit(): number {
    return Math.floor(this.allowed);
  }

  /** Calls waiting for a place. */
  get queued(): number {
    return this.waiters.length;
  }

  get inFlight(): number {
    return this.running;
  }

  /** The recent latency (smoothed), once anything was measured. */
  get latencyMs(): number | undefined {
    return this.recentMs;
  }

  /** The quickest answer seen lately. */
  get baselineMs(): number | undefined {
    return this.quickest;
  }

  /**
   * How much slower than its best the engine answers now: 1 is as quick as ever; 4 and more, it is
   * saturated. 1 until something was measured.
   */
  get slowdown(): number {
    if (this.quickest === undefined || this.recentMs === undefined) return 1;
    return this.recentMs / (this.quickest + this.opts.slackMs);
  }

  /**
   * Runs `task` once there is room; its latency paces the limit unless `timed` is false (a call of
   * another kind, sharing the room). Of the calls waiting, the one with the highest `urgency` goes
   * first (the start of a service much of the stack waits on, before one nothing waits on).
   */
  async run<T>(task: () => Promise<T>, timed = true, urgency = 0): Promise<T> {
    // A waiter is handed its place by admit() (counted there), so none is let in twice.
    if (this.running >= this.limit || this.waiters.length > 0)
      await new Promise<void>((enter) => this.waiters.push({ urgency, enter }));
    else this.running++;
    const t0 = this.clock.now();
    let measured = false;
    try {
      const out = await task();
      measured = true;
      return out;
    } finally {
      this.running--;
      // A call that failed says little about the engine's pace (a refused start answers at once).
      if (measured && timed) this.sample(this.clock.now() - t0);
      this.admit();
    }
  }

  /** One answer's latency: the baseline, the smoothed recent latency and the limit follow it. */
  sample(ms: number): void {
    const best = this.quickest === undefined ? ms : Math.min(ms, this.quickest * 1.02 + 1);
    this.quickest = Math.min(best, this.opts.expectedMs);
    this.recentMs = this.recentMs === undefined ? ms : this.recentMs * 0.7 + ms * 0.3;
    if (ms <= 2 * this.quickest + this.opts.slackMs)
      this.allowed = Math.min(this.opts.max, this.allowed + 1 / this.allowed);
    else this.allowed = Math.max(this.opts.min, this.allowed * 0.75);
  }

  private admit(): void {
    while (this.running < this.limit && this.waiters.length > 0) {
      let most = 0;
      for (let i = 1; i < this.waiters.length; i++)
        if ((this.waiters[i]?.urgency ?? 0) > (this.waiters[most]?.urgency ?? 0)) most = i;
      const [next] = this.waiters.splice(most, 1);
      this.running++;
      next?.enter();
    }
  }
}
