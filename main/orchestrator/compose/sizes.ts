import type { ModelPath } from './diagnostics';
import { formatPath } from './diagnostics';
import type { Reader } from './reader';

const UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
};

/** A size as compose writes one: bytes as a number, or a number and a unit (`512m`, `1.5g`, `64kb`). */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = UNITS[(m?.[2] ?? '').toLowerCase() || 'b'];
  if (!m || unit === undefined) return undefined;
  return Math.round(Number(m[1]) * unit);
}

export function readBytes(value: unknown, path: ModelPath, r: Reader): number | undefined {
  const bytes = parseBytes(value);
  if (bytes === undefined)
    r.error(
      path,
      'invalid-value',
      `${formatPath(path)}: ${JSON.stringify(value)} is not a size`,
      'write bytes as a number, or a number and a unit: 512m, 1g, 64k',
    );
  return bytes;
}
