import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Nothing lost when Stackpilot dies (issue 25): `stackpilot up / down / up --force-recreate / up
 * --scale` killed with SIGKILL at points a seeded generator picks, again and again; after each kill
 * the same command run to its end must adopt what is there and finish the job. What is checked after
 * every finished command holds wherever the kill fell, so the test never depends on when it fell:
 * no duplicate, orphan or half-created container, one network, and the named volume kept unless
 * `down -v` removed it.
 */
const run = promisify(execFile);
const engineState = inject('engine');
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
const project = `sp-kill-${randomBytes(3).toString('hex')}`;
const SEED = 0x5eed25;
/** Kills per command: enough to land in every phase of these few-second commands. */
const KILLS = 6;
/** Seven runs of a command and six of what comes before it, on a machine that may be busy. */
const KILL_TEST_TIMEOUT_MS = 600_000;
let dir: string;

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(SEED);

const STACK = `services:
  db:
    image: stackpilot-test/busybox:1
    init: true
    stop_grace_period: 1s
    command: ["sh", "-c", "sleep 0.5; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 5s }
    volumes: [data:/data]
  api:
    image: stackpilot-test/busybox:1
    init: true
    stop_grace_period: 1s
    command: ["sleep", "3600"]
    depends_on: { db: { condition: service_healthy } }
  worker:
    image: stackpilot-test/busybox:1
    init: true
    stop_grace_period: 1s
    command: ["sleep", "3600"]
    depends_on: [api]
    scale: 2
volumes:
  data: {}
`;

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args, '-p', project], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Starts the command and kills it with SIGKILL after `ms`, or lets it end if it ends first. */
async function killedAfter(ms: number, args: string[]): Promise<'killed' | 'ended'> {
  const child = spawn(process.execPath, [CLI, ...args, '-p', project], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: 'ignore',
  });
  const ended = new Promise<'ended'>((resolve) => child.on('exit', () => resolve('ended')));
  const timer = new Promise<'killed'>((resolve) =>
    setTimeout(() => {
      child.kill('SIGKILL');
      resolve('killed');
    }, ms),
  );
  const first = await Promise.race([ended, timer]);
  await ended;
  return first;
}

interface Seen {
  containers: { name: string; state: string; service: string }[];
  networks: string[];
  volumes: string[];
}

async function engineHas(): Promise<Seen> {
  const label = `label=com.docker.compose.project=${project}`;
  const ps = await run('docker', [
    'ps',
    '-a',
    '--filter',
    label,
    '--format',
    '{{.Names}}\t{{.State}}\t{{.Label "com.docker.compose.service"}}',
  ]);
  const nets = await run('docker', ['network', 'ls', '--filter', label, '--format', '{{.Name}}']);
  const vols = await run('docker', ['volume', 'ls', '--filter', label, '--format', '{{.Name}}']);
  const lines = (s: string): string[] => s.split('\n').filter(Boolean);
  return {
    containers: lines(ps.stdout).map((l) => {
      const [name = '', state = '', service = ''] = l.split('\t');
      return { name, state, service };
    }),
    networks: lines(nets.stdout),
    volumes: lines(vols.stdout),
  };
}

/** The stack as `up` must leave it: each replica once, running, one network, the volume. */
function expectUp(seen: Seen, workers: number, context: string): void {
  const names = seen.containers.map((c) => c.name).sort();
  const want = [
    `${project}-api-1`,
    `${project}-db-1`,
    ...Array.from({ length: workers }, (_, i) => `${project}-worker-${i + 1}`),
  ].sort();
  expect(names, `${context}: containers`).toEqual(want);
  expect(
    seen.containers.filter((c) => c.state !== 'running'),
    `${context}: every container running (none half-created)`,
  ).toEqual([]);
  expect(seen.networks, `${context}: networks`).toEqual([`${project}_default`]);
  expect(seen.volumes, `${context}: the named volume`).toEqual([`${project}_data`]);
}

function expectDown(seen: Seen, context: string): void {
  expect(seen.containers, `${context}: containers`).toEqual([]);
  expect(seen.networks, `${context}: networks`).toEqual([]);
  expect(seen.volumes, `${context}: the named volume is kept without -v`).toEqual([`${project}_data`]);
}

describe.skipIf(!engineState.available)(`Stackpilot killed at random points (seed ${SEED})`, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stackpilot-kill-'));
    writeFileSync(join(dir, 'compose.yaml'), STACK);
  });
  afterAll(async () => {
    await cli('down', '-v', '-t', '1');
    rmSync(dir, { recursive: true, force: true });
    const left = await engineHas();
    expect(left).toEqual({ containers: [], networks: [], volumes: [] });
  });

  /**
   * Each command, killed `KILLS` times at a point drawn in [0, its usual length], then run to its end.
   * The usual length is measured by one whole run first, so the kills fall across all of it.
   */
  const killAndFinish = async (
    args: string[],
    before: () => Promise<unknown>,
    check: (seen: Seen, context: string) => void,
  ): Promise<void> => {
    await before();
    const t0 = Date.now();
    const whole = await cli(...args);
    expect(whole.code, whole.out).toBe(0);
    const usualMs = Math.max(500, Date.now() - t0);
    const points: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      await before();
      const at = Math.floor(random() * usualMs);
      const how = await killedAfter(at, args);
      points.push(`${at} ms${how === 'ended' ? ' (had ended)' : ''}`);
      const finished = await cli(...args);
      const context = `${args.join(' ')} killed at ${at} ms (${how}), then run again`;
      expect(finished.code, `${context}:\n${finished.out}`).toBe(0);
      check(await engineHas(), context);
    }
    console.log(`stackpilot ${args.join(' ')} (${usualMs} ms whole) killed at ${points.join(', ')}`);
  };

  it(
    'up, killed anywhere, then up again: each replica once, all running, one network, the volume',
    async () => {
      await killAndFinish(
        ['up', '-t', '1'],
        () => cli('down', '-t', '1'),
        (seen, c) => expectUp(seen, 2, c),
      );
    },
    KILL_TEST_TIMEOUT_MS,
  );

  it(
    'down, killed anywhere, then down again: nothing left but the named volume',
    async () => {
      await killAndFinish(['down', '-t', '1'], () => cli('up'), expectDown);
    },
    KILL_TEST_TIMEOUT_MS,
  );

  it(
    'a recreate, killed anywhere, then again: each replica once, all running',
    async () => {
      await killAndFinish(
        ['up', '--force-recreate', '-t', '1'],
        () => cli('up'),
        (seen, c) => expectUp(seen, 2, c),
      );
    },
    KILL_TEST_TIMEOUT_MS,
  );

  it(
    'a scale, killed anywhere, then again: the new count, each replica once',
    async () => {
      await killAndFinish(
        ['up', '--scale', 'worker=3', '-t', '1'],
        () => cli('up', '--scale', 'worker=1', '-t', '1'),
        (seen, c) => expectUp(seen, 3, c),
      );
    },
    KILL_TEST_TIMEOUT_MS,
  );
});
