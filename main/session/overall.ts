import type { ServiceStatus } from '../orchestrator/runtime/service-state';

/** The stack in one word, for the tray and the window title. */
export type OverallState = 'idle' | 'starting' | 'ready' | 'failed';

/** The stack in one word, in words, and whether any container is up or on its way. */
export interface Overall {
  state: OverallState;
  words: string;
  running: boolean;
}

/** What the overall state needs of a service: snapshots and the window's views both have it. */
interface StateOf {
  status: ServiceStatus;
  circuit?: 'closed' | 'open' | 'half-open' | undefined;
  containerId?: string | undefined;
}

/**
 * Failed if anything failed (or its circuit is open), else starting while anything is on its way,
 * else ready once something runs, else idle.
 */
export function overallState(services: readonly StateOf[]): OverallState {
  if (services.some((s) => s.status === 'failed' || s.status === 'blocked' || s.circuit === 'open')) return 'failed';
  if (
    services.some((s) =>
      ['waiting', 'pulling', 'building', 'starting', 'backoff', 'unhealthy', 'stopping'].includes(s.status),
    )
  )
    return 'starting';
  if (services.some((s) => s.status === 'ready')) return 'ready';
  return 'idle';
}

export const OVERALL_WORDS: Record<OverallState, string> = {
  idle: 'not running',
  starting: 'starting',
  ready: 'all ready',
  failed: 'something failed',
};

const LIVE = new Set<string>(['waiting', 'starting', 'ready', 'unhealthy', 'backoff']);

/** A service of the stack that is up or on its way, with its container made (it holds its ports). */
export function hasLiveContainer(s: { status: string; containerId?: string | undefined }): boolean {
  return s.containerId !== undefined && LIVE.has(s.status);
}

/** Whether quitting would leave containers running. */
export function isRunning(services: readonly StateOf[]): boolean {
  return services.some(hasLiveContainer);
}

/** The stack in one word, and whether containers run. */
export function overallOf(services: readonly StateOf[]): Overall {
  const state = overallState(services);
  return { state, words: OVERALL_WORDS[state], running: isRunning(services) };
}
