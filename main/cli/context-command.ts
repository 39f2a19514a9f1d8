import { engineChoices, withContext } from '../docker/endpoint';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';

export const CONTEXT_HELP = `Usage: stackpilot context ls [--format table|json]

List the engines Stackpilot can use — docker's contexts (docker context ls), "default" first — with
the current one marked. Pick one for a command with: stackpilot --context NAME COMMAND (or
DOCKER_CONTEXT=NAME), as docker does.
`;

/** The CLI's outside world, pointed at that context's engine. */
export function ioWithContext(io: CliIO, context: string): CliIO {
  const env = withContext(io.env, context);
  const connect = io.connectEngine;
  return { ...io, env, connectEngine: () => connect(env) };
}

export function contextCommand(io: CliIO, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub !== 'ls' && sub !== 'list')
    throw new UsageError(
      sub === undefined ? 'context needs a subcommand: ls' : `context ${sub}: only ls is a context command here`,
    );
  const format =
    rest[0] === '--format'
      ? rest[1]
      : rest[0]?.startsWith('--format=')
        ? rest[0].slice('--format='.length)
        : rest.length === 0
          ? 'table'
          : undefined;
  if (format !== 'table' && format !== 'json')
    throw new UsageError(`--format must be table or json${rest.length ? ` (got ${rest.join(' ')})` : ''}`);
  const choices = engineChoices(io.env, io.homeDir);
  if (format === 'json') {
    io.stdout(`${JSON.stringify(choices, null, 2)}\n`);
    return ExitCode.ok;
  }
  const wn = Math.max(4, ...choices.map((c) => c.name.length + 2));
  const wd = Math.max(11, ...choices.map((c) => (c.description ?? '').length));
  io.stdout(`${'NAME'.padEnd(wn)}   ${'DESCRIPTION'.padEnd(wd)}   DOCKER ENDPOINT\n`);
  for (const c of choices)
    io.stdout(`${`${c.name}${c.current ? ' *' : ''}`.padEnd(wn)}   ${(c.description ?? '').padEnd(wd)}   ${c.host}\n`);
  return ExitCode.ok;
}
