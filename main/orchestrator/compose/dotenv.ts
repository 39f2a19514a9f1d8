import { interpolate } from './interpolate';
import type { VariableLookup } from './interpolate';
import type { Diagnostic } from './diagnostics';

export interface DotenvResult {
  values: Map<string, string>;
  errors: Diagnostic[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Parses a `.env` or `env_file:` file the way compose does: `KEY=VALUE`, optional `export `, `#`
 * comments, single quotes literal, double quotes with escapes, unquoted values trimmed and cut at
 * ` #`; `${VAR}` in unquoted and double-quoted values refers to `first` (the shell, for the project's
 * .env, as compose resolves it), then to earlier keys, then to `outer`.
 */
export function parseDotenv(
  file: string,
  text: string,
  outer: VariableLookup = () => undefined,
  first: VariableLookup = () => undefined,
): DotenvResult {
  const values = new Map<string, string>();
  const errors: Diagnostic[] = [];
  const lookup: VariableLookup = (name) => first(name) ?? values.get(name) ?? outer(name);
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const body = line.startsWith('export ') ? line.slice(7).trimStart() : line;
    const eq = body.indexOf('=');
    const key = (eq < 0 ? body : body.slice(0, eq)).trim();
    const location = { file, line: index + 1, column: raw.indexOf(key) + 1 };
    if (!KEY.test(key)) {
      errors.push({
        severity: 'error',
        code: 'env-file',
        message: `"${key}" is not a valid variable name`,
        hint: 'write KEY=VALUE, one per line',
        location,
      });
      continue;
    }
    if (eq < 0) {
      // A bare KEY takes its value from the environment, as compose does.
      const fromOuter = outer(key);
      if (fromOuter !== undefined) values.set(key, fromOuter);
      continue;
    }
    let rest = body.slice(eq + 1).trimStart();
    let value: string;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // Quoted values may span lines until the closing quote.
      let end = findClosingQuote(rest, quote);
      while (end < 0 && index + 1 < lines.length) {
        index++;
        rest += `\n${lines[index] ?? ''}`;
        end = findClosingQuote(rest, quote);
      }
      if (end < 0) {
        errors.push({
          severity: 'error',
          code: 'env-file',
          message: `the value of ${key} has no closing ${quote}`,
          location,
        });
        continue;
      }
      const inner = rest.slice(1, end);
      value = quote === "'" ? inner : unescapeDouble(inner);
      if (quote === '"') value = expandOrReport(value, key, lookup, location, errors);
    } else {
      const hash = rest.search(/\s#/);
      value = (hash >= 0 ? rest.slice(0, hash) : rest).trim();
      value = expandOrReport(value, key, lookup, location, errors);
    }
    values.set(key, value);
  }
  return { values, errors };
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([nrt"\\$])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

function expandOrReport(
  value: string,
  key: string,
  lookup: VariableLookup,
  location: Diagnostic['location'],
  errors: Diagnostic[],
): string {
  const result = interpolate(value, lookup);
  if (result.problem) {
    errors.push({
      severity: 'error',
      code: result.problem.kind === 'missing' ? 'missing-variable' : 'invalid-interpolation',
      message: `${key}: ${result.problem.message}`,
      location,
      ...(result.problem.kind === 'missing' ? { variable: result.problem.variable } : {}),
    });
    return value;
  }
  return result.value;
}
