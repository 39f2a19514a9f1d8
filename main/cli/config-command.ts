import { goYamlText } from '../engine/compose/go-yaml';
import { goJsonText, toComposeJson } from '../engine/compose/compose-json';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';

export const CONFIG_HELP = `Usage: stackpilot config [OPTIONS]

Print the stack's normalised configuration, as \`docker compose config\` does.

Options:
  -f, --file FILE             compose file (repeat to merge overrides, in order)
      --project-directory DIR project folder (default: the first file's folder)
      --env-file FILE         the variables for interpolation, instead of the project's .env
                              (repeatable; COMPOSE_ENV_FILES, comma-separated, does the same)
  -p, --project-name NAME     project name
      --profile NAME          activate a profile (repeatable)
      --format yaml|json      output format (default: yaml)
`;

export function configCommand(io: CliIO, values: StackArgs): number {
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format must be yaml or json, not "${format}"`);
  const stack = loadFromArgs(io, values);
  if (!stack) return ExitCode.invalidInput;
  const model = toComposeJson(stack, format);
  io.stdout(format === 'json' ? goJsonText(model) : goYamlText(model));
  return ExitCode.ok;
}
