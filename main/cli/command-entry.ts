import type { CliIO } from './io';
import { parseStackArgs } from './stack-options';
import type { StackArgs } from './stack-options';

/** A command: its help, and how it parses its arguments and runs. */
export type Command = { help: string; run: (io: CliIO, args: string[]) => Promise<number> | number };

/** Parses a command's arguments (the stack options and those it names) and runs it with them. */
export function withParsed(
  args: string[],
  accepted: Parameters<typeof parseStackArgs>[1],
  run: (values: StackArgs, positionals: string[]) => Promise<number>,
): Promise<number> {
  const { values, positionals } = parseStackArgs(args, accepted);
  return run(values, positionals);
}
