import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from './diagnostics';
import { discoverComposeFiles } from './discover';
import { inputProblem } from './input-file';
import type { LoadOptions } from './load';

/** `-f -`: the compose file on standard input. */
export const STDIN = '-';
const REMOTE_FILE = /^(oci:\/\/|git@|[a-z+]+:\/\/.*\.git(#.*)?$|https?:\/\/(github|gitlab)\.com\/)/;

export function readStdin(
  opts: LoadOptions,
): { text: string } | { problem: { kind: 'unreadable'; message: string; hint: string } } {
  try {
    return { text: opts.stdin ? opts.stdin() : readFileSync(0, 'utf8') };
  } catch (err) {
    return {
      problem: {
        kind: 'unreadable',
        message: `cannot read the compose file from standard input: ${(err as Error).message}`,
        hint: 'pipe a compose file in: stackpilot -f - config < compose.yaml',
      },
    };
  }
}

export function resolveFiles(opts: LoadOptions, diagnostics: Diagnostic[]): string[] | undefined {
  let explicit = opts.files && opts.files.length > 0 ? [...opts.files] : undefined;
  const composeFile = opts.env.COMPOSE_FILE;
  if (!explicit && composeFile) explicit = composeFile.split(opts.env.COMPOSE_PATH_SEPARATOR ?? ':').filter(Boolean);
  if (explicit) {
    const base = opts.projectDir && !opts.files?.length ? resolve(opts.cwd, opts.projectDir) : opts.cwd;
    const remote = explicit.find((f) => REMOTE_FILE.test(f));
    if (remote) {
      diagnostics.push({
        severity: 'error',
        code: 'file-unreadable',
        message: `compose file ${remote} is remote (an OCI artifact or a git repository), which Stackpilot does not fetch`,
        hint: 'fetch it first (docker compose -f … config > compose.yaml, or git clone), then point -f at the local file',
      });
      return undefined;
    }
    // `-f -`: the file comes on standard input, read once; relative paths in it are the current folder's.
    const files = explicit.map((f) => (f === STDIN ? STDIN : resolve(base, f)));
    const problems = files.flatMap((f) => (f === STDIN ? [] : (inputProblem(f, 'compose file') ?? [])));
    for (const p of problems)
      diagnostics.push({
        severity: 'error',
        code: p.kind === 'missing' ? 'file-not-found' : 'file-unreadable',
        message: p.message,
        hint: p.kind === 'missing' ? 'check the path given with -f or COMPOSE_FILE' : p.hint,
      });
    return problems.length > 0 ? undefined : files;
  }
  const dir = resolve(opts.cwd, opts.projectDir ?? '.');
  const found = discoverComposeFiles(dir);
  if (!found) {
    diagnostics.push({
      severity: 'error',
      code: 'no-compose-file',
      message: `no compose file found in ${dir} or any parent folder`,
      hint: 'create compose.yaml there, or point at one with -f',
    });
    return undefined;
  }
  diagnostics.push(...found.warnings);
  return found.files;
}
