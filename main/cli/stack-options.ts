import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { formatDiagnostic } from '../orchestrator/compose/diagnostics';
import type { Diagnostic } from '../orchestrator/compose/diagnostics';
import { loadStack } from '../orchestrator/compose/load';
import type { Stack } from '../orchestrator/compose/model';
import { paint } from './io';
import type { CliIO } from './io';

/** Options every stack command takes, named as `docker compose` names them. */
export const STACK_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  'project-directory': { type: 'string' },
  'project-name': { type: 'string', short: 'p' },
  profile: { type: 'string', multiple: true },
  'env-file': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export { UsageError } from './usage-error';
import { UsageError, parseError } from './usage-error';

/** Options of the engine commands, on top of the stack options. */
export const ENGINE_OPTIONS = {
  'no-fast-readiness': { type: 'boolean' },
  scale: { type: 'string', multiple: true },
  follow: { type: 'boolean' },
  tail: { type: 'string', short: 'n' },
  'no-log-prefix': { type: 'boolean' },
  since: { type: 'string' },
  until: { type: 'string' },
  index: { type: 'string' },
  timestamps: { type: 'boolean' },
  volumes: { type: 'boolean', short: 'v' },
  timeout: { type: 'string', short: 't' },
  detach: { type: 'boolean', short: 'd' },
  attached: { type: 'boolean' },
  attach: { type: 'string', multiple: true },
  'attach-dependencies': { type: 'boolean' },
  'no-attach': { type: 'string', multiple: true },
  build: { type: 'boolean' },
  'no-build': { type: 'boolean' },
  pull: { type: 'string' },
  'force-recreate': { type: 'boolean' },
  'no-recreate': { type: 'boolean' },
  'no-deps': { type: 'boolean' },
  'remove-orphans': { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  wait: { type: 'boolean' },
  'abort-on-container-exit': { type: 'boolean' },
  'exit-code-from': { type: 'string' },
  signal: { type: 'string', short: 's' },
  force: { type: 'boolean', short: 'f' },
  stop: { type: 'boolean', short: 's' },
  'no-cache': { type: 'boolean' },
  'build-arg': { type: 'string', multiple: true },
  'ignore-buildable': { type: 'boolean' },
  'include-deps': { type: 'boolean' },
  'ignore-push-failures': { type: 'boolean' },
  'ignore-pull-failures': { type: 'boolean' },
  policy: { type: 'string' },
  push: { type: 'boolean' },
  /** Accepted as compose takes it: pulls here are one state line per service, never layer progress. */
  'quiet-pull': { type: 'boolean' },
  'no-start': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
  'with-dependencies': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'down-project': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  // Only the commands that print something in more than one shape take it: elsewhere it is an error, not ignored.
  format: { type: 'string' },
  rmi: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type AllOptions = typeof STACK_OPTIONS & typeof ENGINE_OPTIONS;

/** Parses a command's arguments, accepting only the engine options the command names. */
export function parseStackArgs(args: string[], accepted: readonly (keyof typeof ENGINE_OPTIONS)[] = []) {
  const options: NonNullable<ParseArgsConfig['options']> = { ...STACK_OPTIONS };
  for (const key of accepted) options[key] = ENGINE_OPTIONS[key];
  // `-f` means --follow for logs and --force for rm, as in docker compose; the compose file is then --file only.
  if (accepted.includes('follow') || accepted.includes('force')) options.file = { type: 'string', multiple: true };
  if (accepted.includes('follow')) options.follow = { type: 'boolean', short: 'f' };
  // logs -t is --timestamps, as in compose (elsewhere -t is --timeout: up has both, -t the timeout).
  if (accepted.includes('timestamps') && !accepted.includes('timeout'))
    options.timestamps = { type: 'boolean', short: 't' };
  // build --pull is a flag (always pull the base images); up --pull takes a policy.
  if (accepted.includes('no-cache')) options.pull = { type: 'boolean' };
  try {
    return parseArgs({ args, options: options as AllOptions, allowPositionals: true, strict: true });
  } catch (err) {
    throw parseError(err);
  }
}

export type StackArgs = ReturnType<typeof parseStackArgs>['values'];

/** A command's own options beside (or instead of) the stack options; a mistake is a usage error. */
export function parseOwnArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw parseError(err);
  }
}

/** `--scale api=3 --scale worker=0`, checked against the stack: service and replica count. */
export function parseScale(stack: Stack, values: readonly string[] = []): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const v of values) {
    const m = /^([^=]+)=(\d+)$/.exec(v);
    if (!m?.[1] || m[2] === undefined)
      throw new UsageError(`--scale ${v}: write it as SERVICE=NUMBER, e.g. --scale api=3`);
    const [, name, n] = m;
    if (!stack.services[name]) throw new UsageError(`--scale ${v}: no such service: ${name}`);
    if (Number(n) > 1 && stack.services[name].containerName)
      throw new UsageError(
        `--scale ${v}: ${name} has container_name "${stack.services[name].containerName}", and container names must be unique`,
      );
    scale[name] = Number(n);
  }
  return scale;
}

/** Service names given on the command line that the stack does not have, as a usage error. */
export function checkServiceNames(stack: Stack, names: readonly string[]): void {
  const unknown = names.filter((n) => !stack.services[n]);
  if (unknown.length === 0) return;
  const inactive = unknown.filter((n) => stack.inactiveServices[n]);
  throw new UsageError(
    inactive.length > 0
      ? `service ${inactive.join(', ')} is not active: enable its profile with --profile`
      : `no such service: ${unknown.join(', ')} (services: ${Object.keys(stack.services).join(', ')})`,
  );
}

export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const text = formatDiagnostic(d);
    io.stderr(
      `${paint(io, d.severity === 'error' ? 31 : 33, text.split('\n')[0] ?? '')}${text.includes('\n') ? `\n${text.split('\n').slice(1).join('\n')}` : ''}\n`,
    );
  }
}

/**
 * Loads the stack the options name; prints warnings, and errors when it cannot be loaded. A service
 * named on the command line whose profile is not active has its profiles activated, as compose does.
 */
export function loadFromArgs(
  io: CliIO,
  values: StackArgs,
  targets: readonly string[],
  quietWithoutFile: true,
): Stack | undefined | null;
export function loadFromArgs(io: CliIO, values: StackArgs, targets?: readonly string[]): Stack | undefined;
/** (With `quietWithoutFile`, null says: no compose file here, but -p names a project.) */
export function loadFromArgs(
  io: CliIO,
  values: StackArgs,
  targets: readonly string[] = [],
  quietWithoutFile = false,
): Stack | undefined | null {
  const load = (profiles: readonly string[] | undefined) =>
    loadStack({
      cwd: io.cwd,
      env: io.env,
      homeDir: io.homeDir,
      ...(values.file ? { files: values.file } : {}),
      ...(values['project-directory'] ? { projectDir: values['project-directory'] } : {}),
      ...(values['project-name'] ? { projectName: values['project-name'] } : {}),
      ...(values['env-file'] ? { envFiles: values['env-file'] } : {}),
      ...(profiles ? { profiles } : {}),
    });
  let result = load(values.profile);
  const wanted = targets.flatMap((t) => result.stack?.inactiveServices[t]?.profiles ?? []);
  if (wanted.length > 0) result = load([...new Set([...(values.profile ?? activeFromEnv(io)), ...wanted])]);
  // No compose file, but a project named: the caller works from what the engine has instead.
  if (
    quietWithoutFile &&
    values['project-name'] &&
    result.errors.length > 0 &&
    result.errors.every((e) => e.code === 'no-compose-file')
  )
    return null;
  printDiagnostics(io, [...result.errors, ...result.warnings]);
  if (!result.stack) {
    io.stderr(
      `${paint(io, 31, `stackpilot: the stack could not be loaded (${result.errors.length} error${result.errors.length === 1 ? '' : 's'})`)}\n`,
    );
  }
  return result.stack;
}

/** The profiles COMPOSE_PROFILES activates, for when the command line names none. */
function activeFromEnv(io: CliIO): string[] {
  return (io.env.COMPOSE_PROFILES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}
