/** Values that mean a component is fine: not worth naming when another is not. */
const FINE = /^(ok|up|healthy|pass|passed|connected|ready|true|green)$/i;
const MAX_WORDS = 160;

/** The first JSON object in a text (a probe's output may have a line of its own before the body). */
function firstJsonObject(text: string): Record<string, unknown> | undefined {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const end = text.lastIndexOf('}');
    if (end <= start) return undefined;
    try {
      const v: unknown = JSON.parse(text.slice(start, end + 1));
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // Not this brace: try the next.
    }
  }
  return undefined;
}

/** A component's state: a plain value, or an object's `status` (`{"db": {"status": "down"}}`). */
function stateOf(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v !== null && 'status' in v) return stateOf(v.status);
  return undefined;
}

/**
 * What a health endpoint's JSON body says, in words: its components' states, those that are not
 * fine first ("database: disconnected"), or undefined when the body is not a JSON object.
 * `{"status":"unhealthy","database":"disconnected","cache":"ok"}` → "database: disconnected".
 */
export function describeHealthBody(text: string): string | undefined {
  const body = firstJsonObject(text);
  if (!body) return undefined;
  const checks =
    typeof body.checks === 'object' && body.checks !== null && !Array.isArray(body.checks)
      ? (body.checks as Record<string, unknown>)
      : body;
  const parts = Object.entries(checks)
    .filter(([k]) => k !== 'status')
    .flatMap(([k, v]) => {
      const state = stateOf(v);
      return state === undefined ? [] : [{ k, state }];
    });
  const bad = parts.filter((p) => !FINE.test(p.state));
  const shown = (bad.length > 0 ? bad : parts).map((p) => `${p.k}: ${p.state}`).join(', ');
  const status = stateOf(body.status);
  const words = shown || (status !== undefined ? `status ${status}` : '');
  return words ? words.slice(0, MAX_WORDS) : undefined;
}

/** "HTTP 503" from a fetcher's error line (wget's "server returned error: HTTP/1.1 503 …", curl's "error: 503"). */
export function httpStatusIn(text: string): number | undefined {
  const m = /HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(text) ?? /\berror:?\s+(\d{3})\b/i.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** What a probe's output says of an HTTP health endpoint: "HTTP 503 — database: disconnected", or undefined. */
export function healthEndpointWords(output: string, status = httpStatusIn(output)): string | undefined {
  const body = describeHealthBody(output);
  if (status === undefined && body === undefined) return undefined;
  return [status !== undefined ? `HTTP ${status}` : undefined, body].filter(Boolean).join(' — ');
}
