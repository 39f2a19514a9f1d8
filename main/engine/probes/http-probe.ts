import type { ProbeResult, ReadinessProbe } from './probe';

/** Ready when the URL answers 2xx. Runs from the host, like the person who will open it. */
export class HttpProbe implements ReadinessProbe {
  readonly description: string;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {
    this.description = `http probe ${url}`;
  }

  async check(signal: AbortSignal): Promise<ProbeResult> {
    try {
      const res = await fetch(this.url, { signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]), redirect: 'manual' });
      await res.body?.cancel();
      return res.status >= 200 && res.status < 300 ? { ok: true, detail: `HTTP ${res.status}` } : { ok: false, detail: `HTTP ${res.status}` };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return {
        ok: false,
        detail: cause === 'ECONNREFUSED' ? 'connection refused' : (err as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (cause ?? (err as Error).message),
      };
    }
  }
}
