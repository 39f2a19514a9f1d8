import type { CrashLoopPolicy } from '../compose/model';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Counts restarts of a service after it has been ready. Too many within the window opens the circuit:
 * the service is stopped and marked failed instead of restarting forever. `reset` half-opens it: one
 * more try, and the first successful start closes it again.
 */
export class CrashLoopCircuit {
  private restarts: number[] = [];
  private current: CircuitState = 'closed';

  constructor(private readonly policy: CrashLoopPolicy) {}

  get state(): CircuitState {
    return this.current;
  }

  /** Restarts within the window, as of `now`. */
  count(now: number): number {
    this.restarts = this.restarts.filter((t) => now - t < this.policy.window);
    return this.restarts.length;
  }

  /** Records a restart (or a crash about to be restarted); returns the state after it. */
  recordRestart(now: number): CircuitState {
    if (this.current === 'open') return this.current;
    this.restarts.push(now);
    // Half-open allows exactly one try: a crash there opens the circuit again at once.
    if (this.current === 'half-open' || this.count(now) >= this.policy.restarts) this.current = 'open';
    return this.current;
  }

  recordSuccess(): void {
    if (this.current === 'half-open') {
      this.current = 'closed';
      this.restarts = [];
    }
  }

  reset(): void {
    if (this.current === 'open') this.current = 'half-open';
  }

  describe(now: number): string {
    return `${this.count(now)} restarts within ${Math.round(this.policy.window / 1000)} s (limit ${this.policy.restarts})`;
  }
}

/** One circuit per service, made on first use with the service's policy. */
export class Circuits {
  private readonly circuits = new Map<string, CrashLoopCircuit>();

  constructor(private readonly policyOf: (service: string) => CrashLoopPolicy) {}

  of(service: string): CrashLoopCircuit {
    let c = this.circuits.get(service);
    if (!c) {
      c = new CrashLoopCircuit(this.policyOf(service));
      this.circuits.set(service, c);
    }
    return c;
  }
}
