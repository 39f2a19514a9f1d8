import { describe, expect, it } from 'vitest';
import { words } from './reasons';
import type { Reason } from './reasons';

/** The one place the words are made: each code, with its parameters, and what a person reads. */
const CASES: [Reason, string][] = [
  [{ code: 'no-container' }, 'no container yet'],
  [{ code: 'exited', exitCode: 137, oomKilled: true }, 'killed: out of memory (exit code 137)'],
  [{ code: 'running-unhealthy', output: 'pg_isready: no response' }, 'running, unhealthy: pg_isready: no response'],
  [{ code: 'pulling', image: 'db:1', percent: 40 }, 'pulling db:1: 40%'],
  [
    {
      code: 'waiting',
      on: [
        { service: 'db', condition: 'service_healthy', detail: 'starting — probe 2 failed' },
        { service: 'migrate', condition: 'service_completed_successfully', detail: 'waiting for db' },
      ],
    },
    'waiting for db (healthy): starting — probe 2 failed; migrate (completed): waiting for db',
  ],
  [
    { code: 'blocked', dependency: 'db', condition: 'service_healthy', status: 'failed', reason: 'exited with code 3' },
    'waiting for db (healthy), which is failed: exited with code 3',
  ],
  [
    {
      code: 'blocked',
      dependency: 'job',
      condition: 'service_healthy',
      status: 'completed',
      reason: 'exited with code 0',
    },
    'waiting for job (healthy), which completed instead: exited with code 0',
  ],
  [{ code: 'starting-container', attempt: 3, attempts: 5 }, 'starting the container (attempt 3/5)'],
  [{ code: 'running-waiting', until: 'the health check' }, 'running; waiting for the health check'],
  [
    {
      code: 'retrying',
      cause: { code: 'exited-early', exitCode: 1, job: false },
      attempt: 1,
      attempts: 5,
      delayMs: 1000,
    },
    'attempt 1/5 failed: exited with code 1 before it was ready; next try in 1.0 s',
  ],
  [
    { code: 'start-failed', cause: { code: 'exited-early', exitCode: 0, job: false }, attempts: 2 },
    'exited with code 0 before it was ready (it should keep running) (after 2 attempts)',
  ],
  [
    {
      code: 'start-failed',
      cause: { code: 'not-ready-in-time', afterMs: 2000, detail: 'probe 4 failed: exit 1' },
      attempts: 1,
    },
    'not ready within 2.0 s (startup_timeout); last probe 4 failed: exit 1',
  ],
  [
    {
      code: 'engine-restarting',
      cause: { code: 'exited-early', exitCode: 1, job: false },
      policy: 'on-failure:2',
      run: 1,
      runs: 3,
    },
    'run 1/3 failed: exited with code 1 before it was ready; the engine starts it again (restart: on-failure:2)',
  ],
  [
    {
      code: 'engine-gave-up',
      cause: { code: 'exited-early', exitCode: 1, job: false },
      policy: 'on-failure:2',
      runs: 3,
    },
    "exited with code 1 before it was ready; the engine's restart policy (on-failure:2) gave up after 3 runs",
  ],
  [
    { code: 'error', message: 'host port 80 is already in use', hint: 'stop what holds it', errorCode: 'port-taken' },
    'host port 80 is already in use — stop what holds it',
  ],
  [
    { code: 'crash-loop', exitCode: 1, circuit: '3 restarts within 60 s (limit 3)' },
    'crash loop: exited with code 1 unexpectedly; 3 restarts within 60 s (limit 3). Stopped; reset the circuit to try again',
  ],
  [
    { code: 'restarted', by: 'stackpilot', exitCode: 1, detail: 'health check: probe 1 failed' },
    'restarted after exited with code 1; health check: probe 1 failed',
  ],
  [{ code: 'stopping', signal: 'SIGINT', graceSeconds: 5 }, 'stopping (SIGINT, then SIGKILL after 5 s)'],
  [{ code: 'stopped', afterMs: 120, exitCode: 130 }, 'stopped in 120 ms (exit code 130)'],
  [{ code: 'replicas', ready: 3, of: 3, status: 'ready' }, '3/3 ready'],
  [
    {
      code: 'replicas',
      ready: 1,
      of: 2,
      status: 'backoff',
      worst: { replica: 'api-2', status: 'backoff', reason: 'attempt 1/5 failed' },
    },
    '1/2 ready; api-2 backoff: attempt 1/5 failed',
  ],
];

describe('reasons as data', () => {
  it.each(CASES)('%o reads "%s"', (reason, text) => {
    expect(words(reason)).toBe(text);
  });
});
