import { CONFIG_HELP, CONFIG_OPTIONS, configCommand } from './config-command';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError, parseOwnArgs } from './stack-options';
import { usageMessage } from './usage-message';

/** `stackpilot config …`, as run.ts runs it, without loading the other commands (see index.ts). */
export function runConfig(args: string[], io: CliIO): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(CONFIG_HELP);
    return ExitCode.ok;
  }
  try {
    const { values, positionals } = parseOwnArgs(args, CONFIG_OPTIONS);
    return configCommand(io, values, positionals);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(usageMessage('config', err, CONFIG_HELP));
    return ExitCode.invalidInput;
  }
}
