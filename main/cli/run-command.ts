import { splitShellWords } from '../engine/compose/shell-words';
import { withStackRunner } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';
import { printProblems } from './up-command';
import { readLeadingOptions } from './command-args';
import type { SharedRunOptions } from './command-args';
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

export type RunArgs = SharedRunOptions & {
  service: string;
  command: string[];
  rm: boolean;
  noDeps: boolean;
  name?: string;
  entrypoint?: string[];
  servicePorts: boolean;
};

/** run's own options come before SERVICE; what follows it is the command, flags and all. */
export function parseRunArgs(args: readonly string[]): RunArgs {
  const own: Pick<RunArgs, 'rm' | 'noDeps' | 'servicePorts' | 'name' | 'entrypoint'> = { rm: false, noDeps: false, servicePorts: false };
  const { shared, service, rest } = readLeadingOptions('run', args, (flag, value) => {
    if (flag === '--rm') own.rm = true;
    else if (flag === '--no-deps') own.noDeps = true;
    else if (flag === '--name') own.name = value();
    else if (flag === '--entrypoint') own.entrypoint = splitShellWords(value()).words;
    else if (flag === '--service-ports') own.servicePorts = true;
    else if (flag === '-d' || flag === '--detach') throw new UsageError('run --detach is not supported: use stackpilot up -d SERVICE');
    else return false;
    return true;
  });
  if (!service) throw new UsageError('run needs a service: stackpilot run api sh');
  return { ...shared, ...own, service, command: rest };
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
