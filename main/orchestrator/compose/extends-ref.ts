import { dirname, resolve } from 'node:path';
import type { ModelPath } from './diagnostics';
import type { Reader } from './reader';
import type { YamlSource } from './yaml-source';

/** `extends`: the service this one is built on, in this file or another, and where it was written. */
export interface ExtendsRef {
  service: string;
  /** Absolute; absent for a service of the same compose model. */
  file?: string;
  origin: { source: YamlSource; path: ModelPath };
}

/** `extends: base`, or `extends: { service: base, file: common.yaml }` (the file relative to this one's folder). */
export function readExtends(value: unknown, path: ModelPath, r: Reader): ExtendsRef | undefined {
  const origin = { source: r.source, path };
  if (typeof value === 'string') return { service: value, origin };
  const map = r.map(value, path);
  if (!map) return undefined;
  const service = r.string(map.service, [...path, 'service']);
  if (service === undefined) {
    r.error(
      path,
      'invalid-value',
      'extends needs the service it extends',
      'write extends: { service: <name> } (and file: <path> for one in another file)',
    );
    return undefined;
  }
  for (const key of Object.keys(map))
    if (key !== 'service' && key !== 'file')
      r.report(
        'error',
        [...path, key],
        'unknown-key',
        `unknown key "${key}" in extends`,
        'extends has service and file',
        true,
      );
  const file = map.file === undefined ? undefined : r.string(map.file, [...path, 'file']);
  return { service, ...(file !== undefined ? { file: resolve(dirname(r.source.file), file) } : {}), origin };
}
