import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import type { RunRecord } from '../../main/orchestrator/history/run-record';
import { TEST_IMAGE } from '../setup/images';
import { seedHistory } from '../support/seeded-runs';

const run = promisify(execFile);
const engineState = inject('engine');
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
const project = `sp-history-${randomBytes(3).toString('hex')}`;
let dir: string;

/** One stackpilot process, as a script would run it: each call a new process, the history on disk between them. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', STACKPILOT_CONFIG_DIR: join(dir, 'config') },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// db is slow on purpose: healthy only after its command slept 2 s, where its seeded history says
// 100 ms is usual. Nothing depends on how fast the engine happens to be.
const COMPOSE = `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 600 }
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: { db: { condition: service_healthy } }
`;

describe.skipIf(!engineState.available)('run history on the real engine (the command line)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `${project}-`));
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    seedHistory(join(dir, 'config'), project, dir, 5, [
      { name: 'db', ms: 100 },
      { name: 'api', ms: 1100 },
    ]);
  });

  afterAll(async () => {
    await cli('down', '-t', '1');
    rmSync(dir, { recursive: true, force: true });
    const engine = await DockerEngine.connect(process.env, '/root');
    expect(await engine.listContainers({ 'com.docker.compose.project': project })).toEqual([]);
  });

  it('says when a service made slow on purpose took longer than usual, and keeps the run for the next process', async () => {
    const up = await cli('up');
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(
      /Slower than usual: db took ([2-9]\.\d|\d\d) s to be ready, usually 100 ms \(median of the last 5 runs\)/,
    );
    expect(up.stdout).toMatch(/Critical path [\d.]+ s: db [\d.]+ s → api/);

    const table = await cli('history');
    expect(table.code).toBe(0);
    expect(table.stdout.trim().split('\n').length).toBe(1 + 6);
    const db = await cli('history', 'db');
    expect(db.stdout.match(/slower than usual/g)?.length).toBe(1);
    const runs = JSON.parse((await cli('history', '--format', 'json')).stdout) as RunRecord[];
    expect(runs.length).toBe(6);
    const last = runs.at(-1);
    expect(last?.outcome).toBe('ready');
    expect(last?.services.find((s) => s.service === 'db')?.readyMs).toBeGreaterThanOrEqual(2000);
    expect(last?.criticalPath?.steps.map((s) => s.service)).toEqual(['db', 'api']);
  }, 120_000);
});
