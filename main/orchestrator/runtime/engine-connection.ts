import type { Clock } from '../clock';
import type { ContainerDriver } from '../driver';

export type EngineStatus =
  | { state: 'connected'; since: number }
  | { state: 'unreachable'; reason: string; since: number; nextRetryAt: number; attempt: number };

const PING_TIMEOUT_MS = 3000;
// A frozen engine is noticed within WATCH_INTERVAL_MS + PING_TIMEOUT_MS; a ping costs the engine next to nothing.
const WATCH_INTERVAL_MS = 2000;
const MAX_RETRY_DELAY_MS = 10_000;

/**
 * Whether the engine answers. A broken event stream or a ping that times out (a frozen dockerd
 * answers nothing) makes it "unreachable"; reconnecting then goes on with backoff until the engine is
 * back, when `onReconnected` re-reads the truth. Waits for a connection can be awaited.
 */
export class EngineConnection {
  private current: EngineStatus;
  private readonly listeners = new Set<(s: EngineStatus) => void>();
  private waiters: (() => void)[] = [];
  private reconnecting = false;
  private watching = false;

  constructor(
    private readonly driver: ContainerDriver,
    private readonly clock: Clock,
    private readonly lifetime: AbortSignal,
    private readonly onReconnected: () => Promise<void>,
  ) {
    this.current = { state: 'connected', since: clock.now() };
  }

  get status(): EngineStatus {
    return this.current;
  }

  onStatus(listener: (s: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(status: EngineStatus): void {
    this.current = status;
    for (const l of this.listeners) l(status);
    if (status.state === 'connected') for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves at once when connected, else when the engine is back (rejects if `signal` aborts). */
  whenConnected(signal?: AbortSignal): Promise<void> {
    if (this.current.state === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push(resolve);
      signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  }

  /** Pings the engine every few seconds, so a frozen engine is noticed even with no call in flight. */
  watch(): void {
    if (this.watching) return;
    this.watching = true;
    void (async () => {
      while (!this.lifetime.aborted) {
        await this.clock.sleep(WATCH_INTERVAL_MS, this.lifetime);
        if (this.current.state !== 'connected') continue;
        await this.driver.ping(PING_TIMEOUT_MS).catch((err: unknown) => this.lost((err as Error).message));
      }
    })().catch(() => undefined);
  }

  /** The engine stopped answering: say so and reconnect with backoff until it is back. */
  lost(reason: string): void {
    if (this.reconnecting || this.lifetime.aborted) return;
    this.reconnecting = true;
    const since = this.clock.now();
    void (async () => {
      let why = reason;
      for (let attempt = 1; !this.lifetime.aborted; attempt++) {
        const delay = Math.min(MAX_RETRY_DELAY_MS, 500 * 2 ** (attempt - 1));
        this.set({ state: 'unreachable', reason: why, since, nextRetryAt: this.clock.now() + delay, attempt });
        await this.clock.sleep(delay, this.lifetime);
        try {
          await this.driver.ping(PING_TIMEOUT_MS);
        } catch (err) {
          why = (err as Error).message;
          continue;
        }
        await this.onReconnected();
        this.set({ state: 'connected', since: this.clock.now() });
        return;
      }
    })()
      .catch(() => undefined)
      .finally(() => {
        this.reconnecting = false;
      });
  }
}
