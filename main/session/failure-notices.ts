import type { ServiceSnapshot, ServiceStatus } from '../orchestrator/runtime/service-state';
import type { Notice } from './run-journal';

/**
 * A service's failure, and its recovery after one, each told once as a notice (desktop
 * notifications, toasts): not every backoff or unhealthy spell on the way.
 */
export class FailureNotices {
  private readonly last = new Map<string, ServiceStatus>();
  /** Services that failed, backed off or went unhealthy since they were last ready. */
  private readonly troubled = new Set<string>();

  /** Where each service is now, without telling anything (what the engine ran when first read). */
  seed(services: readonly ServiceSnapshot[]): void {
    for (const s of services) this.last.set(s.name, s.status);
  }

  /** The notice a service's change calls for, if any. */
  changed(s: ServiceSnapshot): Notice | undefined {
    const before = this.last.get(s.name);
    this.last.set(s.name, s.status);
    if (before === undefined || before === s.status) return undefined;
    if (s.status === 'failed') {
      this.troubled.add(s.name);
      return { level: 'error', title: `${s.name} failed`, body: s.reason, service: s.name };
    }
    if (s.status === 'backoff' || s.status === 'unhealthy') this.troubled.add(s.name);
    else if (s.status === 'ready' && this.troubled.delete(s.name))
      return { level: 'success', title: `${s.name} recovered`, body: s.reason, service: s.name };
    return undefined;
  }

  clear(): void {
    this.last.clear();
    this.troubled.clear();
  }
}
