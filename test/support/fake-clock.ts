import { AbortError } from '../../main/orchestrator/clock';
import type { Clock } from '../../main/orchestrator/clock';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** Lets pending promise chains run: a few turns of the event loop, no real time. */
export async function flush(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A clock that moves only when told to, running due timers in order. */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = 1_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortError());
      // As the system clock does: a sleep that ends takes its abort listener with it.
      const onAbort = (): void => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(new AbortError());
      };
      const timer: Timer = {
        at: this.t + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves time forward by `ms`, firing each due timer at its own time. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    await flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = next.at;
      next.resolve();
      await flush();
    }
    this.t = target;
    await flush();
  }

  /** Advances in small steps until `done` is settled; fails after `limitMs` of fake time. */
  async run<T>(done: Promise<T>, limitMs = 600_000, stepMs = 10): Promise<T> {
    let settled = false;
    void done.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let spent = 0; !settled; spent += stepMs) {
      if (spent > limitMs) throw new Error(`not settled within ${limitMs} ms of fake time`);
      await this.advance(stepMs);
    }
    return done;
  }
}
