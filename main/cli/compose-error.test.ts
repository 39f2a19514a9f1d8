import { describe, expect, it } from 'vitest';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import type { Reason } from '../orchestrator/runtime/reasons';
import { composeWords } from './compose-error';

const snap = (
  name: string,
  status: ServiceSnapshot['status'],
  why: Reason,
  extra: Partial<ServiceSnapshot> = {},
): ServiceSnapshot => ({
  name,
  status,
  why,
  reason: '',
  since: 0,
  containerName: `p-${name}-1`,
  outdated: false,
  lastLines: [],
  timeline: [],
  ...extra,
});

describe("an up's failure in docker compose's words", () => {
  it('names the unhealthy or exited container, through the dependency that blocked a service', () => {
    const all: Record<string, ServiceSnapshot> = {
      db: snap('db', 'failed', {
        code: 'start-failed',
        cause: { code: 'unhealthy-while-starting', detail: 'probe 3 failed' },
        attempts: 5,
      }),
      api: snap('api', 'blocked', { code: 'blocked', dependency: 'db', condition: 'service_healthy', reason: '' }),
      job: snap('job', 'failed', { code: 'exited-early', exitCode: 3, job: true }),
      web: snap('web', 'blocked', {
        code: 'blocked',
        dependency: 'cache',
        condition: 'service_healthy',
        reason: '',
        exitCode: 1,
      }),
      cache: snap('cache', 'starting', { code: 'creating' }),
      app: snap('app', 'blocked', { code: 'no-healthcheck', dependency: 'cache' }),
      odd: snap('odd', 'failed', { code: 'error', message: 'no such image' }),
    };
    const words = (s: string): string | undefined => composeWords((n) => all[n], s);
    expect(words('db')).toBe('container p-db-1 is unhealthy');
    expect(words('api')).toBe('dependency failed to start: container p-db-1 is unhealthy');
    expect(words('job')).toBe('container p-job-1 exited (3)');
    expect(words('web')).toBe('dependency failed to start: container p-cache-1 exited (1)');
    expect(words('app')).toBe('dependency failed to start: container p-cache-1 has no healthcheck configured');
    expect(words('odd')).toBeUndefined();
  });
});
