import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineFaultProxy } from '../support/engine-fault-proxy';

/** A stand-in engine on a Unix socket: /events streams a line a tick until told to stop; anything else answers JSON. */
let dir: string;
let engine: Server;
let proxy: EngineFaultProxy;
const streams: ServerResponse[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sp-proxy-test-'));
  engine = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.endsWith('/events')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"status":"start","id":"aaaaaaaaaaaaaaaaaaaa"}\n');
      streams.push(res);
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, body, filler: 'x'.repeat(4000) }));
    });
  });
  await new Promise<void>((r) => engine.listen(join(dir, 'docker.sock'), r));
  proxy = await EngineFaultProxy.start(join(dir, 'docker.sock'));
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.destroy();
  await proxy.close();
  await new Promise<void>((r) => engine.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status?: number;
  body: string;
  error?: string;
}

/** One request through the proxy: what came back, and how it ended. */
function ask(method: string, path: string, body?: string, onChunk?: (text: string) => void): Promise<Answer> {
  return new Promise((resolve) => {
    const out: Answer = { body: '' };
    const req = request({ socketPath: proxy.socketPath, method, path }, (res) => {
      out.status = res.statusCode;
      res.on('data', (c: Buffer) => {
        out.body += c.toString();
        onChunk?.(c.toString());
      });
      res.on('end', () => resolve(out));
      res.on('error', (err) => resolve({ ...out, error: err.message }));
      res.on('aborted', () => resolve({ ...out, error: 'aborted' }));
    });
    req.on('error', (err) => resolve({ ...out, error: err.message }));
    req.end(body);
  });
}

describe('the engine fault proxy (test support)', () => {
  it('forwards requests and their bodies untouched when no rule matches, and records each', async () => {
    const a = await ask('POST', '/v1.41/containers/create?name=x', '{"Image":"busybox"}');
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({
      method: 'POST',
      url: '/v1.41/containers/create?name=x',
      body: '{"Image":"busybox"}',
    });
    expect(proxy.seen).toEqual([{ method: 'POST', path: '/containers/create?name=x' }]);
  });

  it('answers a chosen call with 500, 503 or 409, for as many times as asked, then forwards again', async () => {
    proxy.add({ method: 'POST', path: /^\/containers\/\w+\/start/, fault: { kind: 'status', code: 503 }, times: 1 });
    const failed = await ask('POST', '/v1.41/containers/abc/start');
    expect(failed.status).toBe(503);
    expect(JSON.parse(failed.body)).toEqual({ message: 'injected 503 for POST /containers/abc/start' });
    expect((await ask('POST', '/v1.41/containers/abc/start')).status).toBe(200);
    expect(proxy.seen.map((s) => s.fault)).toEqual(['status', undefined]);
  });

  it('delays answers and still delivers them whole', async () => {
    proxy.add({ path: /^\/containers\/json/, fault: { kind: 'delay', ms: 50 } });
    const a = await ask('GET', '/v1.41/containers/json');
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ url: '/v1.41/containers/json' });
  });

  it('takes a request and never answers it, until the test cuts it', async () => {
    proxy.add({ path: /^\/_ping/, fault: { kind: 'hang' } });
    const pending = ask('GET', '/v1.41/_ping');
    await waitFor(() => proxy.openTo(/^\/_ping/) === 1);
    expect(proxy.cut(/^\/_ping/)).toBe(1);
    const a = await pending;
    expect(a.status).toBeUndefined();
    expect(a.error).toBeDefined();
  });

  it('closes the connection after the headers: the status arrives, the body never ends', async () => {
    proxy.add({ path: /^\/info/, fault: { kind: 'close-after-headers' } });
    const a = await ask('GET', '/v1.41/info');
    expect(a.status).toBe(200);
    expect(a.body).toBe('');
    expect(a.error).toBeDefined();
  });

  it('cuts an answer after so many bytes of its body on the wire, in the middle of what it was sending', async () => {
    proxy.add({ path: /^\/containers\/\w+\/json/, fault: { kind: 'cut-after', bytes: 100 } });
    const a = await ask('GET', '/v1.41/containers/abc/json');
    // 100 bytes of a chunked body: the chunk's size line, then the start of the JSON.
    expect(a.body.length).toBeGreaterThan(0);
    expect(a.body.length).toBeLessThan(100);
    expect(a.body.startsWith('{"method":"GET"')).toBe(true);
    expect(a.error).toBeDefined();
  });

  it('cuts a stream in progress half-way through its next frame', async () => {
    const chunks: string[] = [];
    const pending = ask('GET', '/v1.41/events', undefined, (t) => chunks.push(t));
    await waitFor(() => chunks.length === 1);
    expect(proxy.cut(/^\/events/)).toBe(1);
    streams[0]?.write('{"status":"die","id":"bbbbbbbbbbbbbbbbbbbb"}\n');
    const a = await pending;
    expect(a.body.startsWith('{"status":"start","id":"aaaaaaaaaaaaaaaaaaaa"}\n{"status":"die"')).toBe(true);
    expect(a.body.endsWith('}\n')).toBe(false);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition(), 'the condition waited for').toBe(true);
}
