/**
 * .dockerignore's patterns (Go's filepath.Match plus `**`) on "/"-separated relative paths: what a
 * build context leaves out, and what a watch rule's ignore and include say.
 */
export interface PathRule {
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

export function parseDockerignore(text: string): PathRule[] {
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

export function isIgnored(rules: readonly PathRule[], path: string): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.regex.test(path)) ignored = !rule.negate;
  return ignored;
}
