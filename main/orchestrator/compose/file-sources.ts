import { readInputFile } from './input-file';
import type { ModelPath } from './diagnostics';
import { reportUnapplied } from './key-support';
import type { FileGrant, FileSource } from './model';
import { isRawMap, setOwn } from './reader';
import type { Reader } from './reader';
import { resolveHostPath } from './volumes';
import type { PathContext } from './volumes';
import type { VariableLookup } from './interpolate';

/** What one file says about one top-level secret or config; merged across files key by key. */
export type FileSourceLayer = Partial<FileSource>;

/** Top-level `secrets:` or `configs:`: each from a file, a variable, or (configs) inline content. */
export function readFileSources(
  value: unknown,
  path: ModelPath,
  r: Reader,
  kind: 'secret' | 'config',
  ctx: PathContext,
): Record<string, FileSourceLayer> {
  const out: Record<string, FileSourceLayer> = {};
  if (value === null || value === undefined) return out;
  for (const [name, spec] of Object.entries(r.map(value, path) ?? {})) {
    const p = [...path, name];
    const layer: FileSourceLayer = {};
    setOwn(out, name, layer);
    for (const [key, v] of Object.entries(r.map(spec, p) ?? {})) {
      const kp = [...p, key];
      if (key === 'file') {
        const file = r.string(v, kp);
        if (file !== undefined) layer.file = resolveHostPath(file, ctx);
      } else if (key === 'environment') layer.environment = r.string(v, kp);
      else if (key === 'content' && kind === 'config') layer.content = r.string(v, kp);
      else if (key === 'name') layer.name = r.string(v, kp);
      else if (!key.startsWith('x-')) reportUnapplied(r, kp, kind, key);
    }
  }
  return out;
}

/** The secrets or configs of the whole stack, each with one source; a variable's value read now, as compose reads it. */
export function completeFileSources(
  layers: readonly Record<string, FileSourceLayer>[],
  kind: 'secret' | 'config',
  r: Reader,
  lookup: VariableLookup,
  project: string,
): Record<string, FileSource> {
  const merged: Record<string, FileSourceLayer> = {};
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) merged[k] = { ...merged[k], ...v };
  const out: Record<string, FileSource> = {};
  const top = kind === 'secret' ? 'secrets' : 'configs';
  for (const [key, l] of Object.entries(merged)) {
    const given = [l.file, l.environment, l.content].filter((x) => x !== undefined).length;
    if (given !== 1) {
      r.error(
        [top, key],
        'invalid-value',
        `${kind} "${key}" needs exactly one of file, environment${kind === 'config' ? ', content' : ''}`,
        `e.g. ${top}: { ${key}: { file: ./${key}.txt } }`,
      );
      continue;
    }
    const content = l.environment !== undefined ? lookup(l.environment) : l.content;
    // Loads (compose reads the file without it); a start of a service that uses it is refused.
    if (l.environment !== undefined && content === undefined)
      r.report(
        'warning',
        [top, key, 'environment'],
        'missing-variable',
        `${kind} "${key}" comes from ${l.environment}, which is not set`,
        `set ${l.environment} in the environment or in .env`,
        false,
        l.environment,
      );
    setOwn(out, key, {
      // As compose names them: the project's prefix, unless a name is given.
      name: l.name ?? `${project}_${key}`,
      ...(l.file !== undefined ? { file: l.file } : {}),
      ...(l.environment !== undefined ? { environment: l.environment } : {}),
      ...(content !== undefined ? { content } : {}),
    });
  }
  return out;
}

/**
 * A service's `secrets:` or `configs:`: names, or `{ source, target, uid, gid, mode }`. A secret's
 * target is in /run/secrets unless absolute; a config's is /<name> unless given.
 */
export function readGrants(
  value: unknown,
  path: ModelPath,
  r: Reader,
  kind: 'secret' | 'config',
): FileGrant[] | undefined {
  if (!Array.isArray(value)) return r.wrongType(path, `a list of ${kind}s`, value);
  const place = (target: string): string =>
    target.startsWith('/') ? target : kind === 'secret' ? `/run/secrets/${target}` : `/${target}`;
  const out: FileGrant[] = [];
  value.forEach((item: unknown, i: number) => {
    const p = [...path, i];
    if (typeof item === 'string') {
      out.push({ source: item, target: place(item), ...(kind === 'config' ? { defaultTarget: true } : {}) });
      return;
    }
    if (!isRawMap(item)) return void r.wrongType(p, `a ${kind} name or { source, target }`, item);
    const source = r.string(item.source, [...p, 'source']);
    if (source === undefined) return;
    const grant: FileGrant = {
      source,
      target: place(item.target === undefined ? source : (r.string(item.target, [...p, 'target']) ?? source)),
    };
    if (kind === 'config' && item.target === undefined) grant.defaultTarget = true;
    if (typeof item.target === 'string' && !item.target.startsWith('/')) grant.writtenTarget = item.target;
    for (const [key, v] of Object.entries(item)) {
      const kp = [...p, key];
      if (key === 'uid' || key === 'gid') {
        const id = r.int(typeof v === 'string' ? v.trim() : v, kp, 0);
        if (id !== undefined) grant[key] = id;
      } else if (key === 'mode') {
        const mode = readMode(v, kp, r);
        if (mode !== undefined) grant.mode = mode;
      } else if (key !== 'source' && key !== 'target' && !key.startsWith('x-'))
        r.report(
          'error',
          kp,
          'unknown-key',
          `unknown key "${key}" in a ${kind} of a service`,
          'use source, target, uid, gid and mode',
          true,
        );
    }
    out.push(grant);
  });
  return out;
}

/**
 * File permission bits. YAML 1.2 reads `0440` as the number 440, so a number written with octal
 * digits only is taken as octal, as compose users mean it; "0440" as text is octal too.
 */
function readMode(value: unknown, path: ModelPath, r: Reader): number | undefined {
  const digits =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/^0o/, '') : undefined;
  if (digits !== undefined && /^[0-7]{1,4}$/.test(digits)) return parseInt(digits, 8);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0o7777) return value;
  r.error(path, 'invalid-value', `mode ${JSON.stringify(value)} is not a file mode`, 'write it in octal, e.g. 0440');
  return undefined;
}

/** File-based grants that set an owner or a mode get the file's content, to be copied in with them. */
export function readGrantContents(
  services: Record<string, { name: string; secrets: FileGrant[]; configs: FileGrant[] }>,
  sources: { secrets: Record<string, FileSource>; configs: Record<string, FileSource> },
  r: Reader,
): void {
  for (const service of Object.values(services)) {
    for (const kind of ['secrets', 'configs'] as const) {
      service[kind].forEach((g, i) => {
        const file = sources[kind][g.source]?.file;
        if (!file || (g.uid === undefined && g.gid === undefined && g.mode === undefined)) return;
        const read = readInputFile(file, `the file of ${kind.slice(0, -1)} "${g.source}",`);
        if ('text' in read) g.content = read.text;
        else
          r.error(
            ['services', service.name, kind, i],
            'file-unreadable',
            read.problem.message,
            read.problem.kind === 'missing' ? 'fix the top-level file: path' : read.problem.hint,
          );
      });
    }
  }
}
