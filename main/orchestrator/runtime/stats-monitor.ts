import type { Clock } from '../clock';
import type { ContainerDriver, Subscription } from '../driver';
import type { ContainerStats } from '../stats';

/** A running container whose use is followed, and the service it belongs to. */
export interface StatsTarget {
  service: string;
  id: string;
}

/** A service's use at one moment, summed over its running containers. */
export interface ServiceStats extends ContainerStats {
  service: string;
  at: number;
  containers: number;
}

interface Followed {
  service: string;
  subscription: Subscription;
  last?: ContainerStats;
}

export const STATS_INTERVAL_MS = 2000;

/**
 * Follows the resource use of a stack's running containers, as `docker stats` does: one engine
 * stream per container (the engine samples each second, so no request is made per reading), the
 * newest reading of each kept, and every interval one batch per service. Only the newest reading is
 * held: memory does not grow with the run's length. Which containers run is read again only after
 * `changed()` says the stack did something.
 */
export class StatsMonitor {
  private readonly followed = new Map<string, Followed>();
  private readonly stop = new AbortController();
  private dirty = true;

  constructor(
    private readonly o: {
      driver: Pick<ContainerDriver, 'streamStats'>;
      clock: Clock;
      list: () => Promise<StatsTarget[]>;
      emit: (batch: ServiceStats[]) => void;
      intervalMs?: number;
    },
  ) {
    void this.loop();
  }

  /** A container started or stopped: the next round reads the list again. */
  changed(): void {
    this.dirty = true;
  }

  close(): void {
    this.stop.abort();
    for (const f of this.followed.values()) f.subscription.close();
    this.followed.clear();
  }

  private async loop(): Promise<void> {
    const interval = this.o.intervalMs ?? STATS_INTERVAL_MS;
    while (!this.stop.signal.aborted) {
      if (this.dirty) {
        this.dirty = false;
        await this.o
          .list()
          .then((targets) => this.follow(targets))
          // No engine for now: the next change (or reconnect) asks again.
          .catch(() => (this.dirty = true));
      }
      const batch = this.batch();
      if (batch.length > 0 && !this.stop.signal.aborted) this.o.emit(batch);
      await this.o.clock.sleep(interval, this.stop.signal).catch(() => undefined);
    }
  }

  private follow(targets: readonly StatsTarget[]): void {
    if (this.stop.signal.aborted) return;
    const wanted = new Map(targets.map((t) => [t.id, t.service]));
    for (const [id, f] of this.followed) {
      if (wanted.has(id)) continue;
      f.subscription.close();
      this.followed.delete(id);
    }
    for (const [id, service] of wanted) {
      if (this.followed.has(id)) continue;
      const entry: Followed = { service, subscription: { close: () => undefined } };
      this.followed.set(id, entry);
      entry.subscription = this.o.driver.streamStats(
        id,
        (s) => (entry.last = s),
        // The container stopped (or the engine went): forget it; a restart is a change.
        () => {
          if (this.followed.get(id) === entry) this.followed.delete(id);
          this.dirty = true;
        },
      );
    }
  }

  private batch(): ServiceStats[] {
    const at = this.o.clock.now();
    const byService = new Map<string, ServiceStats>();
    for (const f of this.followed.values()) {
      if (!f.last) continue;
      const sum = byService.get(f.service);
      byService.set(f.service, sum ? add(sum, f.last) : { ...f.last, service: f.service, at, containers: 1 });
    }
    return [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
  }
}

function add(sum: ServiceStats, s: ContainerStats): ServiceStats {
  const limits = [sum.memoryLimitBytes, s.memoryLimitBytes].filter((n) => n > 0);
  return {
    ...sum,
    cpuPercent: sum.cpuPercent + s.cpuPercent,
    memoryBytes: sum.memoryBytes + s.memoryBytes,
    // Each replica has its own limit: the tightest is the one that bites first.
    memoryLimitBytes: limits.length > 0 ? Math.min(...limits) : 0,
    netRxBytes: sum.netRxBytes + s.netRxBytes,
    netTxBytes: sum.netTxBytes + s.netTxBytes,
    blockReadBytes: sum.blockReadBytes + s.blockReadBytes,
    blockWriteBytes: sum.blockWriteBytes + s.blockWriteBytes,
    pids: sum.pids + s.pids,
    containers: sum.containers + 1,
  };
}
