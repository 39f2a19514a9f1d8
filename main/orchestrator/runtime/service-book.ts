import type { Clock } from '../clock';
import { initialSnapshot } from './service-state';
import type { ServiceSnapshot } from './service-state';
import { transition } from './service-machine';
import type { PortEffect, ServiceEvent } from './service-machine';

/**
 * Every service's snapshot, changed only through the state machine: applies events, runs their
 * effects (listeners told, waiting dependents re-explained), and keeps any refused event.
 */
export class ServiceBook {
  private readonly snapshots = new Map<string, ServiceSnapshot>();
  private readonly listeners = new Set<(s: ServiceSnapshot) => void>();
  /** Events the machine refused (a bug in the runner, never the user's doing): the newest 50. */
  readonly refused: string[] = [];
  /** Set by the dependency gate: a service changed, so what waits on it may say something new. */
  onChanged: (service: string) => void = () => undefined;

  constructor(
    private readonly clock: Clock,
    containerNames: ReadonlyMap<string, string>,
    private readonly onRefused?: (why: string) => void,
  ) {
    const at = clock.now();
    for (const [name, containerName] of containerNames)
      this.snapshots.set(name, initialSnapshot(name, containerName, at));
  }

  /** A unit that has no snapshot yet (a replica added by scaling up) gets one. */
  ensure(name: string, containerName: string): void {
    if (!this.snapshots.has(name)) this.snapshots.set(name, initialSnapshot(name, containerName, this.clock.now()));
  }

  /** A unit that is gone for good (a replica removed by scaling down). */
  drop(name: string): void {
    this.snapshots.delete(name);
  }

  get(name: string): ServiceSnapshot | undefined {
    return this.snapshots.get(name);
  }

  has(name: string): boolean {
    return this.snapshots.has(name);
  }

  names(): IterableIterator<string> {
    return this.snapshots.keys();
  }

  all(): ServiceSnapshot[] {
    return [...this.snapshots.values()];
  }

  subscribe(listener: (s: ServiceSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs an event through the machine; tells listeners and dependents here, and returns what the
   * transition asks of the engine and the clock for the caller to carry out (none when refused).
   */
  apply(name: string, event: ServiceEvent): PortEffect[] {
    const current = this.snapshots.get(name);
    if (!current) return [];
    const result = transition(current, event, this.clock.now());
    if (!result.ok) {
      this.refused.push(result.refused);
      if (this.refused.length > 50) this.refused.shift();
      this.onRefused?.(result.refused);
      return [];
    }
    const port: PortEffect[] = [];
    for (const effect of result.effects) {
      if (effect.kind === 'notify') {
        this.snapshots.set(name, effect.snapshot);
        for (const l of this.listeners) l(effect.snapshot);
      } else if (effect.kind === 'explain-dependents') this.onChanged(effect.service);
      else port.push(effect);
    }
    return port;
  }
}
