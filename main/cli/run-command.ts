import { splitShellWords } from '../engine/compose/shell-words';
import { withStackRunner } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';
import { printProblems } from './up-command';
import { attachedTerminal } from './inside-commands';

export const RUN_HELP = `Usage: stackpilot run [OPTIONS] SERVICE [COMMAND] [ARG...]

Run a one-off container of SERVICE (its command replaced when one is given), after starting what it
depends on, as docker compose run does; the exit code is the command's.

Options (before SERVICE): the stack options, and
      --rm                 remove the container once it has exited
      --no-deps            do not start the services it depends on
  -T, --no-TTY             no terminal (for scripts and pipes)
  -e, --env KEY=VALUE      set a variable (repeatable)
  -u, --user USER          run as this user
  -w, --workdir DIR        in this folder
      --name NAME          the container's name
      --entrypoint CMD     replace the image's entrypoint
      --service-ports      publish the service's ports (a one-off has none otherwise)
`;

export interface RunArgs {
  stackArgs: string[];
  service: string;
  command: string[];
  tty?: boolean;
  rm: boolean;
  noDeps: boolean;
  env: string[];
  user?: string;
  workdir?: string;
  name?: string;
  entrypoint?: string[];
  servicePorts: boolean;
}

/** run's own options come before SERVICE; what follows it is the command, flags and all. */
export function parseRunArgs(args: readonly string[]): RunArgs {
  const out: RunArgs = { stackArgs: [], service: '', command: [], rm: false, noDeps: false, env: [], servicePorts: false };
  let i = 0;
  const value = (flag: string): string => {
    const v = args[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('-')) break;
    if (a === '--rm') out.rm = true;
    else if (a === '--no-deps') out.noDeps = true;
    else if (a === '-T' || a === '--no-TTY' || a === '--no-tty') out.tty = false;
    else if (a === '-t' || a === '--tty' || a === '-it' || a === '-ti') out.tty = true;
    else if (a === '-i' || a === '--interactive') continue;
    else if (a === '-e' || a === '--env') out.env.push(value(a));
    else if (a === '-u' || a === '--user') out.user = value(a);
    else if (a === '-w' || a === '--workdir') out.workdir = value(a);
    else if (a === '--name') out.name = value(a);
    else if (a === '--entrypoint') out.entrypoint = splitShellWords(value(a)).words;
    else if (a === '--service-ports') out.servicePorts = true;
    else if (['-f', '--file', '-p', '--project-name', '--project-directory', '--profile', '--env-file'].includes(a)) out.stackArgs.push(a, value(a));
    else if (a === '-d' || a === '--detach') throw new UsageError('run --detach is not supported: use stackpilot up -d SERVICE');
    else throw new UsageError(`unknown option ${a}`);
  }
  const service = args[i];
  if (!service) throw new UsageError('run needs a service: stackpilot run api sh');
  return { ...out, service, command: args.slice(i + 1) };
}

export function runCommand(io: CliIO, values: StackArgs, r: RunArgs): Promise<number> {
  return withStackRunner(io, values, [r.service], async (runner, stack) => {
    const deps = Object.keys(stack.services[r.service]?.dependsOn ?? {});
    if (!r.noDeps && deps.length > 0) {
      const up = await runner.up(deps);
      if (!up.ok) {
        printProblems(io, runner, up.problems);
        return ExitCode.failure;
      }
    }
    return attachedTerminal(io, r.tty, (streams, tty) =>
      runner.runOneOff(
        r.service,
        {
          ...(r.command.length > 0 ? { command: r.command } : {}),
          ...(r.entrypoint ? { entrypoint: r.entrypoint } : {}),
          env: r.env,
          ...(r.user ? { user: r.user } : {}),
          ...(r.workdir ? { workdir: r.workdir } : {}),
          ...(r.name ? { name: r.name } : {}),
          tty,
          servicePorts: r.servicePorts,
          remove: r.rm,
        },
        streams,
      ),
    );
  });
}
