import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { EngineStack } from '../support/engine-stack';

const engineState = inject('engine');
let current: EngineStack | undefined;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  const s = current;
  current = undefined;
  if (!s) return;
  await s.cleanup();
  expect(await s.containers()).toBe(0);
});

const stackOf = async (yaml: string): Promise<EngineStack> => (current = await EngineStack.create(yaml));

describe.skipIf(!engineState.available)(`bad input at runtime ends in a clear state (${engineState.reason})`, () => {
  it('a host port already taken: found before the start, naming the port and who holds it', async () => {
    const server: Server = createServer();
    const port = await new Promise<number>((r) =>
      server.listen(0, '0.0.0.0', () => r((server.address() as AddressInfo).port)),
    );
    cleanups.push(() => server.close());
    const s = await stackOf(`services:
  web:
    image: stackpilot-test/busybox:1
    command: ["sleep", "60"]
    ports: ["${port}:80"]
  other:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "60"]
`);
    const result = await s.runner.up();
    expect(result.problems.map((p) => p.service)).toEqual(['web']);
    expect(s.runner.get('web')?.reason).toBe(
      `host port ${port} (held by node (pid ${process.pid})) is already in use — stop what holds it, or publish web on another port`,
    );
    expect(s.count('web', 'create')).toBe(0);
    expect(s.runner.get('other')?.status).toBe('ready');
  });

  it('a bind-mount source that does not exist', async () => {
    const s = await stackOf(`services:
  app:
    image: stackpilot-test/busybox:1
    command: ["sleep", "60"]
    volumes:
      - type: bind
        source: ./config-that-is-not-there
        target: /config
`);
    await s.runner.up();
    expect(s.runner.get('app')).toMatchObject({ status: 'failed' });
    expect(s.runner.get('app')?.reason).toBe(
      `bind mount source ${s.dir}/config-that-is-not-there does not exist — create it, fix the path, or set bind.create_host_path: true on the mount of /config`,
    );
  });

  it('a container name taken by a container of someone else', async () => {
    const s = await stackOf(`services:
  app:
    image: stackpilot-test/busybox:1
    command: ["sleep", "60"]
`);
    const foreign = `${s.project}-app-1`;
    execFileSync('docker', ['create', '--name', foreign, 'stackpilot-test/busybox:1', 'true'], { stdio: 'ignore' });
    cleanups.push(() => execFileSync('docker', ['rm', '-f', foreign], { stdio: 'ignore' }));
    await s.runner.up();
    expect(s.runner.get('app')?.reason).toBe(
      `a container named ${foreign} already exists and does not belong to this stack — remove or rename it (docker rm -f ${foreign}), or set container_name to something else`,
    );
  });

  it('a health check whose command is not in the image fails at once, without retrying', async () => {
    const s = await stackOf(`services:
  db:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "60"]
    healthcheck: { test: ["CMD", "pg_isready", "-U", "app"], interval: 5s }
`);
    await s.runner.up();
    expect(s.runner.get('db')?.status).toBe('failed');
    expect(s.runner.get('db')?.reason).toMatch(
      /^unhealthy while starting: the check's command is not in the image \(pg_isready\): .*executable file not found/,
    );
    expect(s.count('db', 'start')).toBe(1);
  });

  it('a service that exits 0 at once although it should keep running', async () => {
    const s = await stackOf(`services:
  api:
    image: stackpilot-test/busybox:1
    command: ["true"]
    healthcheck: { test: ["CMD", "true"], interval: 5s }
    x-stackpilot: { retry: { attempts: 2, delay: 100ms } }
`);
    await s.runner.up();
    expect(s.runner.get('api')?.reason).toBe(
      'exited with code 0 before it was ready (it should keep running) (after 2 attempts)',
    );
  });
});
