import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

interface Rule {
  regex: RegExp;
  negate: boolean;
}

/** Go's filepath.Match plus `**`, as .dockerignore uses them, on "/"-separated relative paths. */
function toRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i] ?? ''}`;
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // A pattern matching a directory excludes everything below it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const body = (negate ? line.slice(1) : line).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      const cleaned = body
        .split('/')
        .filter((p) => p !== '.' && p !== '')
        .join('/');
      return { regex: toRegex(cleaned), negate };
    });
}

export function isIgnored(rules: readonly Rule[], path: string): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.regex.test(path)) ignored = !rule.negate;
  return ignored;
}

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
