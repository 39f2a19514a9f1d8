import { DIRECT } from './probe';
import type { ProbeResult, ReadinessProbe, Reach } from './probe';
import { healthEndpointWords } from './health-body';

/** A health body is small; a big one is not read past this (the rest is cancelled). */
const BODY_LIMIT = 64 * 1024;

async function boundedText(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= BODY_LIMIT) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, BODY_LIMIT));
}

/** Ready when the URL answers 2xx. Runs from the host, like the person who will open it. */
export class HttpProbe implements ReadinessProbe {
  readonly description: string;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly reach: Reach = DIRECT,
  ) {
    this.description = `http probe ${url}`;
  }

  /** The URL as seen from here: on a remote engine, through its tunnel. */
  private async target(): Promise<string> {
    if (this.reach === DIRECT) return this.url;
    const u = new URL(this.url);
    const to = await this.reach(
      u.hostname.replace(/^\[|\]$/g, ''),
      Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
    );
    u.hostname = to.host.includes(':') ? `[${to.host}]` : to.host;
    u.port = String(to.port);
    return u.toString();
  }

  async check(signal: AbortSignal): Promise<ProbeResult> {
    try {
      const res = await fetch(await this.target(), {
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
        redirect: 'manual',
      });
      const body = await boundedText(res);
      const detail = healthEndpointWords(body, res.status) ?? `HTTP ${res.status}`;
      return res.status >= 200 && res.status < 300 ? { ok: true, detail } : { ok: false, detail };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return {
        ok: false,
        detail:
          cause === 'ECONNREFUSED'
            ? 'connection refused'
            : (err as Error).name === 'TimeoutError'
              ? `no answer within ${this.timeoutMs} ms`
              : (cause ?? (err as Error).message),
      };
    }
  }
}
