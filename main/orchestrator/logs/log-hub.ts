import type { Clock } from '../clock';
import type { ContainerDriver, LogLine, Subscription } from '../driver';
import { RingBuffer } from './ring-buffer';
import { sortableTimestamp, unixSeconds } from './timestamps';

export interface LogEntry {
  /** Increases by one per line across the stack: the order lines were received in. */
  seq: number;
  service: string;
  /** Which of the service's containers printed it (1 for a one-replica service). */
  replica: number;
  stream: 'stdout' | 'stderr';
  /** The engine's timestamp (RFC 3339, nanoseconds). */
  timestamp: string;
  text: string;
}

export interface LogHubOptions {
  maxLinesPerService: number;
  maxBytesPerService: number;
  /** Subscribers get lines in batches, at most this often… */
  batchIntervalMs: number;
  /** …or as soon as this many are waiting. */
  maxBatch: number;
}

export const LOG_HUB_DEFAULTS: LogHubOptions = {
  maxLinesPerService: 50_000,
  maxBytesPerService: 8 * 1024 * 1024,
  batchIntervalMs: 50,
  maxBatch: 2000,
};

export interface SearchQuery {
  text: string;
  regex?: boolean;
  caseSensitive?: boolean;
  services?: readonly string[];
  limit?: number;
}

interface Follow {
  containerId: string;
  subscription: Subscription;
  /** Resolves once the stream has ended (the container stopped, or the follow was closed). */
  ended: Promise<void>;
}

interface Position {
  /** Sortable timestamp of the newest line taken. */
  last: string;
  /** Texts of the lines taken at exactly `last`, to drop them when the engine sends them again. */
  atLast: Set<string>;
}

const SEARCH_CHUNK = 5000;
const RESUME_FIRST_WAIT_MS = 100;
const RESUME_MAX_WAIT_MS = 5000;
const ENTRY_OVERHEAD = 64;

/**
 * The stack's logs: one bounded buffer per service, every line with its service, stream, engine
 * timestamp and a sequence number. Following a container resumes from the last timestamp taken, so
 * after a container restart or an engine reconnect no line is lost and none is taken twice.
 */
export class LogHub {
  private readonly buffers = new Map<string, RingBuffer<LogEntry>>();
  private readonly positions = new Map<string, Position>();
  private readonly follows = new Map<string, Follow>();
  private readonly listeners = new Set<(batch: LogEntry[]) => void>();
  private pending: LogEntry[] = [];
  private flushScheduled = false;
  private seq = 0;
  private readonly options: LogHubOptions;
  /** The container each followed replica should be read from; a stream that breaks is resumed while it runs. */
  private readonly wanted = new Map<string, string>();
  /** Resumes in a row per replica with no line between them: the wait before the next grows with it. */
  private readonly resumes = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly driver: ContainerDriver,
    private readonly clock: Clock,
    options: Partial<LogHubOptions> = {},
  ) {
    this.options = { ...LOG_HUB_DEFAULTS, ...options };
  }

  /** Follows a container's logs for `service` (its replica `replica`) from where this hub left off (or from its start). */
  follow(service: string, containerId: string, again = false, replica = 1): void {
    const key = `${service}#${replica}`;
    const current = this.follows.get(key);
    // `again`: the container restarted, its old stream is ending or has ended; start a fresh one.
    if (current?.containerId === containerId && !again) return;
    current?.subscription.close();
    this.wanted.set(key, containerId);
    // Resume from the older of the two streams' last lines (whole seconds: the engine may send a few
    // lines again, and take() drops those).
    const lasts = (['stdout', 'stderr'] as const)
      .map((s) => this.positions.get(`${key}\0${s}`)?.last)
      .filter((t): t is string => t !== undefined);
    const since = lasts.length > 0 ? Math.floor(Math.min(...lasts.map(unixSeconds))) : undefined;
    // A driver may end the stream before logs() returns (a container already gone): then nothing is followed.
    let ended = false;
    let markEnded!: () => void;
    const endedPromise = new Promise<void>((r) => (markEnded = r));
    let subscription: Subscription | undefined = undefined;
    subscription = this.driver.logs(
      containerId,
      { follow: true, ...(since !== undefined ? { since } : {}) },
      (line) => this.take(service, replica, line),
      () => {
        ended = true;
        markEnded();
        // The stream ends when the container stops or the engine goes (follow() again re-attaches then),
        // or when the connection carrying it breaks: then it is resumed while the container runs.
        if (subscription && this.follows.get(key)?.subscription === subscription) {
          this.follows.delete(key);
          void this.resumeIfRunning(service, containerId, replica);
        }
      },
    );
    if (!ended) this.follows.set(key, { containerId, subscription, ended: endedPromise });
  }

  /**
   * Once the container's stream has ended (it has exited), every line of it handed to the
   * subscribers: an attached up that ends when its services exit prints their last lines first.
   */
  async drain(service: string, containerId: string, replica = 1): Promise<void> {
    this.follow(service, containerId, false, replica);
    await this.follows.get(`${service}#${replica}`)?.ended;
    this.flush();
  }

  /**
   * A stream that ended while its container still runs was cut (a proxy, a dropped connection): follow
   * it again from the last line taken, after a wait that grows while cuts come with no line between.
   */
  private async resumeIfRunning(service: string, containerId: string, replica: number): Promise<void> {
    const key = `${service}#${replica}`;
    const inARow = (this.resumes.get(key) ?? 0) + 1;
    this.resumes.set(key, inARow);
    await this.clock.sleep(Math.min(RESUME_MAX_WAIT_MS, RESUME_FIRST_WAIT_MS * 2 ** (inARow - 1)));
    const stillWanted = (): boolean => !this.closed && !this.follows.has(key) && this.wanted.get(key) === containerId;
    if (!stillWanted()) return;
    const info = await this.driver.inspectContainer(containerId).catch(() => undefined);
    if (info?.state === 'running' && stillWanted()) this.follow(service, containerId, false, replica);
  }

  isFollowing(service: string, replica = 1): boolean {
    return this.follows.has(`${service}#${replica}`);
  }

  stop(service: string, replica = 1): void {
    const key = `${service}#${replica}`;
    this.follows.get(key)?.subscription.close();
    this.follows.delete(key);
    this.wanted.delete(key);
  }

  private take(service: string, replica: number, line: LogLine): void {
    const key = sortableTimestamp(line.timestamp);
    // Per container and stream: stdout and stderr each arrive in order, but not necessarily in order with each other.
    const positionKey = `${service}#${replica}\0${line.stream}`;
    const position = this.positions.get(positionKey);
    if (position) {
      if (key < position.last) return;
      if (key === position.last) {
        if (position.atLast.has(line.text)) return;
        position.atLast.add(line.text);
      } else {
        position.last = key;
        position.atLast = new Set([line.text]);
      }
    } else this.positions.set(positionKey, { last: key, atLast: new Set([line.text]) });
    if (this.resumes.size > 0) this.resumes.delete(`${service}#${replica}`);
    const entry: LogEntry = {
      seq: ++this.seq,
      service,
      replica,
      stream: line.stream,
      timestamp: line.timestamp,
      text: line.text,
    };
    this.buffer(service).push(entry);
    this.pending.push(entry);
    if (this.pending.length >= this.options.maxBatch) this.flush();
    else this.scheduleFlush();
  }

  private buffer(service: string): RingBuffer<LogEntry> {
    let b = this.buffers.get(service);
    if (!b) {
      b = new RingBuffer<LogEntry>(
        this.options.maxLinesPerService,
        this.options.maxBytesPerService,
        (e) => e.text.length + ENTRY_OVERHEAD,
      );
      this.buffers.set(service, b);
    }
    return b;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    void this.clock.sleep(this.options.batchIntervalMs).then(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const l of this.listeners) l(batch);
  }

  /** Lines arrive in batches (at most every batchIntervalMs, or maxBatch at once). */
  subscribe(listener: (batch: LogEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The buffered lines of the given services (default all), in the order they were received. */
  lines(services?: readonly string[]): LogEntry[] {
    const names = services ?? [...this.buffers.keys()];
    return names.flatMap((n) => this.buffers.get(n)?.toArray() ?? []).sort((a, b) => a.seq - b.seq);
  }

  stats(): { lines: number; bytes: number } {
    let lines = 0;
    let bytes = 0;
    for (const b of this.buffers.values()) {
      lines += b.length;
      bytes += b.size;
    }
    return { lines, bytes };
  }

  /**
   * Searches the buffers by substring or regex, newest last, yielding to the event loop every few
   * thousand lines so a search over a big buffer never blocks the app.
   */
  async search(query: SearchQuery): Promise<LogEntry[]> {
    let test: (text: string) => boolean;
    if (query.regex) {
      const re = new RegExp(query.text, query.caseSensitive ? '' : 'i');
      test = (t) => re.test(t);
    } else if (query.caseSensitive) test = (t) => t.includes(query.text);
    else {
      const needle = query.text.toLowerCase();
      test = (t) => t.toLowerCase().includes(needle);
    }
    const limit = query.limit ?? 1000;
    const found: LogEntry[] = [];
    const all = this.lines(query.services);
    for (let i = 0; i < all.length; i += SEARCH_CHUNK) {
      for (const e of all.slice(i, i + SEARCH_CHUNK)) if (test(e.text)) found.push(e);
      await new Promise<void>((r) => setImmediate(r));
    }
    return found.slice(-limit);
  }

  close(): void {
    this.closed = true;
    for (const f of this.follows.values()) f.subscription.close();
    this.follows.clear();
    this.listeners.clear();
  }
}
