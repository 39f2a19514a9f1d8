import type { Clock } from '../clock';
import type { ContainerDriver, ContainerEvent, EventSubscription } from '../driver';

type Listener = (e: ContainerEvent) => void;

/**
 * One engine event subscription per stack, fanned out to listeners by container id (and to stack-wide
 * listeners). A broken stream is re-opened from the last event's time, so waits are not left hanging.
 */
export class EventRouter {
  private subscription: EventSubscription | undefined;
  private readonly byContainer = new Map<string, Set<Listener>>();
  private readonly all = new Set<Listener>();
  private lastEventAt: number | undefined;
  private closed = false;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly driver: ContainerDriver,
    private readonly clock: Clock,
    private readonly labels: Record<string, string>,
  ) {}

  /** Subscribes once; events from now on reach listeners. */
  start(): Promise<void> {
    this.ready ??= this.open();
    return this.ready;
  }

  private open(): Promise<void> {
    this.subscription = this.driver.events(
      this.labels,
      (e) => this.dispatch(e),
      (error) => {
        if (this.closed) return;
        // Re-open after a pause; the since-time catches up what was missed meanwhile.
        void this.clock.sleep(error ? 1000 : 200).then(() => {
          if (!this.closed) void this.open();
        });
      },
      this.lastEventAt,
    );
    return this.subscription.ready;
  }

  private dispatch(e: ContainerEvent): void {
    this.lastEventAt = e.time;
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
