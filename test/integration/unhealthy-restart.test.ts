import { afterEach, describe, expect, inject, it } from 'vitest';
import { EngineStack } from '../support/engine-stack';
import { waitUntil } from '../support/wait-until';

const engineState = inject('engine');
let current: EngineStack | undefined;

afterEach(async () => {
  const s = current;
  current = undefined;
  if (!s) return;
  await s.cleanup();
  expect(await s.containers()).toBe(0);
});

/**
 * Ready, then its check fails (the file it tests is removed) on the first run only: the container's
 * own filesystem remembers the first run across a restart of the same container.
 */
const TURNS_UNHEALTHY_ONCE = (restart: string): string => `services:
  api:
    image: stackpilot-test/busybox:1
    init: true
    stop_grace_period: 1s
    command: ["sh", "-c", "touch /tmp/ok; if [ ! -f /var/ran-once ]; then touch /var/ran-once; sleep 2; rm /tmp/ok; echo 'db: connection refused'; fi; exec sleep 3600"]
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ok || { echo 'db: connection refused'; exit 1; }"]
      interval: 1s
      timeout: 2s
      retries: 2
${restart}`;

describe.skipIf(!engineState.available)(`health after ready (${engineState.reason})`, () => {
  it('restart_on_unhealthy: the engine says unhealthy, Stackpilot restarts the container, and it is ready again', async () => {
    const s = (current = await EngineStack.create(
      TURNS_UNHEALTHY_ONCE('    x-stackpilot: { restart_on_unhealthy: true, retry: { delay: 1s } }\n'),
    ));
    const result = await s.runner.up();
    expect(result.ok, JSON.stringify(result.problems)).toBe(true);
    const restarted = await waitUntil(
      'api restarted for being unhealthy, then ready again',
      () => s.runner.get('api'),
      (api) => api?.status === 'ready' && (api.timeline ?? []).some((t) => t.status === 'backoff'),
      { describe: (api) => `${api?.status}: ${api?.reason}` },
    );
    const backoff = restarted?.timeline.find((t) => t.status === 'backoff');
    expect(backoff?.reason).toMatch(
      /^unhealthy \(health check failed \d+ times? in a row; last: exit 1: db: connection refused\); restarting in /,
    );
    expect(s.count('api', 'start')).toBe(2);
    expect(s.count('api', 'create')).toBe(1);
  });

  it('off by default, as compose: shown unhealthy, never restarted', async () => {
    const s = (current = await EngineStack.create(TURNS_UNHEALTHY_ONCE('')));
    expect((await s.runner.up()).ok).toBe(true);
    await waitUntil(
      'api shown unhealthy',
      () => s.runner.get('api'),
      (api) => api?.status === 'unhealthy',
      {
        describe: (api) => `${api?.status}: ${api?.reason}`,
      },
    );
    // Long enough for a restart to have come (the backoff is 1 s): the engine's last five checks all failed.
    const id = s.runner.get('api')?.containerId ?? '';
    await waitUntil(
      "five failed checks in the engine's health log",
      () => s.driver.inspectContainer(id),
      (info) => (info?.healthLog ?? []).filter((l) => l.exitCode !== 0).length >= 5,
      { describe: (info) => JSON.stringify(info?.healthLog?.map((l) => l.exitCode)) },
    );
    expect(s.runner.get('api')?.status).toBe('unhealthy');
    expect(s.count('api', 'start')).toBe(1);
  });
});
