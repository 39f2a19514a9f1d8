import { inputProblem } from './input-file';
import { dirname, resolve } from 'node:path';
import type { Diagnostic, ModelPath } from './diagnostics';
import { loadStack } from './load';
import type { LoadOptions } from './load';
import type { Stack } from './model';
import type { ReferenceScope } from './references';
import { isRawMap, Reader } from './reader';
import type { YamlSource } from './yaml-source';

/** One `include` entry: the file(s), the folder their paths start from, the env files for their variables. */
export interface IncludeRef {
  paths: string[];
  projectDirectory?: string;
  envFiles: string[];
  origin: { source: YamlSource; path: ModelPath };
}

/** `include: [a.yaml, { path: [b.yaml, b.override.yaml], project_directory: .., env_file: ../.env }]`, relative to this file. */
export function readIncludes(value: unknown, path: ModelPath, r: Reader): IncludeRef[] {
  const here = dirname(r.source.file);
  const items = Array.isArray(value)
    ? value
    : r.wrongType(path, 'a list of files or { path, project_directory, env_file }', value);
  const out: IncludeRef[] = [];
  (items ?? []).forEach((item: unknown, i: number) => {
    const p = [...path, i];
    const origin = { source: r.source, path: p };
    if (typeof item === 'string') return void out.push({ paths: [resolve(here, item)], envFiles: [], origin });
    if (!isRawMap(item)) return void r.wrongType(p, 'a file or { path, project_directory, env_file }', item);
    const paths = r.stringOrList(item.path, [...p, 'path']) ?? [];
    if (paths.length === 0)
      return void r.error(
        p,
        'invalid-value',
        'an include needs a path',
        'write include: [ { path: ../other/compose.yaml } ]',
      );
    const dir =
      item.project_directory === undefined ? undefined : r.string(item.project_directory, [...p, 'project_directory']);
    const envFiles = item.env_file === undefined ? [] : (r.stringOrList(item.env_file, [...p, 'env_file']) ?? []);
    for (const key of Object.keys(item))
      if (!['path', 'project_directory', 'env_file'].includes(key))
        r.report(
          'error',
          [...p, key],
          'unknown-key',
          `unknown key "${key}" in include`,
          'include has path, project_directory and env_file',
          true,
        );
    out.push({
      paths: paths.map((f) => resolve(here, f)),
      ...(dir !== undefined ? { projectDirectory: resolve(here, dir) } : {}),
      envFiles: envFiles.map((f) => resolve(here, f)),
      origin,
    });
  });
  return out;
}

/**
 * Loads an included compose application as compose does: as a model of its own (its own project
 * folder for relative paths and its `.env`), its variables from the env files given, within the
 * including project's name and profiles.
 */
export function loadIncluded(ref: IncludeRef, opts: LoadOptions, diagnostics: Diagnostic[]): Stack | undefined {
  const r = new Reader(ref.origin.source, diagnostics);
  const loop = ref.paths.find((f) => opts.including?.includes(f));
  if (loop) {
    r.error(
      ref.origin.path,
      'dependency-cycle',
      `${loop} includes itself (through ${[...(opts.including ?? []), loop].join(' -> ')})`,
      'remove one of these include entries',
    );
    return undefined;
  }
  // Said at the include: line that names the file, in words for what the path is.
  for (const file of ref.paths) {
    const problem = inputProblem(file, 'include: the file');
    if (problem) {
      r.error(
        ref.origin.path,
        'file-unreadable',
        problem.message,
        problem.kind === 'missing' ? 'fix the path (it is relative to the file that includes it)' : problem.hint,
      );
      return undefined;
    }
  }
  for (const file of ref.envFiles) {
    const problem = inputProblem(file, 'include: env_file');
    if (problem) {
      r.error(
        ref.origin.path,
        'env-file',
        problem.message,
        problem.kind === 'missing' ? 'fix env_file, or remove it to use the included project’s .env' : problem.hint,
      );
      return undefined;
    }
  }
  // Its variables: the env files it names, else its own .env (not this project's --env-file).
  const { COMPOSE_ENV_FILES: _notInherited, ...env } = opts.env;
  const first = ref.paths[0] ?? '';
  const { envFiles: _own, ...inherited } = opts;
  const result = loadStack({
    ...inherited,
    cwd: dirname(first),
    files: ref.paths,
    projectDir: ref.projectDirectory ?? dirname(first),
    env,
    ...(ref.envFiles.length > 0 ? { envFiles: ref.envFiles } : {}),
  });
  diagnostics.push(...result.errors, ...result.warnings);
  return result.stack;
}

/**
 * Copies what an included application defines into this one. A service defined on both sides is an
 * error, as compose makes it; a network, volume, secret or config of the same name is the same one
 * when alike, and an error when not.
 */
export function addIncluded(scope: ReferenceScope, included: Stack, ref: IncludeRef, diagnostics: Diagnostic[]): void {
  const r = new Reader(ref.origin.source, diagnostics);
  for (const kind of ['services', 'inactiveServices'] as const) {
    for (const [name, service] of Object.entries(included[kind])) {
      if (Object.hasOwn(scope.services, name) || Object.hasOwn(scope.inactiveServices, name)) {
        r.error(
          ref.origin.path,
          'invalid-value',
          `service "${name}" of ${included.files.join(', ')} is also defined by this project`,
          'rename one of them: an included service is not merged with a local one',
        );
        continue;
      }
      scope[kind][name] = service;
    }
  }
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const mine: Record<string, unknown> = scope[kind];
    for (const [key, value] of Object.entries(included[kind])) {
      if (mine[key] === undefined) mine[key] = value;
      else if (JSON.stringify(mine[key]) !== JSON.stringify(value)) {
        r.error(
          ref.origin.path,
          'invalid-value',
          `${kind.slice(0, -1)} "${key}" of ${included.files.join(', ')} differs from this project's`,
          'give one of them another name',
        );
      }
    }
  }
}
