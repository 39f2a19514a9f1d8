import { basename } from 'node:path';
import type { Diagnostic, ModelPath } from './diagnostics';
import type { VariableLookup } from './interpolate';
import type { StackpilotProjectExtension } from './model';
import { PROJECT_NAME, normalizeProjectName } from './project-name';
import type { YamlSource } from './yaml-source';
import type { LoadOptions } from './load';

/** What a load decides beside the files: the project's name and active profiles, and how merged sources and diagnostics are ordered. */

/** Precedence as in `docker compose`: -p, then COMPOSE_PROJECT_NAME, then `name:`, then the folder. */
export function projectName(
  opts: LoadOptions,
  lookup: VariableLookup,
  declared: { value: string; source: YamlSource } | undefined,
  projectDir: string,
  diagnostics: Diagnostic[],
): string {
  const explicit = opts.projectName ?? lookup('COMPOSE_PROJECT_NAME');
  if (explicit !== undefined && explicit !== '') {
    if (PROJECT_NAME.test(explicit)) return explicit;
    diagnostics.push({
      severity: 'error',
      code: 'invalid-name',
      message: `"${explicit}" is not a valid project name`,
      hint: `use lowercase letters, digits, "-" and "_", starting with a letter or digit, e.g. "${normalizeProjectName(explicit) || 'myproject'}"`,
    });
    return normalizeProjectName(explicit) || 'default';
  }
  // The file's name: (like the folder's) is made a valid one, as compose does: "My App" is "myapp".
  if (declared && declared.value !== '') {
    const name = normalizeProjectName(declared.value);
    if (name) return name;
    diagnostics.push({
      severity: 'error',
      code: 'invalid-name',
      message: `the project name "${declared.value}" has no letter or digit`,
      hint: 'write a name with lowercase letters, digits, "-" and "_"',
      location: declared.source.locate(['name']),
      path: 'name',
    });
    return 'default';
  }
  return normalizeProjectName(basename(projectDir)) || 'default';
}

export function activeProfiles(opts: LoadOptions, lookup: VariableLookup): string[] {
  if (opts.profiles && opts.profiles.length > 0) return [...opts.profiles];
  return (lookup('COMPOSE_PROFILES') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

export function mergeProjectExtension(
  a: StackpilotProjectExtension,
  b: StackpilotProjectExtension,
): StackpilotProjectExtension {
  return { ...a, ...b, env: { ...a.env, ...b.env } };
}

/** Locations after merging point at the last file that wrote the path (the one whose value won). */
export function mergedSource(sources: YamlSource[]): YamlSource {
  const last = sources[sources.length - 1];
  const owner = (path: ModelPath): YamlSource | undefined => {
    for (let k = path.length; k > 0; k--) {
      const prefix = path.slice(0, k);
      for (let i = sources.length - 1; i >= 0; i--) if (sources[i]?.has(prefix)) return sources[i];
    }
    return last;
  };
  return {
    file: last?.file ?? '',
    value: undefined,
    locate: (path, o) => owner(path)?.locate(path, o) ?? { file: '', line: 1, column: 1 },
    has: (path) => sources.some((s) => s.has(path)),
  };
}

/** In reading order: file by file as merged, then line and column; unplaced findings first. */
export function sortByLocation(diagnostics: Diagnostic[]): Diagnostic[] {
  const fileRank = new Map<string, number>();
  for (const d of diagnostics)
    if (d.location && !fileRank.has(d.location.file)) fileRank.set(d.location.file, fileRank.size);
  const key = (d: Diagnostic): [number, number, number] =>
    d.location ? [fileRank.get(d.location.file) ?? 0, d.location.line, d.location.column] : [-1, 0, 0];
  return [...diagnostics].sort((a, b) => {
    const [fa, la, ca] = key(a);
    const [fb, lb, cb] = key(b);
    return fa - fb || la - lb || ca - cb;
  });
}

export function sortByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
