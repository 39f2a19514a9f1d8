import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { fakeCli } from '../../test/support/fake-cli';
import { removeStacks, writeStack } from '../../test/support/stack-dir';
import type { RunRecord } from '../orchestrator/history/run-record';

afterEach(removeStacks);

const STACK = `name: h
services:
  db:
    image: db
    healthcheck: { test: ["CMD", "ok"], interval: 1s }
  api:
    image: api
    depends_on: { db: { condition: service_healthy } }
`;

describe('stackpilot history (fake engine)', () => {
  it('keeps every up, names a service slower than its usual in the summary, and lists the runs', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': STACK });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('history')).stdout).toContain('No runs of h yet');
    for (let i = 0; i < 5; i++) {
      driver.behaviours.db = { readyAfter: 400 + i * 50 };
      const up = await cli('up');
      expect(up.code).toBe(0);
      expect(up.stdout).not.toContain('Slower than usual');
      expect((await cli('down')).code).toBe(0);
      await clock.advance(60_000);
    }
    driver.behaviours.db = { readyAfter: 4000 };
    const slow = await cli('up');
    expect(slow.code).toBe(0);
    expect(slow.stdout).toMatch(
      /Slower than usual: db took 4\.\d s to be ready, usually \d+ ms \(median of the last 5 runs\)/,
    );
    expect(slow.stdout).not.toMatch(/Slower than usual: api/);

    const table = await cli('history');
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^WHEN\s+ACTION\s+OUTCOME\s+TOOK\s+SERVICES\s+CRITICAL PATH$/);
    expect(rows.length).toBe(1 + 6);
    expect(rows[1]).toMatch(/up\s+ready\s+[\d.]+ s\s+2\s+db 4\.\d s → api/);

    const db = await cli('history', 'db');
    expect(db.stdout.match(/slower than usual/g)?.length).toBe(1);
    expect(db.stdout).toMatch(/usually ready in 0\.\d s \(median of the last 6 runs\)/);

    const json = JSON.parse((await cli('history', '--format', 'json', '--last', '2')).stdout) as RunRecord[];
    expect(json.length).toBe(2);
    expect(json[1]?.services.find((s) => s.service === 'db')?.readyMs).toBeGreaterThanOrEqual(4000);
  });

  it('keeps restart and start runs too, as the window does', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': STACK });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('up')).code).toBe(0);
    expect((await cli('restart', 'api')).code).toBe(0);
    expect((await cli('stop', 'api')).code).toBe(0);
    expect((await cli('start', 'api')).code).toBe(0);
    const runs = JSON.parse((await cli('history', '--format', 'json')).stdout) as RunRecord[];
    expect(runs.map((r) => `${r.action} ${r.targets.join(' ')} ${r.outcome}`)).toEqual([
      'up  ready',
      'restart api ready',
      'start api ready',
    ]);
  });

  it('refuses a service the stack does not have, and a bad --format, with exit 2', async () => {
    const clock = new FakeClock();
    const dir = writeStack({ 'compose.yaml': STACK });
    const cli = (...argv: string[]) => fakeCli(new FakeDriver(clock), clock, dir, ...argv);
    expect((await cli('history', 'nope')).code).toBe(2);
    expect(await cli('history', '--format', 'xml')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format must be table or json') as string,
    });
  });
});
