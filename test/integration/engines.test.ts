import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { TEST_IMAGE } from '../setup/images';
import { freePort } from '../support/free-port';
import { testEngines } from '../support/test-engines';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');

/**
 * The same stack, through the command line, on each engine: a health check another service waits
 * for, a published port whose HTTP answer is a service's readiness (through a tunnel on a remote
 * engine), logs, a restart, and a down that leaves nothing behind.
 */
for (const engine of testEngines(inject('engine'), inject('engines'))) {
  describe.skipIf(!engine.available)(`a stack on ${engine.name} (${engine.reason})`, () => {
    const project = `sp-eng-${randomBytes(3).toString('hex')}`;
    let dir: string;
    const env = { ...process.env, ...engine.env, NO_COLOR: '1' };

    /** The command with the project named right after it (exec's own options must come before its service). */
    async function cli(command: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      try {
        const { stdout, stderr } = await run(process.execPath, [CLI, command, '-p', project, ...args], {
          cwd: dir,
          env,
        });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'stackpilot-engines-'));
      const port = await freePort();
      writeFileSync(
        join(dir, 'compose.yaml'),
        `services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo 'db: booting'; sleep 1; touch /tmp/ready; echo 'db: accepting'; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30 }
  web:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo hello > /www/index.html; echo 'web: serving'; exec httpd -f -p 8080 -h /www"]
    ports: ["${port}:8080"]
    depends_on: { db: { condition: service_healthy } }
    x-stackpilot: { ready: { http: "http://localhost:${port}/" } }
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo 'api: up'; exec sleep 3600"]
    depends_on: [web]
`,
      );
    });

    afterAll(async () => {
      await cli('down', '-t', '1');
      rmSync(dir, { recursive: true, force: true });
    });

    it('brings it up in order, each gated on its readiness, and says which engine it is', async () => {
      const r = await cli('up');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^${engine.product} \\S+ \\(API 1\\.\\d+\\) at `));
      expect(r.stdout).toMatch(/web\s+waiting\s+waiting for db \(healthy\)/);
      expect(r.stdout).toMatch(/web\s+ready\s+ready: http probe http:\/\/localhost:\d+\/ passed/);
      expect(r.stdout).toContain('All 3 services are up in');
      // A remote engine's port is on its host, and said to be.
      expect(r.stdout).toMatch(
        engine.name.includes('SSH')
          ? /web: 127\.0\.0\.1:\d+ \(on 127\.0\.0\.1, where the engine runs\)/
          : /web: localhost:\d+$/m,
      );
      const ps = await cli('ps');
      expect(ps.stdout).toMatch(new RegExp(`db\\s+ready\\s+${project}-db-1`));
      expect(ps.stderr).toMatch(new RegExp(`^engine: ${engine.product} `));
    });

    it('shows each service its logs', async () => {
      const r = await cli('logs', 'db', 'web');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^db\s+\| db: booting$/m);
      expect(r.stdout).toMatch(/^db\s+\| db: accepting$/m);
      expect(r.stdout).toMatch(/^web\s+\| web: serving$/m);
    });

    it('runs a command in a container, and reads its resource use', async () => {
      const exec = await cli('exec', '-T', 'db', 'sh', '-c', 'cat /tmp/ready && echo "in $(hostname)"');
      expect(exec.code).toBe(0);
      expect(exec.stdout).toMatch(/^in \S+$/m);
      const stats = await cli('stats', '--format', 'json', 'db');
      expect(stats.code).toBe(0);
      const rows = JSON.parse(stats.stdout) as { name: string; memoryBytes?: number }[];
      expect(rows.map((r) => r.name)).toEqual([`${project}-db-1`]);
      expect(rows[0]?.memoryBytes).toBeGreaterThan(0);
    });

    it('restarts a service and waits for its health again', async () => {
      const r = await cli('restart', 'db');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/db\s+ready/);
      expect(r.stdout).toContain('Restarted db.');
    });

    it('takes it down, leaving no container behind', async () => {
      const r = await cli('down', '-t', '1');
      expect(r.code).toBe(0);
      const driver = await DockerEngine.connect(env, '/root');
      expect(await driver.listContainers({ 'com.docker.compose.project': project })).toEqual([]);
    });
  });
}
