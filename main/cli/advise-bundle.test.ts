import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { capturedCli } from '../../test/support/fake-cli';
import { removeStacks, writeStack } from '../../test/support/stack-dir';

afterEach(removeStacks);

const STACK = `name: adv
services:
  db:
    image: db
    healthcheck: { test: ["CMD", "pg_isready"], interval: 30s }
  api:
    image: api
    depends_on: { db: { condition: service_healthy } }
`;

describe('stackpilot advise', () => {
  const clock = new FakeClock();
  const cli = (dir: string, confirm: boolean | undefined, ...argv: string[]) =>
    capturedCli(argv, {
      cwd: dir,
      clock,
      connectEngine: () => Promise.resolve(new FakeDriver(clock)),
      ...(confirm !== undefined ? { confirm: () => Promise.resolve(confirm) } : {}),
    });

  it('prints each finding with where and why, and how to write the fix', async () => {
    const dir = writeStack({ 'compose.yaml': STACK });
    const r = await cli(dir, undefined, 'advise');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('db  late first probe  compose.yaml:5:');
    expect(r.stdout).toContain(
      "db's first health probe comes 30.0 s after it starts (interval 30s, no start_interval): under docker compose each service waiting for it healthy (api) starts up to 30.0 s late.",
    );
    expect(r.stdout).toContain('  fix:\n    healthcheck:\n      interval: 1s\n      retries: 90\n');
    expect(r.stdout).toContain('Write it with: stackpilot advise --write');
    expect(existsSync(join(dir, 'compose.override.yaml'))).toBe(false);
  });

  it('--write shows the diff and asks; no answers no, yes writes; no terminal needs --yes', async () => {
    const dir = writeStack({ 'compose.yaml': STACK });
    const no = await cli(dir, false, 'advise', '--write');
    expect(no.stdout).toContain(`new file ${join(dir, 'compose.override.yaml')}:\n+ # Written by Stackpilot`);
    expect(no.stdout).toContain('Nothing written.');
    expect(existsSync(join(dir, 'compose.override.yaml'))).toBe(false);
    const headless = await cli(dir, undefined, 'advise', '--write');
    expect(headless.code).toBe(1);
    expect(headless.stderr).toContain('add --yes');
    const yes = await cli(dir, true, 'advise', '--write');
    expect(yes.code).toBe(0);
    expect(readFileSync(join(dir, 'compose.override.yaml'), 'utf8')).toContain('interval: 1s');
    // Read with its override, the stack has nothing left to fix.
    expect((await cli(dir, undefined, 'advise')).stdout).toMatch(/^Nothing to advise/);
  });
});

describe('stackpilot bundle (fake engine)', () => {
  it('writes the archive where -o says, with the states and logs, and the planted secret masked', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    driver.behaviours.db = { readyAfter: 100, logs: ['db: password is planted-9f8e7d6c'] };
    const dir = writeStack({ 'compose.yaml': STACK, '.env': 'DB_PASSWORD=planted-9f8e7d6c\n' });
    const cli = (...argv: string[]) =>
      capturedCli(argv, { cwd: dir, clock, connectEngine: () => Promise.resolve(driver) }, (p) => clock.run(p));
    expect((await cli('up')).code).toBe(0);
    const r = await cli('bundle', '-o', 'out/b.tar.gz');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Wrote \S+\/out\/b\.tar\.gz \(8 files, secrets masked\): README\.txt, config\.yaml, versions\.json, services\.json, preflight\.json, history\.json, logs\/api\.log, logs\/db\.log\n$/,
    );
    const raw = gunzipSync(readFileSync(join(dir, 'out', 'b.tar.gz'))).toString('utf8');
    expect(raw).toContain('"status": "ready"');
    expect(raw).toContain('db: password is ********');
    expect(raw).not.toContain('planted-9f8e7d6c');
  });

  it('is written without an engine too, saying so', async () => {
    const dir = writeStack({ 'compose.yaml': STACK });
    const r = await capturedCli(['bundle', '-o', 'b.tar.gz'], {
      cwd: dir,
      clock: new FakeClock(),
      connectEngine: () => Promise.reject(new Error('connect ENOENT /var/run/docker.sock')),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no Docker engine answered');
    expect(gunzipSync(readFileSync(join(dir, 'b.tar.gz'))).toString('utf8')).toContain('not reachable');
  });
});
