import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One value as compose reads it back unchanged: single quotes are literal; else double quotes with escapes. */
export function quoteDotenvValue(value: string): string {
  if (!value.includes("'") && !value.includes('\n')) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$').replace(/\n/g, '\\n')}"`;
}

export class DotenvWriteError extends Error {
  override readonly name = 'DotenvWriteError';
}

/**
 * Sets variables in a project's `.env`: a key already there is replaced on its own line, new keys are
 * appended, every other line (comments, order, blank lines) is kept. A new file is created readable by
 * its owner only, since it may hold secrets.
 */
export function writeDotenvValues(projectDir: string, values: Readonly<Record<string, string>>): string {
  const file = join(projectDir, '.env');
  for (const key of Object.keys(values)) {
    if (!KEY.test(key)) throw new DotenvWriteError(`"${key}" is not a variable name: use letters, digits and _`);
  }
  const existed = existsSync(file);
  const lines = existed ? readFileSync(file, 'utf8').split(/\r?\n/) : [];
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const pending = new Map(Object.entries(values));
  const out = lines.map((line) => {
    const m =
      /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/.exec(line) ??
      /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*$/.exec(line);
    const key = m?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const value = pending.get(key) ?? '';
    pending.delete(key);
    return `${key}=${quoteDotenvValue(value)}`;
  });
  for (const [key, value] of pending) out.push(`${key}=${quoteDotenvValue(value)}`);
  try {
    const tmp = `${file}.stackpilot.tmp`;
    writeFileSync(tmp, `${out.join('\n')}\n`, { mode: existed ? statSync(file).mode & 0o777 : 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    throw new DotenvWriteError(`could not write ${file}: ${(err as Error).message}`);
  }
  return file;
}
