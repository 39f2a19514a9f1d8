import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SENTRY_SHAPE } from '../support/fixtures';

/**
 * The healthcheck advisor's effect, measured: the sentry-shaped stack (57 services) with the health
 * checks getsentry/self-hosted ships (interval 30 s, 10 retries), brought up by Debian's
 * docker-compose before and after the override `stackpilot advise --write` makes, and by Stackpilot.
 * Figures, not pass/fail on time.
 */
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');
const engine = inject('engine');
const dir = mkdtempSync(join(tmpdir(), 'stackpilot-advisor-bench-'));
const env = { ...process.env, NO_COLOR: '1', STACKPILOT_CONFIG_DIR: join(dir, 'config') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SERVICES = 57;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Every container healthy, or running without a check, or (the one-shot geoipupdate) exited 0: what
 * "the stack is up" means for compose.
 */
async function allHealthy(project: string, t0: number, limitMs: number): Promise<number> {
  for (;;) {
    const filter = ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`];
    const [healthy, unchecked, done] = await Promise.all([
      run('docker', [...filter, '--filter', 'health=healthy']),
      run('docker', [...filter, '--filter', 'health=none']),
      run('docker', [...filter, '-a', '--filter', 'status=exited', '--filter', 'exited=0']),
    ]);
    const count = (out: { stdout: string }): number => out.stdout.split('\n').filter(Boolean).length;
    if (count(healthy) + count(unchecked) + count(done) >= SERVICES) return performance.now() - t0;
    if (performance.now() - t0 > limitMs)
      throw new Error(
        `docker-compose's ${SERVICES} containers were not all up within ${s(limitMs)} (${count(healthy)} healthy, ${count(unchecked)} without a check, ${count(done)} done)`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** docker-compose in the stack's folder, without -f: it reads compose.override.yaml by itself, as a user's would. */
async function composeUp(): Promise<number> {
  const project = `bench-adv-dc-${randomBytes(3).toString('hex')}`;
  try {
    const t0 = performance.now();
    await run('docker-compose', ['-p', project, 'up', '-d'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
    return await allHealthy(project, t0, 400_000);
  } finally {
    await run('docker-compose', ['-p', project, 'down', '-t', '1'], {
      cwd: dir,
      env,
      maxBuffer: 16 * 1024 * 1024,
    }).catch(() => undefined);
    await run('docker', ['network', 'rm', `${project}_default`]).catch(() => undefined);
  }
}

async function stackpilotUp(): Promise<{ ms: number; critical?: string }> {
  const project = `bench-adv-sp-${randomBytes(3).toString('hex')}`;
  try {
    const t0 = performance.now();
    const { stdout } = await run(process.execPath, [CLI, 'up', '-p', project], {
      cwd: dir,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    const critical = /Critical path ([^\n]*)/.exec(stdout)?.[1];
    return { ms: performance.now() - t0, ...(critical ? { critical } : {}) };
  } finally {
    await run(process.execPath, [CLI, 'down', '-p', project, '-t', '1'], {
      cwd: dir,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
  }
}

describe.skipIf(!engine.available)("the healthcheck advisor's override on the sentry-shaped stack (figures)", () => {
  it('has what it needs', () => {
    expect(existsSync(CLI), 'run npm run build first').toBe(true);
  });

  it('docker-compose before and after the override, and Stackpilot', async () => {
    // The health checks sentry's self-hosted stack ships: HEALTHCHECK_INTERVAL=30s, 10 retries.
    const shipped = readFileSync(SENTRY_SHAPE, 'utf8')
      .replace(/^ {2}interval: 1s$/m, '  interval: 30s')
      .replace(/^ {2}retries: 60$/m, '  retries: 10');
    expect(shipped).toContain('  interval: 30s');
    writeFileSync(join(dir, 'compose.yaml'), shipped);

    const before = await composeUp();
    const sp = await stackpilotUp();
    const advice = await run(process.execPath, [CLI, 'advise', '--write', '--yes'], {
      cwd: dir,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(existsSync(join(dir, 'compose.override.yaml')), advice.stdout + advice.stderr).toBe(true);
    const findings = /(\d+) findings?/.exec(advice.stdout)?.[1] ?? '0';
    const after = await composeUp();
    console.log(
      [
        '',
        'healthcheck advisor: the sentry-shaped stack (57 services, health checks every 30 s, as shipped)',
        `    docker-compose up, to all healthy, as shipped          ${s(before)}`,
        `    docker-compose up, with the advisor's override         ${s(after)}   (${findings} findings; ${(before / after).toFixed(1)}× faster)`,
        `    stackpilot up (fast readiness), as shipped             ${s(sp.ms)}   (critical path ${sp.critical ?? '?'})`,
      ].join('\n'),
    );
  });
});
