import type { ComposeFormat } from './compose-json';
import { goYamlKeyCompare } from './go-yaml';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** JSON text as Go writes it: `<`, `>` and `&` escaped (\\u003c, \\u003e, \\u0026), as in compose's output. */
export function goJsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A struct compose always prints in JSON (as `{}` when empty) and leaves out of YAML when empty. */
export function emptyStruct(value: JsonObject, format: ComposeFormat): JsonObject | undefined {
  return Object.keys(value).length === 0 && format === 'yaml' ? undefined : value;
}

export function nonEmpty<T extends object>(record: T): T | undefined {
  return Object.keys(record).length > 0 ? record : undefined;
}

export function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** The map key order of the output being made (set by withKeyOrder for one synchronous call). */
let keyCompare = byteCompare;

/** Runs `make` with maps sorted as Go sorts them: by bytes for JSON, in yaml.v3's order for YAML. */
export function withKeyOrder<T>(format: ComposeFormat, make: () => T): T {
  const outer = keyCompare;
  keyCompare = format === 'json' ? byteCompare : goYamlKeyCompare;
  try {
    return make();
  } finally {
    // Restored, not reset: a hash made while a YAML model is printed must not change its order.
    keyCompare = outer;
  }
}

/** A map's keys in Go's order, as compose prints every map. */
export function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => keyCompare(a, b)));
}

/** An x-* value as compose prints it back: a tree of Go maps, every map's keys sorted. */
export function deepSorted(value: Json): Json {
  if (Array.isArray(value)) return value.map(deepSorted);
  if (value && typeof value === 'object') return sorted(mapValues(value, deepSorted));
  return value;
}

/** A struct's keys in compose's field order; undefined members left out; any others after, sorted. */
export function ordered(order: readonly string[], record: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const k of order) if (record[k] !== undefined) out[k] = record[k] as Json;
  for (const k of Object.keys(record).sort()) if (!(k in out) && record[k] !== undefined) out[k] = record[k] as Json;
  return out;
}

/** Drops undefined members so the output has only what compose would print. */
export function compact(record: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v as Json;
  return out;
}
