import type { Clock } from '../orchestrator/clock';

/** The longest wait between two tries. */
const MAX_WAIT_MS = 10_000;

/**
 * An engine absent when a stack was opened, tried again — 1 s, 2 s, 4 s … then every 10 s — until
 * one answers; each wait is told first (when, which try), so the window can say "reconnecting in 4 s".
 */
export class EngineWatch {
  private current: AbortController | undefined;

  constructor(private readonly clock: Clock) {}

  /** Starts trying (once: a second call while it tries changes nothing). `attempt` resolves true once connected. */
  start(attempt: () => Promise<boolean>, report: (attempt: number, nextRetryAt: number, since: number) => void): void {
    if (this.current) return;
    const watch = new AbortController();
    this.current = watch;
    void (async () => {
      const since = this.clock.now();
      for (let n = 1; !watch.signal.aborted; n++) {
        const wait = Math.min(MAX_WAIT_MS, 1000 * 2 ** (n - 1));
        report(n, this.clock.now() + wait, since);
        try {
          await this.clock.sleep(wait, watch.signal);
        } catch {
          return;
        }
        if (await attempt()) break;
      }
      if (this.current === watch) this.current = undefined;
    })();
  }

  stop(): void {
    this.current?.abort();
    this.current = undefined;
  }
}
