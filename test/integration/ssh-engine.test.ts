import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { SshConnection } from '../../main/docker/ssh-connection';
import { isEngineError } from '../../main/orchestrator/errors';
import { sshClient } from '../setup/sshd';
import type { SshFixture } from '../setup/sshd';
import { freePort } from '../support/free-port';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
const ssh = inject('engines')['Docker over SSH'] as {
  available: boolean;
  reason: string;
  env: Record<string, string>;
  fixture?: SshFixture;
};

/** Connects with this ssh:// URL and client; the error it fails with. */
async function failure(url: string, client: string): Promise<Error> {
  const err = await DockerEngine.connect({ ...process.env, DOCKER_HOST: url, STACKPILOT_SSH: client }, '/root').then(
    (engine) => {
      engine.close();
      return new Error('it connected');
    },
    (e: unknown) => e as Error,
  );
  expect(isEngineError(err, 'engine-unreachable')).toBe(true);
  return err;
}

describe.skipIf(!ssh.available)(`Docker over SSH, each way it can fail (${ssh.reason})`, () => {
  const fx = ssh.fixture as SshFixture;
  const url = `ssh://${fx.user}@127.0.0.1:${fx.port}`;
  const client = (name: string, key: string, knownHosts = 'known_hosts'): string =>
    sshClient(fx, name, { key: join(fx.dir, key), knownHosts: join(fx.dir, knownHosts) });
  let server: Server | undefined;

  afterAll(() => server?.close());

  it('a host nobody answers on: unreachable, and what to check', async () => {
    const err = await failure(`ssh://${fx.user}@127.0.0.1:${await freePort()}`, client('good', 'id'));
    expect(err.message).toMatch(/the host is unreachable \(.*Connection refused/);
    expect((err as { hint?: string }).hint).toContain('SSH server runs');
  });

  it('a host whose key is not in known_hosts: refused, never accepted by itself', async () => {
    const err = await failure(url, client('unknown-host', 'id', 'empty_known_hosts'));
    expect(err.message).toContain("the host's key is not in known_hosts, or it changed");
    expect((err as { hint?: string }).hint).toContain('never accepts a host key by itself');
  });

  it('a key the server does not accept: refused, and how to fix it', async () => {
    const err = await failure(url, client('stranger', 'stranger'));
    expect(err.message).toMatch(/the SSH server refused the key \(.*Permission denied/);
    expect((err as { hint?: string }).hint).toContain('ssh-add');
  });

  it('no docker on the far side: says so, and what to install', async () => {
    const err = await failure(url, client('nodocker', 'nodocker'));
    expect(err.message).toContain('no docker command on the far side');
    expect((err as { hint?: string }).hint).toContain('install Docker on 127.0.0.1');
  });

  it('the command line prints the error and its hint, exit 1', async () => {
    const r = await run(process.execPath, [CLI, 'ls'], {
      env: { ...process.env, DOCKER_HOST: url, STACKPILOT_SSH: client('stranger', 'stranger'), NO_COLOR: '1' },
    }).catch((e: unknown) => e as { code: number; stderr: string });
    expect((r as { code?: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toMatch(
      /stackpilot: cannot reach the Docker engine at ssh:\/\/.*: the SSH server refused the key[^]*hint: load your key into the agent/,
    );
  });

  it("reaches a port on the far host's loopback through a tunnel of its own (another local port when that one is taken here)", async () => {
    const port = await freePort();
    server = createServer((socket) => socket.end('far side\n'));
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    const engine = await DockerEngine.connect({ ...process.env, ...ssh.env }, '/root');
    try {
      expect(engine.info().remote).toEqual({ host: '127.0.0.1', via: 'ssh' });
      const to = await engine.reach('localhost', port);
      // The far host is this machine, where the port is taken: the tunnel's end is another port.
      expect(to.host).toBe('127.0.0.1');
      expect(to.port).not.toBe(port);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(to.port, '127.0.0.1');
        let got = '';
        socket.on('data', (d: Buffer) => (got += d.toString()));
        socket.on('end', () => resolve(got));
        socket.on('error', reject);
      });
      expect(answer).toBe('far side\n');
      expect(await engine.reach('localhost', port)).toEqual(to);
    } finally {
      engine.close();
    }
  });

  it('a dropped connection is made again by itself, to the same local socket: the engine answers there again', async () => {
    const connection = await SshConnection.open(ssh.env.DOCKER_HOST ?? '', { ...process.env, ...ssh.env });
    try {
      expect(await ping(connection.socketPath)).toBe('OK');
      const first = connection.masterPid;
      process.kill(first ?? 0, 'SIGKILL');
      await expect
        .poll(() => ping(connection.socketPath).catch(() => 'down'), { timeout: 30_000, interval: 200 })
        .toBe('OK');
      expect(connection.masterPid).not.toBe(first);
    } finally {
      connection.close();
    }
  });
});

/** The engine's /_ping through a unix socket: "OK" when it answers. */
function ping(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/_ping' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}
