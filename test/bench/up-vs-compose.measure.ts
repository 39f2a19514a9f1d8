import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { slowService } from '../support/engine-stack';

/**
 * Brings the same stacks up with Stackpilot (its CLI) and with Debian's docker-compose, in one run on
 * one engine, and prints both times, their ratio, and Stackpilot's measured critical path.
 * Targets: (a) within 1.1× of the critical path and at least 3.6× faster than docker-compose;
 * (b) no slower than docker-compose.
 */
const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');
const engine = inject('engine');
const ssh = inject('engines')['Docker over SSH'];
const dir = mkdtempSync(join(tmpdir(), 'stackpilot-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const slow = (deps: string[]): string =>
  slowService(
    1,
    deps.length > 0
      ? `    depends_on:\n${deps.map((d) => `      ${d}: { condition: service_healthy }`).join('\n')}\n`
      : '',
  );

const CHAIN = `services:
  db:
${slow([])}  cache:
${slow([])}  api:
${slow(['db', 'cache'])}  worker:
${slow(['api'])}  web:
${slow(['worker'])}`;

const MANY = `services:\n${Array.from({ length: 50 }, (_, i) => `  s${i}:\n    image: stackpilot-test/busybox:1\n    init: true\n    command: ["sleep", "3600"]\n`).join('')}`;

async function timed(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const { stdout } = await run(cmd, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...env } });
  return { ms: performance.now() - t0, stdout };
}

/** `stackpilot up` of the file, timed to ready (on the engine `env` points at), then down. */
async function stackpilot(
  file: string,
  env: Record<string, string> = {},
): Promise<{ ms: number; criticalMs?: number; path?: string }> {
  const project = `bench-sp-${randomBytes(3).toString('hex')}`;
  try {
    const { ms, stdout } = await timed(process.execPath, [CLI, 'up', '-p', project, '-f', file], env);
    const m = /Critical path ([\d.]+) s: (.*)/.exec(stdout);
    return { ms, ...(m ? { criticalMs: Number(m[1]) * 1000, path: m[2] } : {}) };
  } finally {
    await run(process.execPath, [CLI, 'down', '-p', project, '-f', file, '-t', '1'], {
      cwd: dir,
      env: { ...process.env, ...env },
    });
  }
}

/**
 * docker-compose 1.29's `up -d` returns once the last container has *started*; Stackpilot's `up`
 * returns once every service is *ready*. To compare like with like, compose's ready time is when
 * the engine reports every container with a health check healthy (polled every 100 ms).
 */
async function compose(file: string, services: number): Promise<{ ms: number; startedMs: number }> {
  const project = `bench-dc-${randomBytes(3).toString('hex')}`;
  try {
    const t0 = performance.now();
    await run('docker-compose', ['-p', project, '-f', file, 'up', '-d'], { cwd: dir });
    const startedMs = performance.now() - t0;
    for (;;) {
      const filter = ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`];
      const [healthy, unchecked] = await Promise.all([
        run('docker', [...filter, '--filter', 'health=healthy']),
        run('docker', [...filter, '--filter', 'health=none']),
      ]);
      const count = (out: { stdout: string }): number => out.stdout.split('\n').filter(Boolean).length;
      if (count(healthy) + count(unchecked) >= services) break;
      if (performance.now() - t0 > 120_000)
        throw new Error(
          `docker-compose's ${services} containers were not all healthy or running within 120 s (${count(healthy)} healthy, ${count(unchecked)} without a check)`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
    return { ms: performance.now() - t0, startedMs };
  } finally {
    await composeDown(project, file);
  }
}

/**
 * docker-compose down, and the network after it. Compose 1.29 removes the network right after the
 * containers; with 50 of them the engine may still count their endpoints, and down fails ("has active
 * endpoints", seen in CI). Then: wait until the network has no endpoints left, and remove it.
 */
async function composeDown(project: string, file: string): Promise<void> {
  try {
    await run('docker-compose', ['-p', project, '-f', file, 'down', '-t', '1'], { cwd: dir });
  } catch (err) {
    if (!String((err as { stderr?: string }).stderr ?? err).includes('active endpoints')) throw err;
    const net = `${project}_default`;
    for (const t0 = Date.now(); ; await new Promise((r) => setTimeout(r, 100))) {
      const left = (
        await run('docker', ['network', 'inspect', '-f', '{{len .Containers}}', net]).catch(() => ({ stdout: '0' }))
      ).stdout.trim();
      if (left === '0') break;
      if (Date.now() - t0 > 30_000)
        throw new Error(`network ${net} still had ${left} endpoints 30 s after docker-compose down`, { cause: err });
    }
    await run('docker', ['network', 'rm', net]).catch(() => undefined);
  }
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ROUNDS = 2;

describe.skipIf(!engine.available)('up: Stackpilot vs docker-compose (figures, not pass/fail on time)', () => {
  it('has what it needs', () => {
    expect(existsSync(CLI), 'run npm run build first').toBe(true);
  });

  it('(a) a chain db,cache → api → worker → web, each ready 1 s after start, health check interval 5 s', async () => {
    writeFileSync(join(dir, 'chain.yaml'), CHAIN);
    const sp: Awaited<ReturnType<typeof stackpilot>>[] = [];
    const dc: { ms: number; startedMs: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      sp.push(await stackpilot('chain.yaml'));
      dc.push(await compose('chain.yaml', 5));
    }
    const best = sp.reduce((a, b) => (b.ms < a.ms ? b : a));
    const bestDc = Math.min(...dc.map((d) => d.ms));
    expect(best.criticalMs, 'stackpilot up printed its critical path').toBeDefined();
    const critical = best.criticalMs ?? NaN;
    console.log(
      [
        '',
        '(a) chain db,cache → api → worker → web (ready 1 s after start, interval 5 s)',
        `    stackpilot up      ${s(best.ms)}   (runs: ${sp.map((r) => s(r.ms)).join(', ')})`,
        `    docker-compose up  ${s(bestDc)}   (runs: ${dc.map((r) => s(r.ms)).join(', ')}; its \`up -d\` returned, web not yet healthy, after ${dc.map((r) => s(r.startedMs)).join(', ')})`,
        `    critical path      ${s(critical)}   ${best.path ?? ''}`,
        `    stackpilot / critical path = ${(best.ms / critical).toFixed(2)}×   (target ≤ 1.10×)`,
        `    docker-compose / stackpilot = ${(bestDc / best.ms).toFixed(2)}×   (target ≥ 3.6×)`,
        `    physical floor: 4 hops × (1 s of start-up + the engine's container start, ~0.35 s here) ≈ 5.4 s`,
      ].join('\n'),
    );
  });

  it('(b) 50 independent services', async () => {
    writeFileSync(join(dir, 'many.yaml'), MANY);
    const sp: number[] = [];
    const dc: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      sp.push((await stackpilot('many.yaml')).ms);
      dc.push((await compose('many.yaml', 50)).ms);
    }
    const best = Math.min(...sp);
    const bestDc = Math.min(...dc);
    console.log(
      [
        '',
        '(b) 50 independent services',
        `    stackpilot up      ${s(best)}   (runs: ${sp.map(s).join(', ')})`,
        `    docker-compose up  ${s(bestDc)}   (runs: ${dc.map(s).join(', ')})`,
        `    stackpilot / docker-compose = ${(best / bestDc).toFixed(2)}×   (target ≤ 1.00×)`,
      ].join('\n'),
    );
  });

  it.skipIf(!ssh?.available)(
    '(c) the same chain over SSH (Docker on 127.0.0.1 through sshd), next to the local socket',
    async () => {
      writeFileSync(join(dir, 'chain.yaml'), CHAIN);
      const local: number[] = [];
      const remote: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        local.push((await stackpilot('chain.yaml')).ms);
        remote.push((await stackpilot('chain.yaml', ssh?.env)).ms);
      }
      const [bestLocal, bestRemote] = [Math.min(...local), Math.min(...remote)];
      // The connection is made once per command: its cost apart from each service's.
      const connectMs = async (env: Record<string, string>): Promise<number> => {
        const t0 = performance.now();
        (await DockerEngine.connect({ ...process.env, ...env }, '/root')).close();
        return performance.now() - t0;
      };
      const [connectLocal, connectRemote] = [await connectMs({}), await connectMs(ssh?.env ?? {})];
      const perService = (bestRemote - bestLocal - (connectRemote - connectLocal)) / 5;
      console.log(
        [
          '',
          '(c) chain db,cache → api → worker → web, local socket vs ssh:// (the SSH connection, the far docker CLI and the forwarded socket included)',
          `    local socket   ${s(bestLocal)}   (runs: ${local.map(s).join(', ')})`,
          `    over SSH       ${s(bestRemote)}   (runs: ${remote.map(s).join(', ')})`,
          `    connecting     ${connectLocal.toFixed(0)} ms locally, ${connectRemote.toFixed(0)} ms over SSH (once per command)`,
          `    the remote hop costs ${s(bestRemote - bestLocal)} in all: ${(connectRemote - connectLocal).toFixed(0)} ms to connect, ${Math.abs(perService) < 10 ? 'and per service less than these runs vary (under 10 ms)' : `${perService.toFixed(0)} ms per service`}   (over SSH / local = ${(bestRemote / bestLocal).toFixed(2)}×)`,
        ].join('\n'),
      );
    },
  );
});
