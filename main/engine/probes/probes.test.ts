import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpProbe } from './http-probe';
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

  it('reports a refused connection and a silent server', async () => {
    expect(await new HttpProbe(`http://127.0.0.1:${await closedPort()}/`, 1000).check(signal)).toEqual({ ok: false, detail: 'connection refused' });
    const port = await listen(createHttpServer(() => undefined));
    expect(await new HttpProbe(`http://127.0.0.1:${port}/`, 200).check(signal)).toEqual({ ok: false, detail: 'no answer within 200 ms' });
  });
});

describe('tcp probe', () => {
  it('passes when a connection opens, and says why not', async () => {
    const port = await listen(createTcpServer((socket) => socket.end()));
    expect(await new TcpProbe('127.0.0.1', port, 1000).check(signal)).toEqual({ ok: true, detail: 'connected' });
    expect(await new TcpProbe('127.0.0.1', await closedPort(), 1000).check(signal)).toEqual({ ok: false, detail: 'connection refused' });
  });
});
