import { connect } from 'node:net';
import type { ProbeResult, ReadinessProbe } from './probe';

/** Ready when a TCP connection to host:port opens. */
export class TcpProbe implements ReadinessProbe {
  readonly description: string;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {
    this.description = `tcp probe ${host}:${port}`;
  }

  check(signal: AbortSignal): Promise<ProbeResult> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.host, port: this.port });
      const done = (result: ProbeResult): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(result);
      };
      const onAbort = (): void => done({ ok: false, detail: 'aborted' });
      const timer = setTimeout(() => done({ ok: false, detail: `no connection within ${this.timeoutMs} ms` }), this.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => done({ ok: true, detail: 'connected' }));
      socket.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, detail: err.code === 'ECONNREFUSED' ? 'connection refused' : (err.code ?? err.message) }));
    });
  }
}
