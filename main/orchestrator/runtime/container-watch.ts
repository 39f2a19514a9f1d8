import type { ContainerInfo, HealthState } from '../driver';
import type { EventRouter } from './event-router';

export interface WatchState {
  exited?: { exitCode: number; at: number };
  health?: { state: HealthState; at: number };
  oomKilled: boolean;
}

/**
 * Records what the engine says about one container from before its start, so a container that dies
 * in its first milliseconds is not missed by a wait that begins a little later.
 */
export class ContainerWatch {
  readonly state: WatchState = { oomKilled: false };
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    events: EventRouter,
    readonly containerId: string,
  ) {
    this.unsubscribe = events.onContainer(containerId, (e) => {
      if (e.action === 'start') delete this.state.exited;
      else if (e.action === 'die') this.state.exited = { exitCode: e.exitCode ?? -1, at: e.time };
      else if (e.action === 'oom') this.state.oomKilled = true;
      else if (e.action === 'health_status' && e.health) this.state.health = { state: e.health, at: e.time };
      else return;
      for (const l of this.listeners) l();
    });
  }

  /** What an inspect says now, for a container whose earlier events were never seen (adopted). */
  seed(info: ContainerInfo | undefined, at: number): void {
    if (!info) return;
    if (info.state === 'exited' || info.state === 'dead')
      this.state.exited ??= { exitCode: info.exitCode ?? -1, at: info.finishedAt ?? at };
    if (info.oomKilled) this.state.oomKilled = true;
    if (info.health && !this.state.health) this.state.health = { state: info.health, at };
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
