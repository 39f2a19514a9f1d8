import { describe, expect, it } from 'vitest';
import { words } from './reasons';
import { transition } from './service-machine';
import type { PortEffect, ServiceEvent, ServiceEventType } from './service-machine';
import type { Reason } from './reasons';
import { initialSnapshot } from './service-state';
import type { ServiceSnapshot, ServiceStatus } from './service-state';

const STATES: ServiceStatus[] = [
  'defined',
  'waiting',
  'pulling',
  'building',
  'starting',
  'ready',
  'unhealthy',
  'backoff',
  'failed',
  'blocked',
  'stopping',
  'stopped',
  'completed',
];

/**
 * The legal transitions, written out by hand: one row per event, one column per state it may come
 * from (in STATES order: defined waiting pulling building starting ready unhealthy backoff failed
 * blocked stopping stopped completed). "x" legal, "." refused.
 */
// prettier-ignore
const TABLE: Record<Exclude<ServiceEventType, 'file-watch'>, string> = {
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
  'attempt-failed':   '. . . . x x x x . . . . .',
  crashed:            '. . . . x x x . . . . . .',
  'unhealthy-restart':'. . . . x x x . . . . . .',
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
  'attempt-failed': 'backoff',
  crashed: 'backoff',
  'unhealthy-restart': 'backoff',
};

function inState(status: ServiceStatus): ServiceSnapshot {
  return { ...initialSnapshot('api', 't-api-1', 0), status, reason: `was ${status}` };
}

const cause: Reason = { code: 'exited-early', exitCode: 3, job: false };
const circuit = { open: false, words: '1 crash in the last 60s' };

/** Each event with a reason of its own, so the words show which event made the change. */
function eventOf(type: ServiceEventType): ServiceEvent {
  if (type === 'observed') return { type, status: 'ready', why: { code: 'running-healthy' } };
  if (type === 'fetching') return { type, kind: 'pulling', why: { code: 'pulling', image: 'api:1' } };
  if (type === 'attempt-failed')
    return { type, cause, retryable: true, attempt: 1, attempts: 3, delayMs: 500, containerId: 'c1' };
  if (type === 'crashed') return { type, containerId: 'c1', exitCode: 3, circuit, delayMs: 500 };
  if (type === 'unhealthy-restart') return { type, containerId: 'c1', check: 'exit 1', circuit, delayMs: 500 };
  if (type === 'file-watch') return { type, text: 'synced' };
  return { type, why: { code: 'background-failed', what: type, error: 'test' } };
}

/** The reason each event of the table gives (the two that decide build theirs from what they carry). */
function whyOf(type: ServiceEventType): Reason {
  if (type === 'attempt-failed') return { code: 'retrying', cause, attempt: 1, attempts: 3, delayMs: 500 };
  if (type === 'crashed') return { code: 'crash-restart', exitCode: 3, delayMs: 500, circuit: circuit.words };
  if (type === 'unhealthy-restart')
    return { code: 'unhealthy-restart', check: 'exit 1', delayMs: 500, circuit: circuit.words };
  const event = eventOf(type);
  if (!('why' in event)) throw new Error(`no reason for ${type}`);
  return event.why;
}
const wordsOf = (type: ServiceEventType): string => words(whyOf(type));

const PORT_EFFECTS: Partial<Record<ServiceEventType, PortEffect[]>> = {
  'attempt-failed': [{ kind: 'retry-after', containerId: 'c1', delayMs: 500 }],
  crashed: [
    { kind: 'keep-last-lines', containerId: 'c1' },
    { kind: 'restart-after', containerId: 'c1', delayMs: 500 },
  ],
  'unhealthy-restart': [{ kind: 'restart-after', containerId: 'c1', delayMs: 500, stopFirst: true }],
};

describe('the service state machine', () => {
  const cases = Object.entries(TABLE).flatMap(([type, row]) =>
    row
      .split(' ')
      .map((cell, i) => ({ type: type as ServiceEventType, from: STATES[i] as ServiceStatus, legal: cell === 'x' })),
  );

  it.each(cases.filter((c) => c.legal))('$type from $from: moves, and says so', ({ type, from }) => {
    const result = transition(inState(from), eventOf(type), 1000);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const want =
      type === 'observed' ? 'ready' : type === 'fetching' ? 'pulling' : type === 'noted' ? from : TARGET[type];
    expect(result.snapshot).toMatchObject({ status: want, reason: wordsOf(type), why: whyOf(type) });
    expect(result.effects).toEqual([
      { kind: 'notify', snapshot: result.snapshot },
      { kind: 'explain-dependents', service: 'api' },
      ...(PORT_EFFECTS[type] ?? []),
    ]);
  });

  it.each(cases.filter((c) => !c.legal))('$type from $from: refused, nothing changes', ({ type, from }) => {
    const result = transition(inState(from), eventOf(type), 1000);
    expect(result).toEqual({ ok: false, refused: `api: "${type}" is not allowed from ${from} (${wordsOf(type)})` });
  });

  it.each(STATES)('a watch’s note from %s: kept in the timeline, the state and reason as they were', (from) => {
    const before = inState(from);
    const result = transition(before, { type: 'file-watch', text: 'sync: 2 files copied' }, 1500);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.snapshot).toEqual({
      ...before,
      timeline: [...before.timeline, { at: 1500, status: from, reason: 'sync: 2 files copied', kind: 'watch' }],
    });
    expect(result.effects).toEqual([{ kind: 'notify', snapshot: result.snapshot }]);
  });

  it('has a row for every event and a column for every state', () => {
    for (const row of Object.values(TABLE)) expect(row.split(' ')).toHaveLength(STATES.length);
  });

  it('is no transition at all when nothing is new', () => {
    const ready = { ...inState('ready'), reason: 'running (healthy)' };
    expect(transition(ready, { type: 'became-ready', why: { code: 'running-healthy' } }, 5)).toEqual({
      ok: true,
      snapshot: ready,
      effects: [],
    });
  });

  it('keeps each change of state in the timeline, and counts a start after trouble as a restart', () => {
    const failedOnce = transition(
      inState('backoff'),
      { type: 'starting', why: { code: 'starting-container', attempt: 2, attempts: 5 } },
      2000,
    );
    expect(failedOnce.ok && failedOnce.snapshot).toMatchObject({ status: 'starting', restarts: 1, since: 2000 });
    expect(failedOnce.ok && failedOnce.snapshot.timeline.at(-1)).toEqual({
      at: 2000,
      status: 'starting',
      reason: 'starting the container (attempt 2/5)',
    });
    // A new reason in the same state is no new timeline entry.
    if (!failedOnce.ok) return;
    const probing = transition(
      failedOnce.snapshot,
      { type: 'starting', why: { code: 'probing', detail: 'probe 3 failed' } },
      2500,
    );
    expect(probing.ok && probing.snapshot.timeline).toHaveLength(failedOnce.snapshot.timeline.length);
  });
});

describe('what the machine decides after a failed attempt or a crash', () => {
  const starting = inState('starting');
  const failedAttempt = (over: Partial<Extract<ServiceEvent, { type: 'attempt-failed' }>>): ServiceEvent => ({
    type: 'attempt-failed',
    cause,
    retryable: true,
    attempt: 2,
    attempts: 3,
    delayMs: 800,
    containerId: 'c1',
    ...over,
  });
  const crash = (over: Partial<Extract<ServiceEvent, { type: 'crashed' }>>): ServiceEvent => ({
    type: 'crashed',
    containerId: 'c1',
    exitCode: 3,
    circuit,
    delayMs: 800,
    ...over,
  });
  const decided = (from: ServiceSnapshot, event: ServiceEvent) => {
    const r = transition(from, event, 10_000);
    if (!r.ok) throw new Error(r.refused);
    return {
      status: r.snapshot.status,
      why: r.snapshot.why,
      next: r.snapshot.nextAttemptAt,
      attempt: r.snapshot.attempt,
      port: r.effects.filter((e) => e.kind !== 'notify' && e.kind !== 'explain-dependents'),
    };
  };

  it.each([
    {
      name: 'a retryable failure with tries left backs off, then retries',
      over: {},
      status: 'backoff',
      next: 10_800,
      port: [{ kind: 'retry-after', containerId: 'c1', delayMs: 800 }],
    },
    { name: 'the last try failed', over: { attempt: 3 }, status: 'failed', next: undefined, port: [] },
    {
      name: 'a failure no retry can mend (a health check that can never pass)',
      over: { retryable: false },
      status: 'failed',
      next: undefined,
      port: [],
    },
  ])('$name', ({ over, status, next, port }) => {
    const d = decided(starting, failedAttempt(over));
    expect(d).toMatchObject({ status, next, port, attempt: over.attempt ?? 2 });
    expect(d.why?.code).toBe(status === 'failed' ? 'start-failed' : 'retrying');
  });

  const engineRun = (
    policy: string,
    over: Partial<Extract<ServiceEvent, { type: 'attempt-failed' }>> = {},
    open = false,
  ): ServiceEvent =>
    failedAttempt({ engine: { policy, circuit: { open, words: '2 restarts within 60 s (limit 5)' } }, ...over });
  it.each([
    {
      name: 'a crash under on-failure:2 with runs left: the engine runs it again',
      event: engineRun('on-failure:2', { attempt: 2 }),
      status: 'backoff',
      code: 'engine-restarting',
      port: ['await-engine-restart'],
    },
    {
      name: 'its last run: the policy gave up',
      event: engineRun('on-failure:2', { attempt: 3 }),
      status: 'failed',
      code: 'engine-gave-up',
      port: [],
    },
    {
      name: 'a clean exit under on-failure: no restart follows',
      event: engineRun('on-failure', { cause: { code: 'exited-early', exitCode: 0, job: false } }),
      status: 'failed',
      code: 'engine-gave-up',
      port: [],
    },
    {
      name: 'restart: always with the circuit open: failed, the container stopped',
      event: engineRun('always', {}, true),
      status: 'failed',
      code: 'crash-loop',
      port: ['stop-container'],
    },
    {
      name: 'unhealthy under a restart policy: no restart follows',
      event: engineRun('always', { cause: { code: 'unhealthy-while-starting', detail: 'exit 1' } }),
      status: 'failed',
      code: 'start-failed',
      port: [],
    },
  ])('$name', ({ event, status, code, port }) => {
    const d = decided(starting, event);
    expect(d.status).toBe(status);
    expect(d.why?.code).toBe(code);
    expect(d.port.map((e) => e.kind)).toEqual(port);
  });

  it.each([
    {
      name: 'an open circuit fails it and stops the container',
      over: { circuit: { open: true, words: '5 crashes in 60s' } },
      status: 'failed',
      code: 'crash-loop',
      port: ['keep-last-lines', 'stop-container'],
    },
    {
      name: 'restart: always is the engine’s to do',
      over: { restartPolicy: 'always' },
      status: 'starting',
      code: 'engine-restarts',
      port: ['keep-last-lines'],
    },
    {
      name: 'restart: on-failure restarts a non-zero exit',
      over: { restartPolicy: 'on-failure:3' },
      status: 'starting',
      code: 'engine-restarts',
      port: ['keep-last-lines'],
    },
    {
      name: 'restart: on-failure leaves a clean exit to Stackpilot',
      over: { restartPolicy: 'on-failure', exitCode: 0 },
      status: 'backoff',
      code: 'crash-restart',
      port: ['keep-last-lines', 'restart-after'],
    },
    {
      name: 'no policy: Stackpilot restarts it after the backoff',
      over: {},
      status: 'backoff',
      code: 'crash-restart',
      port: ['keep-last-lines', 'restart-after'],
    },
  ])('$name', ({ over, status, code, port }) => {
    const d = decided(inState('ready'), crash(over));
    expect(d.status).toBe(status);
    expect(d.why?.code).toBe(code);
    expect(d.port.map((e) => e.kind)).toEqual(port);
  });

  it('stops a crash loop with a short grace, and marks the circuit open', () => {
    const r = transition(inState('ready'), crash({ circuit: { open: true, words: '5 crashes in 60s' } }), 1);
    expect(r.ok && r.snapshot.circuit).toBe('open');
    expect(r.ok && r.effects.at(-1)).toEqual({ kind: 'stop-container', containerId: 'c1', timeoutS: 1 });
  });
});

describe('pre_start steps in the timeline', () => {
  it('keeps each step (running, then passed) as a hook entry while the service stays starting; other reasons in one state only update it', () => {
    let s: ServiceSnapshot = {
      ...initialSnapshot('api', 't-api-1', 0),
      status: 'starting',
      reason: 'creating the container',
    };
    const step = (why: Reason, at: number): void => {
      const r = transition(s, { type: 'starting', why }, at);
      if (!r.ok) throw new Error(r.refused);
      s = r.snapshot;
    };
    step({ code: 'pre-start', index: 1, of: 2, command: 'migrate' }, 10);
    step({ code: 'pre-start-done', index: 1, of: 2, command: 'migrate', output: 'schema ready' }, 20);
    step({ code: 'starting-container' }, 30);
    expect(s.timeline.filter((t) => t.kind === 'hook').map((t) => [t.at, t.status, t.reason])).toEqual([
      [10, 'starting', 'running pre_start hook 1 of 2 (migrate)'],
      [20, 'starting', 'pre_start hook 1 of 2 (migrate) passed: schema ready'],
    ]);
    expect(s.timeline).toHaveLength(3);
  });
});
