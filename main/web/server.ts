import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { EventChannel, EventMap } from '../../preload/contract';
import { dispatchInvoke } from '../ipc/handlers';
import type { ContractHandlers } from '../ipc/handlers';

/**
 * Browser mode: serves the built renderer and the same contract over a WebSocket, on 127.0.0.1 only.
 * A random token per run guards the socket; Host and Origin are checked so another site cannot reach
 * it (no DNS rebinding, no cross-site WebSocket).
 */
export interface WebServerOptions {
  rendererDir: string;
  handlers: ContractHandlers;
  port?: number;
  token?: string;
}

export interface RunningWebServer {
  url: string;
  port: number;
  token: string;
  emit<E extends EventChannel>(event: E, payload: EventMap[E]): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = opts.port ?? 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  const server: Server = createServer((req, res) => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return refuse(res, 421, 'unexpected Host header');
    serveStatic(opts.rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const hostOk = allowedHosts().includes(req.headers.host ?? '');
    const originOk = allowedOrigins().includes(req.headers.origin ?? '');
    const tokenOk = url.pathname === '/ws' && safeEqual(url.searchParams.get('token') ?? '', token);
    if (!hostOk || !originOk || !tokenOk) {
      const reason = !hostOk ? 'bad host' : !originOk ? 'bad origin' : 'bad token';
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nrefused: ${reason}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data: Buffer) => void onMessage(ws, data.toString('utf8')));
    });
  });

  const onMessage = async (ws: WebSocket, text: string): Promise<void> => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { id, channel, args } = message as { id?: unknown; channel?: unknown; args?: unknown };
    if (typeof id !== 'number') return;
    const response = await dispatchInvoke(opts.handlers, channel, args);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'response', id, ...response }));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    emit(event, payload) {
      const text = JSON.stringify({ type: 'event', event, payload });
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuse(res: ServerResponse, status: number, why: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(`${why}\n`);
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile())
    return refuse(res, 404, 'not found');
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // frame-ancestors only works as a header: no other site may frame the UI (clickjacking).
    'Content-Security-Policy': "frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
