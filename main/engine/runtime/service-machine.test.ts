import { describe, expect, it } from 'vitest';
import { words } from './reasons';
import { transition } from './service-machine';
import type { ServiceEvent, ServiceEventType } from './service-machine';
import { initialSnapshot } from './service-state';
import type { ServiceSnapshot, ServiceStatus } from './service-state';

const STATES: ServiceStatus[] = ['defined', 'waiting', 'pulling', 'building', 'starting', 'ready', 'unhealthy', 'backoff', 'failed', 'blocked', 'stopping', 'stopped', 'completed'];

/**
 * The legal transitions, written out by hand: one row per event, one column per state it may come
 * from (in STATES order: defined waiting pulling building starting ready unhealthy backoff failed
 * blocked stopping stopped completed). "x" legal, "." refused.
 */
// prettier-ignore
const TABLE: Record<ServiceEventType, string> = {
  //                  d w p b s r u o f k S t c
  observed:           'x x x x x x x x x x x x x',
  noted:              'x x x x x x x x x x x x x',
  waiting:            'x x x x x x x x x x . x x',
  fetching:           'x x x x x x x x x x . x x',
  starting:           'x x x x x x x x x x . x x',
  'became-ready':     '. . . . x x x . . . . . .',
  'turned-unhealthy': '. . . . . x x . . . . . .',
  'backing-off':      '. . . . x x x x . . . . .',
  failed:             'x x x x x x x x x x . x x',
  blocked:            '. x x x x . . . . x . . .',
  stopping:           '. x . . x x x x x . . x x',
  stopped:            '. . . . . . . . . . x x .',
  completed:          '. . . . x x . . . . . . x',
  removed:            'x x x x x x x x x x x x x',
};

const TARGET: Partial<Record<ServiceEventType, ServiceStatus>> = {
  waiting: 'waiting',
  starting: 'starting',
  'became-ready': 'ready',
  'turned-unhealthy': 'unhealthy',
  'backing-off': 'backoff',
  failed: 'failed',
  blocked: 'blocked',
  stopping: 'stopping',
  stopped: 'stopped',
  completed: 'completed',
  removed: 'defined',
};

function inState(status: ServiceStatus): ServiceSnapshot {
  return { ...initialSnapshot('api', 't-api-1', 0), status, reason: `was ${status}` };
}

/** Each event with a reason of its own, so the words show which event made the change. */
function eventOf(type: ServiceEventType): ServiceEvent {
  if (type === 'observed') return { type, status: 'ready', why: { code: 'running-healthy' } };
  if (type === 'fetching') return { type, kind: 'pulling', why: { code: 'pulling', image: 'api:1' } };
  return { type, why: { code: 'background-failed', what: type, error: 'test' } };
}
const wordsOf = (type: ServiceEventType): string => words(eventOf(type).why);

describe('the service state machine', () => {
  const cases = Object.entries(TABLE).flatMap(([type, row]) => row.split(' ').map((cell, i) => ({ type: type as ServiceEventType, from: STATES[i] as ServiceStatus, legal: cell === 'x' })));

  it.each(cases.filter((c) => c.legal))('$type from $from: moves, and says so', ({ type, from }) => {
    const result = transition(inState(from), eventOf(type), 1000);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const want = type === 'observed' ? 'ready' : type === 'fetching' ? 'pulling' : type === 'noted' ? from : TARGET[type];
    expect(result.snapshot).toMatchObject({ status: want, reason: wordsOf(type), why: eventOf(type).why });
    expect(result.effects).toEqual([
      { kind: 'notify', snapshot: result.snapshot },
      { kind: 'explain-dependents', service: 'api' },
    ]);
  });

  it.each(cases.filter((c) => !c.legal))('$type from $from: refused, nothing changes', ({ type, from }) => {
    const result = transition(inState(from), eventOf(type), 1000);
    expect(result).toEqual({ ok: false, refused: `api: "${type}" is not allowed from ${from} (${wordsOf(type)})` });
  });

  it('has a row for every event and a column for every state', () => {
    for (const row of Object.values(TABLE)) expect(row.split(' ')).toHaveLength(STATES.length);
  });

  it('is no transition at all when nothing is new', () => {
    const ready = { ...inState('ready'), reason: 'running (healthy)' };
    expect(transition(ready, { type: 'became-ready', why: { code: 'running-healthy' } }, 5)).toEqual({ ok: true, snapshot: ready, effects: [] });
  });

  it('keeps each change of state in the timeline, and counts a start after trouble as a restart', () => {
    const failedOnce = transition(inState('backoff'), { type: 'starting', why: { code: 'starting-container', attempt: 2, attempts: 5 } }, 2000);
    expect(failedOnce.ok && failedOnce.snapshot).toMatchObject({ status: 'starting', restarts: 1, since: 2000 });
    expect(failedOnce.ok && failedOnce.snapshot.timeline.at(-1)).toEqual({ at: 2000, status: 'starting', reason: 'starting the container (attempt 2/5)' });
    // A new reason in the same state is no new timeline entry.
    if (!failedOnce.ok) return;
    const probing = transition(failedOnce.snapshot, { type: 'starting', why: { code: 'probing', detail: 'probe 3 failed' } }, 2500);
    expect(probing.ok && probing.snapshot.timeline).toHaveLength(failedOnce.snapshot.timeline.length);
  });
});
