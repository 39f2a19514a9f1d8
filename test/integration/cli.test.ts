import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';

const run = promisify(execFile);
const engineState = inject('engine');
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
const project = `sp-cli-${randomBytes(3).toString('hex')}`;
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args, '-p', project], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!engineState.available)('the stackpilot command line on the real engine', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stackpilot-cli-'));
    writeFileSync(
      join(dir, 'compose.yaml'),
      `services:
  db:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "echo 'db: one'; echo 'db: two'; echo 'db: three'; sleep 1; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 5s }
  api:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "echo 'api: serving'; exec sleep 3600"]
    depends_on: { db: { condition: service_healthy } }
  never:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "3600"]
    healthcheck: { test: ["CMD", "false"], interval: 5s }
    profiles: [stuck]
`,
    );
  });

  afterAll(async () => {
    await cli('down', '-t', '1', '--profile', 'stuck');
    rmSync(dir, { recursive: true, force: true });
    const engine = await DockerEngine.connect(process.env, '/root');
    expect(await engine.listContainers({ 'com.docker.compose.project': project })).toEqual([]);
  });

  it('up prints each state change with its reason, and exits 0 when all are ready', async () => {
    const r = await cli('up');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Docker \S+ \(API 1\.\d+\) at \S+, found by /);
    expect(r.stdout).toMatch(/api\s+waiting\s+waiting for db \(healthy\): /);
    expect(r.stdout).toMatch(/db\s+ready\s+ready: fast readiness \(exec test -f \/tmp\/ready\) passed/);
    expect(r.stdout).toContain('All 2 services are up in');
    expect(r.stdout).toMatch(/Critical path [\d.]+ s: db [\d.]+ s → api [\d.]+ s/);
  });

  it('ps shows state and reason, as JSON too', async () => {
    const table = await cli('ps');
    expect(table.stdout).toMatch(/^SERVICE\s+STATUS\s+CONTAINER\s+REASON\n/);
    expect(table.stdout).toMatch(new RegExp(`api\\s+ready\\s+${project}-api-1\\s+running`));
    // compose's shape: a JSON object per container and line; Stackpilot adds Readiness and Reason.
    const json = (await cli('ps', '--format', 'json')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { Service: string; Readiness: string; Name: string; State: string });
    expect(json.map((r) => [r.Service, r.Readiness, r.Name, r.State])).toEqual([
      ['api', 'ready', `${project}-api-1`, 'running'],
      ['db', 'ready', `${project}-db-1`, 'running'],
    ]);
  });

  it('logs prefixes each line with its service, with --tail and --timestamps', async () => {
    const r = await cli('logs', 'db', '--tail', '2', '--timestamps');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^db \| \d{4}-\d\d-\d\dT[\d:.]+Z db: two$/);
    expect(lines[1]).toMatch(/db: three$/);
    const all = await cli('logs');
    expect(all.stdout).toMatch(/^api \| api: serving$/m);
  });

  it('restart restarts and waits until ready again', async () => {
    const r = await cli('restart', 'db');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/db\s+stopping/);
    expect(r.stdout).toMatch(/db\s+ready/);
    expect(r.stdout).toContain('Restarted db.');
  });

  it('Ctrl-C during up stops waiting and says what is left running (exit 130)', async () => {
    const child = spawn(process.execPath, [CLI, 'up', 'never', '--profile', 'stuck', '-p', project], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/never\s+starting/.test(out) && !child.killed) child.kill('SIGINT');
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(out).toMatch(
      /Stopped waiting \(interrupted\) after [\d.]+ s\. Still running: .*never.*\. Stop them with: stackpilot down/,
    );
  });

  it('killed with kill -9 mid-up, then started again: adopts what is there, no duplicates, carries on', async () => {
    await cli('down', '-t', '1');
    const child = spawn(process.execPath, [CLI, 'up', '-p', project], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // db's container exists and api waits on it: the middle of a start.
      if (/db\s+starting\s+running; waiting for the health check/.test(out) && !child.killed) child.kill('SIGKILL');
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const engine = await DockerEngine.connect(process.env, '/root');
    const before = await engine.listContainers({ 'com.docker.compose.project': project });
    expect(before.length).toBeGreaterThan(0);
    const again = await cli('up');
    expect(again.code).toBe(0);
    const after = await engine.listContainers({ 'com.docker.compose.project': project });
    expect(after.map((c) => c.labels['com.docker.compose.service']).sort()).toEqual(['api', 'db']);
    // The containers made before the kill were adopted, not made again.
    for (const c of before) expect(after.map((a) => a.id)).toContain(c.id);
  });

  it('reports a broken compose file with exit 2, and a bad service name', async () => {
    expect((await cli('up', 'nope')).stderr).toContain('no such service: nope');
    expect((await cli('up', 'nope')).code).toBe(2);
  });

  it('down removes containers and network, in reverse order', async () => {
    const r = await cli('down', '--profile', 'stuck');
    expect(r.code).toBe(0);
    expect(r.stdout.indexOf('api       stopped')).toBeLessThan(r.stdout.indexOf('db        stopped'));
    expect(r.stdout).toContain(`network ${project}_default`);
  });
});
