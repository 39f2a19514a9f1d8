import { readInputFile } from './input-file';
import { join, resolve } from 'node:path';
import type { Diagnostic } from './diagnostics';
import { parseDotenv } from './dotenv';
import type { LoadOptions } from './load';

/**
 * The variable files, as compose picks them: --env-file (relative to the working folder), else
 * COMPOSE_ENV_FILES, else the project's `.env` — and, run from another folder that has its own
 * `.env` (no --project-directory), that one over it, as compose v2.27 and later layer them
 * (TestNestedDotEnv). Only the defaults may be missing.
 */
export function projectEnvFiles(opts: LoadOptions, projectDir: string): { files: string[]; named: boolean } {
  const given =
    opts.envFiles ??
    opts.env.COMPOSE_ENV_FILES?.split(',')
      .map((f) => f.trim())
      .filter(Boolean);
  if (given && given.length > 0) return { files: given.map((f) => resolve(opts.cwd, f)), named: true };
  const here = resolve(opts.cwd);
  const local = opts.projectDir === undefined && here !== resolve(projectDir) ? [join(here, '.env')] : [];
  return { files: [join(projectDir, '.env'), ...local], named: false };
}

/** Their variables, later files winning; a file asked for by name must exist. */
export function readDotenv(
  { files, named }: { files: readonly string[]; named: boolean },
  env: LoadOptions['env'],
  diagnostics: Diagnostic[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    const read = readInputFile(file, named ? 'env file' : '.env');
    if ('problem' in read) {
      // The project's own .env may be absent; one named with --env-file must be there, and any that is there must be readable.
      if (named || read.problem.kind !== 'missing')
        diagnostics.push({
          severity: 'error',
          code: 'env-file',
          message: read.problem.message,
          hint:
            read.problem.kind === 'missing'
              ? "fix --env-file (or COMPOSE_ENV_FILES), or leave it out to use the project's .env"
              : read.problem.hint,
          location: { file, line: 1, column: 1 },
        });
      continue;
    }
    // The shell beats the file's own earlier keys (WHEREAMI=shell wins in IMAGE=x:${WHEREAMI}), as compose resolves it.
    const parsed = parseDotenv(
      file,
      read.text,
      (n) => out.get(n),
      (n) => env[n],
    );
    diagnostics.push(...parsed.errors);
    for (const [k, v] of parsed.values) out.set(k, v);
  }
  return out;
}
