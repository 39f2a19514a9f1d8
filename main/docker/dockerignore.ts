import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isIgnored, parseDockerignore } from '../orchestrator/path-patterns';

/**
 * The files of a build context that go to the engine: everything not excluded by .dockerignore, and
 * always the Dockerfile itself (as docker does, even when it is ignored).
 */
export function contextFiles(contextDir: string, dockerfile: string): string[] {
  const ignoreFile = join(contextDir, '.dockerignore');
  const rules = existsSync(ignoreFile) ? parseDockerignore(readFileSync(ignoreFile, 'utf8')) : [];
  const hasExceptions = rules.some((r) => r.negate);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(contextDir, full).split(sep).join('/');
      const ignored = isIgnored(rules, rel);
      if (entry.isDirectory()) {
        if (!ignored || hasExceptions) walk(full);
      } else if (!ignored) files.push(rel);
    }
  };
  walk(contextDir);
  const df = dockerfile.split(sep).join('/');
  if (!files.includes(df) && existsSync(join(contextDir, df))) files.push(df);
  return files;
}
