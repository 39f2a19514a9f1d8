/**
 * Variable interpolation as the Compose Specification defines it: `$VAR`, `${VAR}`, `${VAR:-d}`,
 * `${VAR-d}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, `$$`, with nested
 * interpolation inside defaults. Pure: variables come from a lookup function.
 */

export type VariableLookup = (name: string) => string | undefined;

export type InterpolationProblem =
  { kind: 'invalid'; message: string } | { kind: 'missing'; variable: string; message: string };

export interface InterpolationResult {
  value: string;
  /** Variables referenced without a default that were not set (compose warns, then uses ""). */
  unset: string[];
  problem?: InterpolationProblem;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

class InterpolationFailure extends Error {
  constructor(readonly problem: InterpolationProblem) {
    super(problem.message);
  }
}

export function interpolate(input: string, lookup: VariableLookup): InterpolationResult {
  if (!input.includes('$')) return { value: input, unset: [] };
  const unset: string[] = [];
  try {
    return { value: expand(input, lookup, unset), unset };
  } catch (err) {
    if (err instanceof InterpolationFailure) return { value: input, unset, problem: err.problem };
    throw err;
  }
}

function expand(input: string, lookup: VariableLookup, unset: string[]): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const close = findClosingBrace(input, i + 2);
      if (close < 0) throw invalid(input, 'a "${" has no closing "}"');
      out += expandBraced(input.slice(i + 2, close), input, lookup, unset);
      i = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < input.length && NAME_CHAR.test(input[j] ?? '')) j++;
      const name = input.slice(i + 1, j);
      out += resolvePlain(name, lookup, unset);
      i = j;
    } else {
      // Neither a name, "{" nor "$" after it: a plain "$", as compose leaves it ("$(date)", "^a$").
      out += '$';
      i++;
    }
  }
  return out;
}

function findClosingBrace(input: string, from: number): number {
  let depth = 1;
  for (let i = from; i < input.length; i++) {
    const ch = input[i];
    if (ch === '$' && input[i + 1] === '$') {
      i++;
    } else if (ch === '$' && input[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '{') {
      // Braces inside a default (`${JSON:-{"a":1}}`) balance, as compose-go reads them.
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

function expandBraced(body: string, whole: string, lookup: VariableLookup, unset: string[]): string {
  let nameEnd = 0;
  while (nameEnd < body.length && NAME_CHAR.test(body[nameEnd] ?? '')) nameEnd++;
  const name = body.slice(0, nameEnd);
  if (!name || !NAME_START.test(name[0] ?? ''))
    throw invalid(whole, `"\${${body}}" does not start with a variable name`);
  const rest = body.slice(nameEnd);
  if (rest === '') return resolvePlain(name, lookup, unset);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) throw invalid(whole, `"\${${body}}" has an unknown operator after ${name}`);
  const arg = rest.slice(op.length);
  const value = lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-':
      return nonEmpty ? value : expand(arg, lookup, unset);
    case '-':
      return set ? value : expand(arg, lookup, unset);
    case ':+':
      return nonEmpty ? expand(arg, lookup, unset) : '';
    case '+':
      return set ? expand(arg, lookup, unset) : '';
    case ':?':
    case '?': {
      const ok = op === ':?' ? nonEmpty : set;
      if (ok) return value ?? '';
      const detail = expand(arg, lookup, unset);
      throw new InterpolationFailure({
        kind: 'missing',
        variable: name,
        message: `required variable ${name} is missing a value${detail ? `: ${detail}` : ''}`,
      });
    }
  }
}

function resolvePlain(name: string, lookup: VariableLookup, unset: string[]): string {
  const value = lookup(name);
  if (value === undefined) {
    if (!unset.includes(name)) unset.push(name);
    return '';
  }
  return value;
}

function invalid(whole: string, why: string): InterpolationFailure {
  return new InterpolationFailure({ kind: 'invalid', message: `invalid interpolation in "${whole}": ${why}` });
}
