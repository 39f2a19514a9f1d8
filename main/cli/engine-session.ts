import type { Stack } from '../engine/compose/model';
import { ExitCode } from './io';
import { checkServiceNames, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';
import { StackRunner } from '../engine/runtime/stack-runner';
import type { CliIO } from './io';
import { paint } from './io';

/** Connects to the engine for a stack, printing what a person needs when that fails. */
export async function openRunner(io: CliIO, stack: Stack, opts: { fastReadiness?: boolean } = {}): Promise<StackRunner | undefined> {
  try {
    const driver = await io.connectEngine();
    return new StackRunner(stack, { driver, clock: io.clock, ...(opts.fastReadiness === false ? { fastReadiness: { enabled: false } } : {}) });
  } catch (err) {
    printEngineError(io, err);
    return undefined;
  }
}

function printEngineError(io: CliIO, err: unknown): void {
  const e = err as Error & { hint?: unknown };
  io.stderr(`${paint(io, 31, `stackpilot: ${e.message}`)}\n${typeof e.hint === 'string' && e.hint ? `  hint: ${e.hint}\n` : ''}`);
}

/** Runs an engine command and turns an engine failure mid-way into a message and exit code 1. */
export async function withEngineErrors(io: CliIO, action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (err) {
    printEngineError(io, err);
    return 1;
  }
}

/**
 * The frame of every engine command: load the stack, check the service names, connect, run `body`
 * (engine failures become a message and exit 1), and close the runner whatever happens.
 */
export async function withStackRunner(
  io: CliIO,
  values: StackArgs,
  services: readonly string[],
  body: (runner: StackRunner, stack: Stack) => Promise<number>,
  opts: { fastReadiness?: boolean } = {},
): Promise<number> {
  const stack = loadFromArgs(io, values, services);
  if (!stack) return ExitCode.invalidInput;
  checkServiceNames(stack, services);
  const runner = await openRunner(io, stack, opts);
  if (!runner) return ExitCode.failure;
  try {
    return await withEngineErrors(io, () => body(runner, stack));
  } finally {
    runner.close();
  }
}
