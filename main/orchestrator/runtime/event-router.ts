import type { ContainerDriver, ContainerEvent, EventSubscription } from '../driver';

type Listener = (e: ContainerEvent) => void;

/** What tells one event from another that happened in the same millisecond. */
const eventKey = (e: ContainerEvent): string =>
  `${e.time} ${e.containerId} ${e.action} ${e.health ?? ''} ${e.exitCode ?? ''}`;

/**
 * One engine event subscription per stack, fanned out to listeners by container id (and to stack-wide
 * listeners). When the stream breaks, `onLost` is told; `reopen` subscribes again from the last event's
 * time, so the events missed meanwhile are caught up. The engine takes that time in whole seconds and
 * replays the whole second: events already dispatched are recognised and dropped, so a listener never
 * sees a start or a death twice (a replayed start after a kill would read as a restart).
 */
export class EventRouter {
  private subscription: EventSubscription | undefined;
  private readonly byContainer = new Map<string, Set<Listener>>();
  private readonly all = new Set<Listener>();
  private lastEventAt: number | undefined;
  /** The events dispatched since the start of the second `lastEventAt` falls in: what a reopen replays. */
  private readonly recent = new Set<string>();
  private recentSecond = -1;
  private closed = false;
  private ready: Promise<void> | undefined;
  /** Told when the stream ends or fails, with why. */
  onLost: (reason: string) => void = () => undefined;

  constructor(
    private readonly driver: ContainerDriver,
    private readonly labels: Record<string, string>,
  ) {}

  /** Subscribes once; events from now on reach listeners. */
  start(): Promise<void> {
    this.ready ??= this.open();
    return this.ready;
  }

  /** Subscribes again after a loss, from the last event seen. */
  reopen(): Promise<void> {
    this.subscription?.close();
    this.ready = this.open();
    return this.ready;
  }

  private open(): Promise<void> {
    const subscription = this.driver.events(
      this.labels,
      (e) => this.dispatch(e),
      (error) => {
        if (this.closed || this.subscription !== subscription) return;
        this.subscription = undefined;
        this.onLost(
          error ? `the connection to the engine broke (${error.message})` : 'the engine closed its event stream',
        );
      },
      this.lastEventAt,
    );
    this.subscription = subscription;
    return subscription.ready;
  }

  private dispatch(e: ContainerEvent): void {
    const key = eventKey(e);
    if (this.recent.has(key)) return;
    const second = Math.floor(e.time / 1000);
    if (second > this.recentSecond) {
      this.recent.clear();
      this.recentSecond = second;
    }
    if (second === this.recentSecond) this.recent.add(key);
    this.lastEventAt = Math.max(this.lastEventAt ?? 0, e.time);
    for (const l of this.byContainer.get(e.containerId) ?? []) l(e);
    for (const l of this.all) l(e);
  }

  onContainer(id: string, listener: Listener): () => void {
    const set = this.byContainer.get(id) ?? new Set();
    set.add(listener);
    this.byContainer.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byContainer.delete(id);
    };
  }

  onAny(listener: Listener): () => void {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.subscription?.close();
  }
}
