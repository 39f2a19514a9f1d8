import { readFileSync, statSync } from 'node:fs';
import type { Stack } from '../compose/model';
import { parseDotenv } from '../compose/dotenv';

/** Names of variables whose values are secrets: passwords, tokens, keys, credentials. */
export const SECRET_NAME =
  /pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|_key$|^key$|credential|auth|dsn|salt|cookie|session/i;

export const MASK = '********';

/** Shorter than this, a value cannot be a secret worth the name, and masking it would mangle the text. */
const MIN_LENGTH = 4;
/** Values too plain to mask anywhere (they are no secret, and they are everywhere). */
const PLAIN = /^(\d+|true|false|yes|no|on|off|null|none|localhost|127\.0\.0\.1|0\.0\.0\.0)$/i;
/** A secret file larger than this is not read (a certificate bundle, not a password). */
const FILE_LIMIT = 64 * 1024;

function readSmall(file: string): string | undefined {
  try {
    if (statSync(file).size > FILE_LIMIT) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Every value of the stack that must not leave the machine: those of the variables its x-stackpilot
 * section marks secret, of `secrets:` (their files' content, or their variables), of every variable
 * whose name looks like a password, token or key (in the services' environments, the session's and
 * the process's), and every value of its `.env` files.
 */
export function secretValues(stack: Stack, env: Readonly<Record<string, string | undefined>>): string[] {
  const found = new Set<string>();
  const add = (v: string | undefined | null): void => {
    if (v === undefined || v === null) return;
    const t = v.trim();
    if (t.length >= MIN_LENGTH && !PLAIN.test(t)) found.add(t);
    // A multi-line secret (a key file) is masked line by line as well: logs print lines.
    if (t.includes('\n')) for (const line of t.split(/\r?\n/)) add(line);
  };
  for (const [name, v] of Object.entries(stack.stackpilot.env)) if (v.secret) add(env[name]);
  for (const [name, value] of Object.entries(env)) if (SECRET_NAME.test(name)) add(value);
  for (const file of stack.envFiles) {
    const text = readSmall(file);
    if (text !== undefined) for (const value of parseDotenv(file, text).values.values()) add(value);
  }
  for (const source of Object.values(stack.secrets)) {
    if (source.file) add(readSmall(source.file));
    if (source.environment) add(env[source.environment]);
    add(source.content);
  }
  for (const service of Object.values(stack.services)) {
    for (const [name, value] of Object.entries(service.environment)) if (SECRET_NAME.test(name)) add(value);
  }
  return [...found];
}

/** Replaces every secret value in a text; the longest first, so a secret containing another goes whole. */
export class SecretMask {
  private readonly values: string[];

  constructor(values: readonly string[]) {
    this.values = [...new Set(values)].sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(MASK);
    return out;
  }

  get size(): number {
    return this.values.length;
  }
}

/** The environment of a config, with the values of secret-looking names hidden whatever they are. */
export function maskSecretNames<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskSecretNames(v) as unknown) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = typeof v === 'string' && SECRET_NAME.test(k) ? MASK : maskSecretNames(v);
  return out as T;
}
