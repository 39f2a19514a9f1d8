import type { ModelPath } from './diagnostics';
import { readUlimits } from './engine-settings';
import { reportUnapplied } from './key-support';
import type { BuildSpec } from './model';
import type { Reader } from './reader';
import { readBytes } from './sizes';
import { resolveHostPath } from './volumes';
import type { PathContext } from './volumes';

/**
 * A service's `build`: a context path or URL, or the mapping with every key the engine's builder
 * takes as compose passes them. Keys only BuildKit has are refused with the reason (key-support.ts);
 * `privileged`, `provenance` and `sbom` only when they ask for something (true, or a setting).
 */
export function readBuild(
  value: unknown,
  path: ModelPath,
  r: Reader,
  ctx: PathContext,
): Partial<BuildSpec> | undefined {
  const resolveContext = (c: string): string =>
    /^[a-z]+:\/\//.test(c) || c.startsWith('git@') ? c : resolveHostPath(c, ctx);
  if (typeof value === 'string') return { context: resolveContext(value) };
  const raw = r.map(value, path);
  if (!raw) return undefined;
  const build: Partial<BuildSpec> = {};
  for (const [key, v] of Object.entries(raw)) {
    const p = [...path, key];
    if (key === 'context') {
      const c = r.string(v, p);
      if (c !== undefined) build.context = resolveContext(c);
    } else if (key === 'dockerfile') build.dockerfile = r.string(v, p);
    else if (key === 'dockerfile_inline') build.dockerfileInline = r.string(v, p);
    else if (key === 'args') build.args = r.keyValues(v, p, true);
    else if (key === 'target') build.target = r.string(v, p);
    else if (key === 'labels') build.labels = r.keyValues(v, p, false) as Record<string, string> | undefined;
    else if (key === 'network') build.network = r.string(v, p);
    else if (key === 'shm_size') build.shmSize = readBytes(v, p, r);
    else if (key === 'extra_hosts') build.extraHosts = readBuildHosts(v, p, r);
    else if (key === 'no_cache') build.noCache = r.bool(v, p);
    else if (key === 'pull') build.pull = r.bool(v, p);
    else if (key === 'tags') build.tags = r.stringList(v, p);
    else if (key === 'ulimits') build.ulimits = readUlimits(v, p, r);
    else if (key === 'cache_from') build.cacheFrom = r.stringList(v, p);
    else if (key === 'isolation') build.isolation = r.string(v, p);
    else if (key === 'platforms') build.platforms = r.stringList(v, p);
    else if (BUILDKIT_ONLY.has(key)) {
      // Kept and printed as written (compose reads them); a build that needs them is refused (image-fetch.ts).
      // Off is what the classic builder does anyway.
      if (!((key === 'privileged' || key === 'provenance' || key === 'sbom') && (v === false || v === 'false')))
        build.buildkitOnly = { ...build.buildkitOnly, [key]: key === 'ssh' ? sshKeys(v, ctx) : v };
    } else if (!key.startsWith('x-')) reportUnapplied(r, p, 'service.build', key);
  }
  if (build.dockerfile && build.dockerfileInline)
    r.error(
      [...path, 'dockerfile_inline'],
      'invalid-value',
      'build sets both dockerfile and dockerfile_inline',
      'keep one of them',
    );
  return build;
}

/** `ssh` entries as compose keeps them: `ID: /absolute/path` for a key file, the ID alone for the agent. */
function sshKeys(value: unknown, ctx: PathContext): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((entry: unknown) => {
    if (typeof entry !== 'string' || !entry.includes('=')) return entry;
    const [id = '', path = ''] = entry.split(/=(.*)/s);
    return `${id}: ${resolveHostPath(path, ctx)}`;
  });
}

/** Build keys only BuildKit has: Stackpilot builds with the engine's classic builder. */
export const BUILDKIT_ONLY: ReadonlySet<string> = new Set([
  'additional_contexts',
  'cache_to',
  'entitlements',
  'secrets',
  'ssh',
  'privileged',
  'provenance',
  'sbom',
]);

/** `extra_hosts` of a build, as `host:ip` (a mapping, `host=ip` or `host:ip`), as the builder takes them. */
function readBuildHosts(value: unknown, path: ModelPath, r: Reader): string[] | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(r.keyValues(value, path, false) ?? {}).map(([host, ip]) => `${host}:${ip ?? ''}`);
  }
  return r.stringList(value, path)?.map((h) => h.replace('=', ':'));
}
