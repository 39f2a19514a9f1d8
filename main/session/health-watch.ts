import type { Clock } from '../orchestrator/clock';
import type { Stack } from '../orchestrator/compose/model';
import type { ContainerDriver } from '../orchestrator/driver';
import { healthReport } from '../orchestrator/runtime/health-report';
import type { HealthReport } from '../orchestrator/runtime/health-report';
import { readinessRule } from '../orchestrator/runtime/readiness';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';

/** Containers inspected per second at most: a 60-service start does not flood the engine. */
const PER_TICK = 6;
const TICK_MS = 1000;

interface Followed extends HealthReport {
  containerId: string;
}

/**
 * The engine's health log of each service that is starting (or unhealthy) with a health check: read
 * from the engine about once a second while there is one, the services others wait on first, so a
 * wait can say what the engine's probes answered and when it probes next. The last report is kept
 * once the service moves on (a failed one's log says why), until its container changes.
 */
export class HealthWatch {
  private readonly reports = new Map<string, Followed>();
  private readonly stopped = new AbortController();
  private running = false;

  constructor(
    private readonly driver: ContainerDriver,
    private readonly clock: Clock,
    private readonly stack: Stack,
    /** The engine honours start_interval (API 1.44 and later). */
    private readonly startIntervalApplies: boolean,
    private readonly snapshots: () => readonly ServiceSnapshot[],
    private readonly onChange: (service: string) => void,
  ) {}

  /** The report of the service's current container, if one was read. */
  of(s: ServiceSnapshot): HealthReport | undefined {
    const r = this.reports.get(s.name);
    if (!r || r.containerId !== s.containerId) return undefined;
    const { containerId: _, ...report } = r;
    return report;
  }

  /**
   * A service changed: when it is one to follow, the reading starts (the loop then finds every other
   * one itself). Cheap for every other change: it runs on each state change of every service.
   */
  poke(changed: ServiceSnapshot): void {
    if (this.running || this.stopped.signal.aborted || !this.follows(changed)) return;
    this.running = true;
    void this.loop().finally(() => (this.running = false));
  }

  close(): void {
    this.stopped.abort();
  }

  /** Starting or unhealthy, in a container, behind a health check. */
  private follows(s: ServiceSnapshot): boolean {
    const service = this.stack.services[s.name];
    return (
      (s.status === 'starting' || s.status === 'unhealthy') &&
      s.containerId !== undefined &&
      service !== undefined &&
      readinessRule(service) === 'healthcheck'
    );
  }

  private targets(): ServiceSnapshot[] {
    const all = this.snapshots();
    const waitedOn = new Set(all.flatMap((s) => (s.why.code === 'waiting' ? s.why.on.map((d) => d.service) : [])));
    return all
      .filter((s) => this.follows(s))
      .sort((a, b) => Number(waitedOn.has(b.name)) - Number(waitedOn.has(a.name)))
      .slice(0, PER_TICK);
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const targets = this.targets();
        if (targets.length === 0) return;
        await Promise.all(targets.map((s) => this.read(s)));
        await this.clock.sleep(TICK_MS, this.stopped.signal);
      }
    } catch {
      // Closed (an abort), or the engine went away: the next change starts it again.
    }
  }

  private async read(s: ServiceSnapshot): Promise<void> {
    const id = s.containerId;
    if (!id) return;
    const info = await this.driver.inspectContainer(id).catch(() => undefined);
    if (!info || this.stopped.signal.aborted) return;
    const report = {
      ...healthReport(info, this.stack.services[s.name]?.healthcheck, this.startIntervalApplies),
      containerId: id,
    };
    const before = this.reports.get(s.name);
    this.reports.set(s.name, report);
    if (JSON.stringify(before) !== JSON.stringify(report)) this.onChange(s.name);
  }
}
