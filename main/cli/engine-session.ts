import type { Stack } from '../orchestrator/compose/model';
import { ExitCode } from './io';
import { checkServiceNames, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { newOrchestrator } from '../session/new-orchestrator';
import { stackFromEngine } from '../orchestrator/runtime/stack-from-engine';
import type { CliIO } from './io';
import { paint } from './io';

/** Connects to the engine for a stack, printing what a person needs when that fails. */
export async function openRunner(
  io: CliIO,
  stack: Stack,
  opts: { fastReadiness?: boolean; collectLogs?: boolean } = {},
): Promise<Orchestrator | undefined> {
  try {
    return newOrchestrator(stack, await io.connectEngine(), io.clock, opts);
  } catch (err) {
    printEngineError(io, err);
    return undefined;
  }
}

/** `-p NAME` and no compose file: the project as its containers' labels describe it, as compose does. */
export async function fromEngine(io: CliIO, values: StackArgs): Promise<Stack | undefined> {
  const project = values['project-name'];
  if (!project) return undefined;
  try {
    const stack = await stackFromEngine(await io.connectEngine(), project, io.cwd);
    if (!stack)
      io.stderr(
        `${paint(io, 31, `stackpilot: no compose file here, and the engine has no container of project ${project}`)}\n`,
      );
    else
      io.stderr(
        `${paint(io, 33, `no compose file: working on project ${project} as the engine has it (${Object.keys(stack.services).join(', ')})`)}\n`,
      );
    return stack;
  } catch (err) {
    printEngineError(io, err);
    return undefined;
  }
}

function printEngineError(io: CliIO, err: unknown): void {
  const e = err as Error & { hint?: unknown };
  io.stderr(
    `${paint(io, 31, `stackpilot: ${e.message}`)}\n${typeof e.hint === 'string' && e.hint ? `  hint: ${e.hint}\n` : ''}`,
  );
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
export async function withOrchestrator(
  io: CliIO,
  values: StackArgs,
  services: readonly string[],
  body: (runner: Orchestrator, stack: Stack) => Promise<number>,
  /** fromEngine: with no compose file but -p NAME, work on the project the engine has (down, ps, stop). */
  opts: { fastReadiness?: boolean; fromEngine?: boolean } = {},
): Promise<number> {
  const loaded = opts.fromEngine ? loadFromArgs(io, values, services, true) : loadFromArgs(io, values, services);
  const stack = loaded === null ? await fromEngine(io, values) : loaded;
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
