import { describe, expect, it } from 'vitest';
import type { FakeDriver } from '../../../test/support/fake-driver';
import { checkFakeOrchestrators, fakeOrchestrator } from '../../../test/support/fake-orchestrator';
import { failingCheck } from './crash-supervisor';
import type { OrchestratorOptions } from './orchestrator';

checkFakeOrchestrators();

const HC = `    healthcheck: { test: ["CMD", "check"], interval: 5s, retries: 3 }\n`;

const setup = (service: string, opts: Partial<OrchestratorOptions> = {}) =>
  fakeOrchestrator(`name: t\nservices:\n  api:\n    image: api\n${HC}${service}`, opts);

const starts = (driver: FakeDriver): number => driver.calls.filter((c) => c === 'start api').length;

describe('restart_on_unhealthy', () => {
  it('is off by default, as compose: a service that turns unhealthy is shown so, and left alone', async () => {
    const { clock, driver, runner } = setup('');
    driver.behaviours.api = { readyAfter: 100, dockerUnhealthyAfter: 10_000 };
    await clock.run(runner.up());
    await clock.advance(60_000);
    expect(runner.get('api')).toMatchObject({ status: 'unhealthy', reason: 'the health check started failing' });
    expect(starts(driver)).toBe(1);
  });

  it('restarts a service that turned unhealthy after ready, with the backoff, the reason and what the check said', async () => {
    const { clock, driver, runner } = setup('    x-stackpilot: { restart_on_unhealthy: true, retry: { delay: 2s } }\n');
    driver.behaviours.api = { readyAfter: 100, dockerUnhealthyAfter: 10_000, unhealthyRuns: 1 };
    await clock.run(runner.up());
    await clock.advance(11_000);
    const api = runner.get('api');
    expect(api?.status).toBe('backoff');
    expect(api?.reason).toBe(
      'unhealthy (health check failed 3 times in a row; last: exit 1: db: connection refused); restarting in 2.0 s (1 restarts within 120 s (limit 5))',
    );
    await clock.advance(5000);
    expect(driver.calls.filter((c) => c.endsWith(' api'))).toEqual([
      'create api',
      'start api',
      'stop api',
      'start api',
    ]);
    expect(runner.get('api')?.status).toBe('ready');
    expect(runner.get('api')?.reason).toMatch(/^ready again: /);
    // The timeline keeps the whole story: unhealthy, the restart with its reason, ready again.
    const story = (runner.get('api')?.timeline ?? []).map((t) => t.status);
    expect(story.slice(-4)).toEqual(['unhealthy', 'backoff', 'starting', 'ready']);
    expect(runner.get('api')?.timeline.find((t) => t.status === 'starting' && /unhealthy/.test(t.reason))?.reason).toBe(
      'restarted: it had turned unhealthy',
    );
  });

  it('takes the stack default from the options, and a service that says false keeps out of it', async () => {
    const on = setup('', { restartOnUnhealthy: true });
    on.driver.behaviours.api = { readyAfter: 100, dockerUnhealthyAfter: 10_000, unhealthyRuns: 1 };
    await on.clock.run(on.runner.up());
    await on.clock.advance(30_000);
    expect(starts(on.driver)).toBe(2);

    const off = setup('    x-stackpilot: { restart_on_unhealthy: false }\n', { restartOnUnhealthy: true });
    off.driver.behaviours.api = { readyAfter: 100, dockerUnhealthyAfter: 10_000 };
    await off.clock.run(off.runner.up());
    await off.clock.advance(30_000);
    expect(off.runner.get('api')?.status).toBe('unhealthy');
    expect(starts(off.driver)).toBe(1);
  });

  it('opens the crash-loop circuit on a service that keeps turning unhealthy: left running, no more restarts', async () => {
    const { clock, driver, runner } = setup(
      '    x-stackpilot: { restart_on_unhealthy: true, crash_loop: { restarts: 3, window: 5m }, retry: { delay: 1s } }\n',
    );
    driver.behaviours.api = { readyAfter: 100, dockerUnhealthyAfter: 10_000 };
    await clock.run(runner.up());
    await clock.advance(120_000);
    const api = runner.get('api');
    expect(api).toMatchObject({ status: 'unhealthy', circuit: 'open' });
    expect(api?.reason).toBe(
      'unhealthy (health check failed 3 times in a row; last: exit 1: db: connection refused); 3 restarts within 300 s (limit 3): no more restarts, left running. Reset the circuit to try again',
    );
    const made = starts(driver);
    expect(made).toBe(3);
    await clock.advance(120_000);
    expect(starts(driver)).toBe(made);
    expect([...driver.containers.values()][0]?.info.state).toBe('running');
  });
});

describe('failingCheck', () => {
  it("says how many probes failed in a row and the last one's output", () => {
    expect(
      failingCheck([
        { exitCode: 0, output: '' },
        { exitCode: 1, output: 'a\n' },
        { exitCode: 7, output: 'curl: (7) Failed to connect\n' },
      ]),
    ).toBe('health check failed 2 times in a row; last: exit 7: curl: (7) Failed to connect');
    expect(failingCheck([])).toBe('the health check failed its retries');
  });
});
