import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Label } from '../../main/orchestrator/runtime/labels';
import type { ServiceStatus } from '../../main/orchestrator/runtime/service-state';
import { EngineStack } from '../support/engine-stack';
import { freezeDockerd, mayControlDockerd, restartDockerd } from '../setup/dockerd';

/**
 * Fault injection against the real engine, with figures: for each fault, how often Stackpilot crashed,
 * how many containers were orphaned or duplicated, how many log lines were lost or repeated, and how
 * long until every service's state was right again.
 */
const engine = inject('engine');
const control = mayControlDockerd();
let crashes = 0;
const onCrash = (): void => void crashes++;
const rows: string[] = [];
const notes: string[] = [];

const STACK = `services:
  db:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "sleep 0.5; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 2s, retries: 3 }
  api:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "sleep 0.5; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 2s, retries: 3 }
    depends_on: { db: { condition: service_healthy } }
  counter:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "i=$$(cat /tmp/n 2>/dev/null || echo 0); while true; do i=$$((i+1)); echo \\"line $$i\\"; echo $$i > /tmp/n.new; mv /tmp/n.new /tmp/n; sleep 0.01; done"]
  flappy:
    image: stackpilot-test/busybox:1
    init: true
    # Healthy while /tmp/healthy exists: the test flips it. (It used to flip itself on the clock, healthy
    # 4 s then unhealthy 4 s; whether its first probes fell in a healthy window was chance, and when
    # they did not, up() failed and the whole fault suite with it.)
    command: ["sh", "-c", "touch /tmp/healthy; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/healthy"], interval: 1s, retries: 1 }
`;

describe.skipIf(!engine.available || !control.ok)(`fault injection (${control.why})`, () => {
  let s: EngineStack;

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    s = await EngineStack.create(STACK, { collectLogs: true, random: () => 0.5 });
    expect((await s.runner.up()).ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await s?.cleanup();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    console.log(
      [
        '',
        'fault                         crashed  orphaned/dup  lines lost  repeated  states right after',
        ...rows,
        ...notes.map((n) => `  ${n}`),
      ].join('\n'),
    );
  });

  /** Polls until every listed service has the status wanted; returns how long it took. */
  async function untilRight(want: Record<string, ServiceStatus>, timeoutMs = 90_000): Promise<number> {
    const t0 = Date.now();
    while (
      Object.entries(want).some(([n, st]) => s.runner.get(n)?.status !== st) ||
      s.runner.engineStatus().state !== 'connected'
    ) {
      if (Date.now() - t0 > timeoutMs)
        throw new Error(
          `states not right after ${timeoutMs} ms: ${s.runner
            .snapshot()
            .map((x) => `${x.name}=${x.status} (${x.reason})`)
            .join('; ')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - t0;
  }

  async function containerProblems(): Promise<number> {
    const list = await s.driver.listContainers({ [Label.project]: s.project });
    const perService = new Map<string, number>();
    for (const c of list)
      perService.set(c.labels[Label.service] ?? '?', (perService.get(c.labels[Label.service] ?? '?') ?? 0) + 1);
    return [...perService.entries()].reduce((n, [svc, k]) => n + (s.stack.services[svc] ? k - 1 : k), 0);
  }

  async function logIntegrity(): Promise<{ lost: number; repeated: number }> {
    await new Promise((r) => setTimeout(r, 500));
    const id = s.runner.get('counter')?.containerId ?? '';
    const truth = await new Promise<string[]>((resolve) => {
      const lines: string[] = [];
      s.driver.logs(
        id,
        { follow: false },
        (l) => lines.push(l.text),
        () => resolve(lines),
      );
    });
    const hub = (s.runner.logs?.lines(['counter']) ?? []).map((e) => e.text);
    // The hub may be a little ahead or behind of the snapshot: compare the part both have seen, as
    // multisets — a line the engine itself holds twice (a restart at the wrong instant) is no repeat.
    const upTo = Math.min(truth.length, hub.length);
    const count = (lines: string[]): Map<string, number> =>
      lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
    const inTruth = count(truth.slice(0, upTo));
    const inHub = count(hub.slice(0, upTo));
    let lost = 0;
    let repeated = 0;
    for (const [line, n] of inTruth) lost += Math.max(0, n - (inHub.get(line) ?? 0));
    for (const [line, n] of inHub) repeated += Math.max(0, n - (inTruth.get(line) ?? 0));
    return { lost, repeated };
  }

  async function record(name: string, rightAfterMs: number): Promise<void> {
    const dup = await containerProblems();
    const logs = await logIntegrity();
    rows.push(
      `${name.padEnd(30)}${String(crashes).padStart(7)}${String(dup).padStart(14)}${String(logs.lost).padStart(12)}${String(logs.repeated).padStart(10)}  ${(rightAfterMs / 1000).toFixed(1)} s`,
    );
    expect({ crashes, dup, ...logs }).toEqual({ crashes: 0, dup: 0, lost: 0, repeated: 0 });
  }

  const allReady = { db: 'ready', api: 'ready', counter: 'ready', flappy: 'ready' } as const;

  it('kill -9 of a service’s process', async () => {
    const id = s.runner.get('api')?.containerId ?? '';
    const pid = execFileSync('docker', ['inspect', '-f', '{{.State.Pid}}', id], { encoding: 'utf8' }).trim();
    const before = s.runner.get('api')?.timeline.length ?? 0;
    const t0 = Date.now();
    process.kill(Number(pid), 'SIGKILL');
    // Until Stackpilot has seen the death (a state change after the kill): a fixed pause here used to
    // stand for it, and when it was too short the figure read "right after 0 s" for a fault not yet seen.
    while ((s.runner.get('api')?.timeline.length ?? 0) === before) {
      if (Date.now() - t0 > 30_000)
        throw new Error(
          `Stackpilot did not notice api's kill -9 within 30 s: ${s.runner.get('api')?.status} (${s.runner.get('api')?.reason})`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
    await untilRight(allReady);
    await record('kill -9 api', Date.now() - t0);
  });

  it('a flapping health check', async () => {
    const id = s.runner.get('flappy')?.containerId ?? '';
    const seen: string[] = [];
    const off = s.runner.onChange((x) => x.name === 'flappy' && seen.at(-1) !== x.status && seen.push(x.status));
    /** Makes the check fail or pass, then waits until the engine and Stackpilot both say so. */
    const flip = async (healthy: boolean): Promise<number> => {
      execFileSync('docker', ['exec', id, ...(healthy ? ['touch', '/tmp/healthy'] : ['rm', '-f', '/tmp/healthy'])]);
      const t0 = Date.now();
      const want = healthy ? { engine: 'healthy', ours: 'ready' } : { engine: 'unhealthy', ours: 'unhealthy' };
      for (;;) {
        const info = await s.driver.inspectContainer(id);
        if (info?.health === want.engine && s.runner.get('flappy')?.status === want.ours) return Date.now() - t0;
        if (Date.now() - t0 > 30_000)
          throw new Error(
            `flappy not ${want.ours} within 30 s of the check ${healthy ? 'passing' : 'failing'}: engine says ${info?.health}, Stackpilot ${s.runner.get('flappy')?.status} (${s.runner.get('flappy')?.reason})`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    let slowest = 0;
    for (let i = 0; i < 2; i++) slowest = Math.max(slowest, await flip(false), await flip(true));
    off();
    // Other states may come between (a restart after an unhealthy spell); these two alternate.
    expect(seen.filter((st) => st === 'unhealthy' || st === 'ready')).toEqual([
      'unhealthy',
      'ready',
      'unhealthy',
      'ready',
    ]);
    await record('flapping health check ×2', slowest);
  }, 150_000);

  it('dockerd frozen (SIGSTOP) for 10 s', async () => {
    const lost: string[] = [];
    let noticedAt = 0;
    const off = s.runner.onEngineStatus((st) => {
      if (st.state !== 'unreachable') return;
      noticedAt ||= Date.now();
      lost.push(st.reason);
    });
    const frozenAt = Date.now();
    await freezeDockerd(10_000);
    const t0 = Date.now();
    await untilRight(allReady);
    off();
    expect(lost.length).toBeGreaterThan(0);
    notes.push(
      `frozen engine noticed ${((noticedAt - frozenAt) / 1000).toFixed(1)} s after SIGSTOP (watchdog: ping every 2 s, 3 s timeout)`,
    );
    await record('dockerd SIGSTOP 10 s', Date.now() - t0);
  }, 120_000);

  it('dockerd restarted', async () => {
    const t0 = Date.now();
    await restartDockerd();
    await untilRight(allReady);
    await record('dockerd restart', Date.now() - t0);
  }, 180_000);
});

describe.skipIf(!engine.available)('runtime bad input (figures)', () => {
  const table: string[] = [];
  afterAll(() => console.log(['', 'bad input                      end state  orphaned  reason', ...table].join('\n')));

  async function badInput(name: string, yaml: string, prepare?: (s: EngineStack) => () => void): Promise<void> {
    const s = await EngineStack.create(yaml);
    const undo = prepare?.(s);
    try {
      await s.runner.up();
      const app = s.runner.get('app');
      await s.runner.down({ timeoutSeconds: 1 });
      const left = await s.containers();
      table.push(`${name.padEnd(31)}${(app?.status ?? '?').padEnd(11)}${String(left).padEnd(10)}${app?.reason ?? ''}`);
      expect(app?.status).toBe('failed');
      expect(left).toBe(0);
    } finally {
      undo?.();
      await s.cleanup();
    }
  }

  it('each ends failed with its reason, and leaves nothing behind', async () => {
    const server = createServer();
    const port = await new Promise<number>((r) =>
      server.listen(0, '0.0.0.0', () => r((server.address() as AddressInfo).port)),
    );
    const base = 'image: stackpilot-test/busybox:1\n    init: true\n    command: ["sleep", "60"]';
    try {
      await badInput('host port taken', `services:\n  app:\n    ${base}\n    ports: ["${port}:80"]\n`);
    } finally {
      server.close();
    }
    await badInput('image missing, no registry', 'services:\n  app:\n    image: stackpilot-test/absent:1\n');
    await badInput('build failure', 'services:\n  app:\n    build: ./nowhere\n');
    await badInput(
      'bind-mount source missing',
      `services:\n  app:\n    ${base}\n    volumes: [{ type: bind, source: ./missing, target: /m }]\n`,
    );
    await badInput('name conflict', `services:\n  app:\n    ${base}\n`, (s) => {
      execFileSync('docker', ['create', '--name', `${s.project}-app-1`, 'stackpilot-test/busybox:1', 'true'], {
        stdio: 'ignore',
      });
      return () => execFileSync('docker', ['rm', '-f', `${s.project}-app-1`], { stdio: 'ignore' });
    });
    await badInput(
      'healthcheck command missing',
      `services:\n  app:\n    ${base}\n    healthcheck: { test: ["CMD", "pg_isready"], interval: 5s }\n`,
    );
    await badInput(
      'exits 0, should keep running',
      'services:\n  app:\n    image: stackpilot-test/busybox:1\n    command: ["true"]\n    healthcheck: { test: ["CMD", "true"] }\n    x-stackpilot: { retry: { attempts: 2, delay: 100ms } }\n',
    );
  }, 120_000);
});
