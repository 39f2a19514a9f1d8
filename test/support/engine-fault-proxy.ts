import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the proxy does to a request that matches a rule. */
export type Fault =
  /** Forward it, but hold the engine's answer back this long. */
  | { kind: 'delay'; ms: number }
  /** Answer it with this status and a JSON message as the engine would, without asking the engine. */
  | { kind: 'status'; code: 409 | 500 | 503; message?: string }
  /** Take it and never answer. */
  | { kind: 'hang' }
  /** Forward it and close the connection once the engine's status line and headers have gone back. */
  | { kind: 'close-after-headers' }
  /** Forward it and cut the connection after this many bytes of the answer's body, whatever frame they are in. */
  | { kind: 'cut-after'; bytes: number };

export interface FaultRule {
  method?: string;
  /** Tested against the path without the API version (`/containers/abc/start?x=1`). */
  path: RegExp;
  fault: Fault;
  /** How many matching requests it applies to; unset: all, until removed. */
  times?: number;
}

interface Seen {
  method: string;
  path: string;
  fault?: Fault['kind'];
}

const HEAD_END = '\r\n\r\n';

/**
 * A Unix socket in front of an engine's socket, driven by the test: each request is read, matched
 * against the rules, and forwarded or failed as they say. Keep-alive is turned off on the way in (one
 * request per connection, so every request is seen); upgraded connections (exec, attach) pass through
 * once their request is seen. `cut()` severs the connections of streams in progress mid-frame: the
 * events stream, a log follow.
 */
export class EngineFaultProxy {
  readonly seen: Seen[] = [];
  private readonly rules: FaultRule[] = [];
  private readonly open = new Map<Socket, { path: string; upstream?: Socket }>();

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    readonly socketPath: string,
    private readonly target: string,
  ) {}

  static async start(targetSocket: string): Promise<EngineFaultProxy> {
    const dir = mkdtempSync(join(tmpdir(), 'sp-fault-proxy-'));
    const socketPath = join(dir, 'engine.sock');
    const server = createServer();
    const proxy = new EngineFaultProxy(server, dir, socketPath, targetSocket);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, resolve);
    });
    return proxy;
  }

  /** `DOCKER_HOST` for a client that should talk through the proxy. */
  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  /** The fault has ended: every rule removed; what is hanging stays hung until cut. */
  clear(): void {
    this.rules.length = 0;
  }

  /** Cuts the connections in progress whose request path matches, half-way through the next chunk they carry. */
  cut(path: RegExp): number {
    let n = 0;
    for (const [client, conn] of this.open) {
      if (!path.test(conn.path)) continue;
      n++;
      const upstream = conn.upstream;
      if (!upstream) {
        client.destroy();
        continue;
      }
      // Mid-frame: half of what the engine sends next goes through, then the connection dies.
      upstream.removeAllListeners('data');
      upstream.once('data', (chunk: Buffer) => {
        client.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))), () => client.destroy());
        upstream.destroy();
      });
    }
    return n;
  }

  /** Connections open now whose request path matches (a stream in progress). */
  openTo(path: RegExp): number {
    return [...this.open.values()].filter((c) => path.test(c.path)).length;
  }

  async close(): Promise<void> {
    for (const [client, conn] of this.open) {
      conn.upstream?.destroy();
      client.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private accept(client: Socket): void {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(HEAD_END);
      if (end < 0) return;
      client.off('data', onData);
      this.handle(client, head.subarray(0, end).toString('latin1'), head.subarray(end + HEAD_END.length));
    };
    client.on('data', onData);
    client.on('error', () => undefined);
    client.on('close', () => {
      this.open.get(client)?.upstream?.destroy();
      this.open.delete(client);
    });
  }

  private handle(client: Socket, head: string, rest: Buffer): void {
    const [requestLine = '', ...headers] = head.split('\r\n');
    const [method = '', rawPath = ''] = requestLine.split(' ');
    const path = rawPath.replace(/^\/v\d+\.\d+/, '');
    const rule = this.rules.find((r) => (!r.method || r.method === method) && r.path.test(path));
    if (rule?.times !== undefined && --rule.times <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    const fault = rule?.fault;
    this.seen.push({ method, path, ...(fault ? { fault: fault.kind } : {}) });
    this.open.set(client, { path });
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      const body = JSON.stringify({ message: fault.message ?? `injected ${fault.code} for ${method} ${path}` });
      client.end(
        `HTTP/1.1 ${fault.code} Injected\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const upgrade = headers.some((h) => /^upgrade:/i.test(h));
    const forwarded = upgrade ? headers : [...headers.filter((h) => !/^connection:/i.test(h)), 'Connection: close'];
    const upstream = createConnection(this.target);
    this.open.set(client, { path, upstream });
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.write(`${[requestLine, ...forwarded].join('\r\n')}${HEAD_END}`);
    if (rest.length > 0) upstream.write(rest);
    const sent = this.answer(client, upstream, fault);
    // What is still held back (a delay) goes out before the end.
    upstream.on('close', () => void sent().then(() => client.end()));
  }

  /** The engine's answer, back to the client, as the fault says; resolves once all of it went back. */
  private answer(client: Socket, upstream: Socket, fault: Fault | undefined): () => Promise<void> {
    let headSeen = false;
    let body = 0;
    let buffered = Buffer.alloc(0);
    let delayed = Promise.resolve();
    const send = (chunk: Buffer): void => {
      if (fault?.kind !== 'delay') {
        client.write(chunk);
        return;
      }
      delayed = delayed.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              client.write(chunk);
              resolve();
            }, fault.ms),
          ),
      );
    };
    upstream.on('data', (chunk: Buffer) => {
      if (fault?.kind !== 'close-after-headers' && fault?.kind !== 'cut-after') return send(chunk);
      if (!headSeen) {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf(HEAD_END);
        if (end < 0) return;
        headSeen = true;
        const headBytes = buffered.subarray(0, end + HEAD_END.length);
        if (fault.kind === 'close-after-headers') {
          client.write(headBytes, () => client.destroy());
          upstream.destroy();
          return;
        }
        client.write(headBytes);
        chunk = buffered.subarray(end + HEAD_END.length);
      }
      if (fault.kind !== 'cut-after') return;
      const room = fault.bytes - body;
      body += chunk.length;
      if (chunk.length < room) {
        client.write(chunk);
        return;
      }
      client.write(chunk.subarray(0, Math.max(0, room)), () => client.destroy());
      upstream.destroy();
    });
    return () => delayed;
  }
}
