import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { fakeCli } from '../../test/support/fake-cli';
import { removeStacks, writeStack } from '../../test/support/stack-dir';

afterEach(removeStacks);

describe('logs, with the options compose users type (fake engine)', () => {
  it('takes -n for --tail, --no-log-prefix, and --since as a duration, a time or a Unix time', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    driver.behaviours.api = { logs: ['listening on :8080'] };
    const dir = writeStack({ 'compose.yaml': 'name: t\nservices:\n  api: { image: api }\n' });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('up')).code).toBe(0);
    expect(await cli('logs', '-n', '5', '--no-log-prefix')).toMatchObject({ code: 0, stdout: 'listening on :8080\n' });
    expect((await cli('logs')).stdout).toBe('api | listening on :8080\n');
    driver.logRequests.length = 0;
    const before = clock.now();
    await cli('logs', '--since', '10m');
    const after = clock.now();
    await cli('logs', '--since', '2026-12-06T10:00:00Z');
    await cli('logs', '--since', '1765000000');
    const [back, at, unix] = driver.logRequests.map((r) => r.since ?? NaN);
    // Ten minutes back from when the command ran (the fake clock moves as the command runs).
    expect(back).toBeGreaterThanOrEqual((before - 600_000) / 1000);
    expect(back).toBeLessThanOrEqual((after - 600_000) / 1000);
    expect([at, unix]).toEqual([Date.parse('2026-12-06T10:00:00Z') / 1000, 1765000000]);
    expect(await cli('logs', '--since', 'yesterday')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--since must be a time') as string,
    });
  });

  it('takes --until and --index (one replica of a service with several)', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    driver.behaviours.api = { logs: ['up'] };
    const dir = writeStack({ 'compose.yaml': 'name: t\nservices:\n  api: { image: api, scale: 2 }\n' });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('up')).code).toBe(0);
    expect((await cli('logs')).stdout.split('\n').filter(Boolean)).toHaveLength(2);
    driver.logRequests.length = 0;
    expect((await cli('logs', '--index', '2', '--until', '1765000000')).stdout.split('\n').filter(Boolean)).toEqual([
      'api-2 | up',
    ]);
    expect(driver.logRequests.map((r) => r.until)).toEqual([1765000000]);
    expect(await cli('logs', '--index', '0')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--index must be a replica number') as string,
    });
  });
});
