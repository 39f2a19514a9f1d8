import { configCommand, CONFIG_HELP } from './config-command';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { PLAN_HELP, planCommand } from './plan-command';
import { UsageError, parseStackArgs } from './stack-options';

export const VERSION = '0.1.0';

const HELP = `Usage: stackpilot COMMAND [OPTIONS]

Runs a project's local development stack from its compose file.

Commands:
  config   print the normalised configuration (as docker compose config)
  plan     print the start order and what each service waits on

Run 'stackpilot COMMAND --help' for a command's options.
Exit codes: 0 success, 1 failure, 2 invalid input (compose file or arguments).
`;

const COMMANDS: Record<string, { help: string; run: (io: CliIO, args: string[]) => number }> = {
  config: {
    help: CONFIG_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args);
      if (positionals.length > 0) throw new UsageError(`config takes no service names (got ${positionals.join(' ')})`);
      return configCommand(io, values);
    },
  },
  plan: {
    help: PLAN_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args);
      return planCommand(io, values, positionals);
    },
  },
};

/** Runs one CLI invocation and returns its exit code; never throws for the user's mistakes. */
export function runCli(argv: string[], io: CliIO): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(HELP);
    return command === undefined ? ExitCode.invalidInput : ExitCode.ok;
  }
  if (command === '--version' || command === 'version') {
    io.stdout(`stackpilot ${VERSION}\n`);
    return ExitCode.ok;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    io.stderr(`stackpilot: unknown command "${command}"\n\n${HELP}`);
    return ExitCode.invalidInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(entry.help);
    return ExitCode.ok;
  }
  try {
    return entry.run(io, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`stackpilot ${command}: ${err.message}\n\n${entry.help}`);
      return ExitCode.invalidInput;
    }
    throw err;
  }
}
