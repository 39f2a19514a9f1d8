import type { Stack } from '../engine/compose/model';
import { StackRunner } from '../engine/runtime/stack-runner';
import type { CliIO } from './io';
import { paint } from './io';

/** Connects to the engine for a stack, printing what a person needs when that fails. */
export async function openRunner(io: CliIO, stack: Stack, opts: { fastReadiness?: boolean } = {}): Promise<StackRunner | undefined> {
  try {
    const driver = await io.connectEngine();
    return new StackRunner(stack, { driver, clock: io.clock, ...(opts.fastReadiness === false ? { fastReadiness: { enabled: false } } : {}) });
  } catch (err) {
    const e = err as Error & { hint?: string };
    io.stderr(`${paint(io, 31, `stackpilot: ${e.message}`)}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
    return undefined;
  }
}

/** Runs an engine command and turns an engine failure mid-way into a message and exit code 1. */
export async function withEngineErrors(io: CliIO, action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (err) {
    const e = err as Error & { hint?: string };
    io.stderr(`${paint(io, 31, `stackpilot: ${e.message}`)}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
    return 1;
  }
}
