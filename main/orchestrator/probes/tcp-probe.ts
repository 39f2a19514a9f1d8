import { connect } from 'node:net';
import { DIRECT } from './probe';
import type { ProbeResult, ReadinessProbe, Reach } from './probe';

/** Ready when a TCP connection to host:port opens. */
export class TcpProbe implements ReadinessProbe {
  readonly description: string;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
    private readonly reach: Reach = DIRECT,
  ) {
    this.description = `tcp probe ${host}:${port}`;
  }

  async check(signal: AbortSignal): Promise<ProbeResult> {
    let to: { host: string; port: number };
    try {
      to = await this.reach(this.host, this.port);
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
    return new Promise((resolve) => {
      const socket = connect(to);
      const done = (result: ProbeResult): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(result);
      };
      const onAbort = (): void => done({ ok: false, detail: 'aborted' });
      const timer = setTimeout(
        () => done({ ok: false, detail: `no connection within ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => done({ ok: true, detail: 'connected' }));
      socket.once('error', (err: NodeJS.ErrnoException) =>
        done({ ok: false, detail: err.code === 'ECONNREFUSED' ? 'connection refused' : (err.code ?? err.message) }),
      );
    });
  }
}
