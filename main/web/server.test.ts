import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../ipc/handlers';
import { OpenStack } from '../session/open-stack';
import { StackSession } from '../session/stack-session';
import { systemClock } from '../orchestrator/clock';
import { startWebServer } from './server';
import type { RunningWebServer } from './server';

let server: RunningWebServer;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'stackpilot-web-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ok</title>');
  const open = new OpenStack({ cwd: rendererDir, homeDir: '/home/dev', env: {} }, noEngine(), () => undefined);
  server = await startWebServer({
    rendererDir,
    handlers: createHandlers(open, { version: 't', mode: 'browser', platform: 'linux' }),
    token: 'right-token',
  });
});

afterAll(async () => {
  await server.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

function get(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with 'open' or the refusal's HTTP status. */
function connect(opts: {
  token?: string;
  host?: string;
  origin?: string;
}): Promise<{ result: string; ws?: WebSocket }> {
  const origin = opts.origin ?? `http://127.0.0.1:${server.port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${opts.token ?? 'right-token'}`, {
    headers: { host: opts.host ?? `127.0.0.1:${server.port}`, origin },
  });
  return new Promise((resolve) => {
    ws.on('open', () => resolve({ result: 'open', ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ result: String(res.statusCode) }));
    ws.on('error', (err) => resolve({ result: err.message }));
  });
}

describe('browser mode server', () => {
  it('listens on 127.0.0.1 only', () => expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=right-token$/));

  it('serves the renderer to the right Host, and refuses others (DNS rebinding)', async () => {
    expect(await get('/', `127.0.0.1:${server.port}`)).toBe(200);
    expect(await get('/', `localhost:${server.port}`)).toBe(200);
    expect(await get('/', `evil.example:${server.port}`)).toBe(421);
    expect(await get('/../../etc/passwd', `127.0.0.1:${server.port}`)).toBe(404);
  });

  it('refuses a wrong token, Host or Origin on the WebSocket', async () => {
    expect((await connect({ token: 'wrong' })).result).toBe('403');
    expect((await connect({ token: '' })).result).toBe('403');
    expect((await connect({ host: `attacker.example:${server.port}` })).result).toBe('403');
    expect((await connect({ origin: 'http://attacker.example' })).result).toBe('403');
    expect((await connect({ origin: `http://127.0.0.1:${server.port + 1}` })).result).toBe('403');
  });

  it('answers contract calls over an accepted socket, and refuses unknown channels', async () => {
    const { result, ws } = await connect({});
    expect(result).toBe('open');
    const call = (msg: object) =>
      new Promise<unknown>((resolve) => {
        ws?.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8'))));
        ws?.send(JSON.stringify(msg));
      });
    expect(await call({ id: 1, channel: 'app:info', args: [] })).toEqual({
      type: 'response',
      id: 1,
      result: { version: 't', mode: 'browser', platform: 'linux' },
    });
    expect(await call({ id: 2, channel: 'shell:exec', args: ['rm -rf /'] })).toMatchObject({
      id: 2,
      error: { code: 'unknown-channel' },
    });
    expect(await call({ id: 3, channel: 'stack:open', args: [{ path: 42 }] })).toMatchObject({
      id: 3,
      error: { code: 'bad-payload' },
    });
    ws?.close();
  });
});

function noEngine(): StackSession {
  return new StackSession(
    () => Promise.reject(new Error('no engine in this test')),
    systemClock,
    () => undefined,
    '/',
  );
}
