/**
 * Docker timestamps are RFC 3339 with nanoseconds, trailing zeros trimmed (`…:05.1Z`, `…:05.123456789Z`),
 * so they do not sort as text. This pads the fraction to nine digits: the result sorts in time order.
 */
export function sortableTimestamp(ts: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return ts;
  if (m[3] !== 'Z') return ts;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0').slice(0, 9)}Z`;
}

/** Unix seconds with the fraction, as the engine's `since` takes them. */
export function unixSeconds(ts: string): number {
  const sortable = sortableTimestamp(ts);
  const whole = Date.parse(`${sortable.slice(0, 19)}Z`);
  const nanos = Number(sortable.slice(20, 29) || '0');
  return whole / 1000 + nanos / 1e9;
}
