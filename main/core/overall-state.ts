import type { OverallState, OverallView, ServiceStateView } from '../../preload/contract';

/** What the overall state needs of a service: engine snapshots and contract views both have it. */
type StateOf = Pick<ServiceStateView, 'status' | 'circuit' | 'containerId'>;

export type { OverallState } from '../../preload/contract';

/**
 * The stack in one word, for the tray and the window title: failed if anything failed (or its circuit
 * is open), else starting while anything is on its way, else ready once something runs, else idle.
 */
export function overallState(services: readonly StateOf[]): OverallState {
  if (services.some((s) => s.status === 'failed' || s.status === 'blocked' || s.circuit === 'open')) return 'failed';
  if (services.some((s) => ['waiting', 'pulling', 'building', 'starting', 'backoff', 'unhealthy', 'stopping'].includes(s.status))) return 'starting';
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

/** The stack in one word, and whether containers run: computed here, sent to the window as is. */
export function overallView(services: readonly StateOf[]): OverallView {
  const state = overallState(services);
  return { state, words: OVERALL_WORDS[state], running: isRunning(services) };
}
