import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { formatDiagnostic } from '../engine/compose/diagnostics';
import type { Diagnostic } from '../engine/compose/diagnostics';
import { loadStack } from '../engine/compose/load';
import type { Stack } from '../engine/compose/model';
import { paint } from './io';
import type { CliIO } from './io';

/** Options every stack command takes, named as `docker compose` names them. */
export const STACK_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  'project-directory': { type: 'string' },
  'project-name': { type: 'string', short: 'p' },
  profile: { type: 'string', multiple: true },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseStackArgs(args: string[]) {
  try {
    return parseArgs({ args, options: STACK_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export type StackArgs = ReturnType<typeof parseStackArgs>['values'];

export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const text = formatDiagnostic(d);
    io.stderr(`${paint(io, d.severity === 'error' ? 31 : 33, text.split('\n')[0] ?? '')}${text.includes('\n') ? `\n${text.split('\n').slice(1).join('\n')}` : ''}\n`);
  }
}

/** Loads the stack the options name; prints warnings, and errors when it cannot be loaded. */
export function loadFromArgs(io: CliIO, values: StackArgs): Stack | undefined {
  const result = loadStack({
    cwd: io.cwd,
    env: io.env,
    homeDir: io.homeDir,
    ...(values.file ? { files: values.file } : {}),
    ...(values['project-directory'] ? { projectDir: values['project-directory'] } : {}),
    ...(values['project-name'] ? { projectName: values['project-name'] } : {}),
    ...(values.profile ? { profiles: values.profile } : {}),
  });
  printDiagnostics(io, [...result.errors, ...result.warnings]);
  if (!result.stack) {
    io.stderr(`${paint(io, 31, `stackpilot: the stack could not be loaded (${result.errors.length} error${result.errors.length === 1 ? '' : 's'})`)}\n`);
  }
  return result.stack;
}
