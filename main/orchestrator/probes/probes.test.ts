import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpProbe } from './http-probe';
import { describeHealthBody, httpStatusIn } from './health-body';
import { TcpProbe } from './tcp-probe';

const servers: { close(cb: () => void): void }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

function listen<T extends Server | ReturnType<typeof createTcpServer>>(server: T): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A port that was free a moment ago: nothing listens there. */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  const port = await new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const signal = new AbortController().signal;

describe('http probe', () => {
  it('passes on 2xx only, and says why not', async () => {
    let status = 503;
    const port = await listen(createHttpServer((_req, res) => res.writeHead(status).end()));
    const probe = new HttpProbe(`http://127.0.0.1:${port}/health`, 1000);
    expect(await probe.check(signal)).toEqual({ ok: false, detail: 'HTTP 503' });
    status = 204;
    expect(await probe.check(signal)).toEqual({ ok: true, detail: 'HTTP 204' });
    status = 302;
    expect(await probe.check(signal)).toEqual({ ok: false, detail: 'HTTP 302' });
  });

  it('says what a JSON health body reports', async () => {
    let body = '{"status":"unhealthy","database":"disconnected","cache":"ok"}';
    const port = await listen(
      createHttpServer((_req, res) =>
        res.writeHead(body.includes('unhealthy') ? 503 : 200, { 'content-type': 'application/json' }).end(body),
      ),
    );
    const probe = new HttpProbe(`http://127.0.0.1:${port}/health`, 1000);
    expect(await probe.check(signal)).toEqual({ ok: false, detail: 'HTTP 503 — database: disconnected' });
    body = '{"status":"ok","database":"connected"}';
    expect(await probe.check(signal)).toEqual({ ok: true, detail: 'HTTP 200 — database: connected' });
  });

  it('reports a refused connection and a silent server', async () => {
    expect(await new HttpProbe(`http://127.0.0.1:${await closedPort()}/`, 1000).check(signal)).toEqual({
      ok: false,
      detail: 'connection refused',
    });
    const port = await listen(createHttpServer(() => undefined));
    expect(await new HttpProbe(`http://127.0.0.1:${port}/`, 200).check(signal)).toEqual({
      ok: false,
      detail: 'no answer within 200 ms',
    });
  });
});

describe('tcp probe', () => {
  it('passes when a connection opens, and says why not', async () => {
    const port = await listen(createTcpServer((socket) => socket.end()));
    expect(await new TcpProbe('127.0.0.1', port, 1000).check(signal)).toEqual({ ok: true, detail: 'connected' });
    expect(await new TcpProbe('127.0.0.1', await closedPort(), 1000).check(signal)).toEqual({
      ok: false,
      detail: 'connection refused',
    });
  });
});

describe('what a health endpoint body says', () => {
  it('names the components that are not fine, from the JSON shape the services use', () => {
    expect(describeHealthBody('{"status":"unhealthy","database":"disconnected","cache":"ok"}')).toBe(
      'database: disconnected',
    );
    expect(describeHealthBody('Connecting to 127.0.0.1:8000\n{"status":"ok","database":"connected"}')).toBe(
      'database: connected',
    );
    expect(describeHealthBody('{"status":"down","checks":{"db":{"status":"down"},"redis":{"status":"up"}}}')).toBe(
      'db: down',
    );
    expect(describeHealthBody('{"status":"starting"}')).toBe('status starting');
    expect(describeHealthBody('not json {oops')).toBeUndefined();
    expect(describeHealthBody('[1,2]')).toBeUndefined();
  });

  it('finds the HTTP status in a fetcher error line', () => {
    expect(httpStatusIn('wget: server returned error: HTTP/1.1 503 Service Unavailable')).toBe(503);
    expect(httpStatusIn('curl: (22) The requested URL returned error: 500')).toBe(500);
    expect(httpStatusIn('connection refused')).toBeUndefined();
  });
});
