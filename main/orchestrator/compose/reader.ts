import { formatPath } from './diagnostics';
import type { Diagnostic, DiagnosticCode, ModelPath } from './diagnostics';
import { parseDuration } from './duration';
import type { YamlSource } from './yaml-source';

export type RawMap = Record<string, unknown>;

export function isRawMap(value: unknown): value is RawMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

/**
 * Sets `record[key]` as the record's own key even for `__proto__`, which plain assignment would take
 * as the object's prototype (a user's name must never be dropped or change an object's behaviour).
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** How many findings one load lists; the rest are counted (unlistedCount). */
export const MAX_DIAGNOSTICS = 200;
const unlisted = new WeakMap<Diagnostic[], number>();

/** How many findings were left out of `diagnostics` once it was full. */
export function unlistedCount(diagnostics: Diagnostic[]): number {
  return unlisted.get(diagnostics) ?? 0;
}

/**
 * Reads typed values out of one compose file's raw data, reporting wrong types with the file, line and
 * column of the offending value. Every normaliser goes through one of these, so error wording is the
 * same everywhere.
 */
export class Reader {
  constructor(
    readonly source: YamlSource,
    readonly diagnostics: Diagnostic[],
  ) {}

  /** The findings list is full: a further one is only counted (check this before costly wording). */
  full(): boolean {
    if (this.diagnostics.length < MAX_DIAGNOSTICS) return false;
    unlisted.set(this.diagnostics, (unlisted.get(this.diagnostics) ?? 0) + 1);
    return true;
  }

  report(
    severity: Diagnostic['severity'],
    path: ModelPath,
    code: DiagnosticCode,
    message: string,
    hint?: string,
    atKey = false,
    variable?: string,
  ): void {
    // Past a few hundred, more findings help no one and cost time (a generated file with 20,000 bad keys).
    if (this.full()) return;
    this.diagnostics.push({
      severity,
      code,
      message,
      ...(hint ? { hint } : {}),
      location: this.source.locate(path, { key: atKey }),
      path: formatPath(path),
      ...(variable ? { variable } : {}),
    });
  }

  /** Every error says what to do about it: the hint is not optional. */
  error(path: ModelPath, code: DiagnosticCode, message: string, hint: string, variable?: string): void {
    this.report('error', path, code, message, hint, false, variable);
  }

  warn(path: ModelPath, code: DiagnosticCode, message: string, hint?: string): void {
    this.report('warning', path, code, message, hint, true);
  }

  wrongType(path: ModelPath, expected: string, value: unknown, hint?: string): undefined {
    const where = path.length === 0 ? 'the top level of the file' : formatPath(path);
    this.error(
      path,
      'wrong-type',
      `${where} must be ${expected}, not ${describe(value)}`,
      hint ?? `write ${where} as ${expected} (see the Compose Specification)`,
    );
    return undefined;
  }

  map(value: unknown, path: ModelPath): RawMap | undefined {
    if (isRawMap(value)) return value;
    return this.wrongType(path, 'a mapping', value);
  }

  /** Strings, and numbers/booleans written where compose takes text (`user: 1000`). */
  string(value: unknown, path: ModelPath): string | undefined {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.wrongType(path, 'a string', value);
  }

  bool(value: unknown, path: ModelPath): boolean | undefined {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return this.wrongType(path, 'true or false', value);
  }

  int(value: unknown, path: ModelPath, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) return this.wrongType(path, 'a whole number', value);
    if (n < min || n > max) {
      this.error(
        path,
        'invalid-value',
        `${formatPath(path)} must be between ${min} and ${max}, not ${n}`,
        `use a whole number from ${min} to ${max}`,
      );
      return undefined;
    }
    return n;
  }

  duration(value: unknown, path: ModelPath): number | undefined {
    if (typeof value === 'number') {
      this.error(
        path,
        'invalid-duration',
        `${formatPath(path)}: ${value} has no unit`,
        `write it with a unit, e.g. "${value}s" or "${value}ms"`,
      );
      return undefined;
    }
    if (typeof value !== 'string') return this.wrongType(path, 'a duration such as "30s" or "1m30s"', value);
    const ms = parseDuration(value);
    if (ms === undefined || ms < 0) {
      this.error(
        path,
        'invalid-duration',
        `${formatPath(path)}: "${value}" is not a duration`,
        'use a number and a unit: 500ms, 10s, 1m30s, 2h',
      );
      return undefined;
    }
    return ms;
  }

  stringList(value: unknown, path: ModelPath): string[] | undefined {
    if (!Array.isArray(value)) return this.wrongType(path, 'a list of strings', value);
    const out: string[] = [];
    value.forEach((item, i) => {
      const s = this.string(item, [...path, i]);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  stringOrList(value: unknown, path: ModelPath): string[] | undefined {
    if (typeof value === 'string') return [value];
    return this.stringList(value, path);
  }

  /** `environment`, `labels`, `build.args`: a mapping, or a list of `KEY=VALUE` / `KEY`. */
  keyValues(value: unknown, path: ModelPath, allowNull: boolean): Record<string, string | null> | undefined {
    const out: Record<string, string | null> = {};
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const s = this.string(item, [...path, i]);
        if (s === undefined) return;
        const eq = s.indexOf('=');
        if (eq < 0) setOwn(out, s, allowNull ? null : '');
        else setOwn(out, s.slice(0, eq), s.slice(eq + 1));
      });
      return out;
    }
    if (!isRawMap(value)) return this.wrongType(path, 'a mapping or a list of KEY=VALUE', value);
    for (const [key, v] of Object.entries(value)) {
      if (v === null || v === undefined) setOwn(out, key, allowNull ? null : '');
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') setOwn(out, key, String(v));
      else this.wrongType([...path, key], 'a string, number or boolean', v);
    }
    return out;
  }
}
