import { readFileSync } from 'node:fs';
import { posix, relative, sep } from 'node:path';
import type { LifecycleHook, Stack, WatchRule } from '../compose/model';
import { isIgnored, parseDockerignore } from '../path-patterns';
import type { PathRule } from '../path-patterns';

/**
 * Files editors and tools write beside the real ones while saving (JetBrains, Emacs, Vim, Kate, Go),
 * which compose watch never acts on.
 */
const EPHEMERAL = [
  '**/*___jb_old___',
  '**/*___jb_tmp___',
  '**/.idea/**',
  '**/.#*',
  '**/#*#',
  '**/4913',
  '**/*~',
  '**/.*.swp',
  '**/.*.swx',
  '**/.*.swo',
  '**/.*.swn',
  '**/.*.kate-swp',
  '**/*-go-tmp-umask',
];
const EPHEMERAL_RULES = parseDockerignore(EPHEMERAL.join('\n'));

/** A rule of one service, its patterns parsed. */
export interface CompiledRule {
  service: string;
  /** Its place in the service's develop.watch, for messages. */
  index: number;
  rule: WatchRule;
  ignore: PathRule[];
  include: PathRule[] | undefined;
  /** The build context's .dockerignore, which applies below the context folder. */
  context?: { dir: string; rules: PathRule[] };
}

/** A changed host path, and where it goes in the container (sync actions). */
export interface PathMapping {
  hostPath: string;
  containerPath?: string;
}

/** What one batch of changes asks of each service, in compose's order: rebuild, sync, restart, exec. */
export interface WatchPlan {
  rebuild: string[];
  sync: Map<string, PathMapping[]>;
  restart: string[];
  exec: Map<string, LifecycleHook[]>;
}

/** A watch that cannot start: what is wrong and what to do, said before anything is watched. */
export class WatchRefused extends Error {
  override readonly name = 'WatchRefused';
  constructor(
    message: string,
    readonly hint: string,
    readonly service?: string,
  ) {
    super(message);
  }
}

const SYNCS = new Set(['sync', 'sync+restart', 'sync+exec']);
export const isSync = (r: WatchRule): boolean => SYNCS.has(r.action);

/**
 * The rules of the services asked for (all when none is named), checked as compose checks them when a
 * watch starts. `readText` reads a build context's .dockerignore (undefined: there is none).
 */
export function compileRules(
  stack: Stack,
  services: readonly string[],
  readText: (file: string) => string | undefined,
): CompiledRule[] {
  const names = services.length > 0 ? services : Object.keys(stack.services);
  const out: CompiledRule[] = [];
  for (const name of names) {
    const service = stack.services[name];
    if (!service)
      throw new WatchRefused(
        `no service "${name}" in this stack`,
        `the services are ${Object.keys(stack.services).join(', ')}`,
      );
    const contextDir =
      service.build && !/^[a-z]+:\/\//i.test(service.build.context) ? service.build.context : undefined;
    const dockerignore = contextDir ? readText(posix.join(contextDir, '.dockerignore')) : undefined;
    service.watch.forEach((rule, index) => {
      const where = `services.${name}.develop.watch[${index}]`;
      if (rule.action === 'rebuild' && !service.build)
        throw new WatchRefused(
          `${where}: ${name} cannot be rebuilt: it has no build section`,
          'add build: to the service, or use restart or a sync action',
          name,
        );
      if (isSync(rule) && !rule.target)
        throw new WatchRefused(
          `${where}: the ${rule.action} action needs a target`,
          'add target: with the path in the container to sync to',
          name,
        );
      if (rule.action === 'sync+exec' && !rule.exec)
        throw new WatchRefused(
          `${where}: sync+exec needs a command to run`,
          'add exec: { command: ... } to the rule',
          name,
        );
      out.push({
        service: name,
        index,
        rule,
        ignore: parseDockerignore(rule.ignore.join('\n')),
        include: rule.include.length > 0 ? parseDockerignore(rule.include.join('\n')) : undefined,
        ...(contextDir && dockerignore !== undefined
          ? { context: { dir: contextDir, rules: parseDockerignore(dockerignore) } }
          : {}),
      });
    });
  }
  if (out.length === 0)
    throw new WatchRefused(
      'none of these services has develop.watch rules',
      'add a develop: watch: section to a service (see docs.docker.com/compose/how-tos/file-watch)',
    );
  return out;
}

/** The path below `base` in "/" form; undefined when it is not below it (or is it). */
function below(base: string, path: string): string | undefined {
  const rel = relative(base, path);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return rel === '' ? '' : undefined;
  return rel.split(sep).join('/');
}

/** Whether a path below the rule's is left alone: .git, editors' files, .dockerignore, the rule's ignore. */
export function ignores(c: CompiledRule, hostPath: string): boolean {
  const rel = below(c.rule.path, hostPath);
  if (rel === undefined) return true;
  if (rel.split('/').includes('.git')) return true;
  const name = rel === '' ? posix.basename(hostPath) : rel;
  if (isIgnored(EPHEMERAL_RULES, name) || (rel !== '' && isIgnored(c.ignore, rel))) return true;
  if (c.include && rel !== '' && !isIgnored(c.include, rel)) return true;
  if (c.context) {
    const inContext = below(c.context.dir, hostPath);
    if (inContext && isIgnored(c.context.rules, inContext)) return true;
  }
  return false;
}

/** Where a changed path goes for this rule; undefined when the rule does not act on it. */
export function mappingOf(c: CompiledRule, hostPath: string): PathMapping | undefined {
  if (ignores(c, hostPath)) return undefined;
  if (!c.rule.target) return { hostPath };
  const rel = below(c.rule.path, hostPath) ?? '';
  return { hostPath, containerPath: rel === '' ? c.rule.target : posix.join(c.rule.target, rel) };
}

/** What a batch of changed paths asks for, each service's actions once (an exec once per rule). */
export function planBatch(rules: readonly CompiledRule[], paths: readonly string[]): WatchPlan {
  const rebuild = new Set<string>();
  const restart = new Set<string>();
  const sync = new Map<string, PathMapping[]>();
  const exec = new Map<string, Set<CompiledRule>>();
  for (const path of paths) {
    for (const c of rules) {
      const m = mappingOf(c, path);
      if (!m) continue;
      const { action } = c.rule;
      if (action === 'rebuild') rebuild.add(c.service);
      if (action === 'restart' || action === 'sync+restart') restart.add(c.service);
      if (isSync(c.rule)) sync.set(c.service, [...(sync.get(c.service) ?? []), m]);
      if (action === 'sync+exec') exec.set(c.service, (exec.get(c.service) ?? new Set()).add(c));
    }
  }
  return {
    rebuild: [...rebuild],
    sync,
    restart: [...restart],
    exec: new Map([...exec].map(([s, set]) => [s, [...set].flatMap((c) => (c.rule.exec ? [c.rule.exec] : []))])),
  };
}

export const planIsEmpty = (p: WatchPlan): boolean =>
  p.rebuild.length === 0 && p.sync.size === 0 && p.restart.length === 0 && p.exec.size === 0;

/** A file's text, or undefined when it cannot be read (a build context without .dockerignore). */
export function readTextIfAny(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
