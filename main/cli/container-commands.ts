import { printSlower, recordRun } from './history-command';
import type { UpOptions } from '../orchestrator/runtime/up-options';
import { withOrchestrator } from './engine-session';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { printProblems, stateLinePrinter } from './up-command';
import { readUpFlags } from './up-flags';
import type { StackArgs } from './stack-options';

/** start, create, kill, rm and wait: compose's container commands, with its outputs and exit codes. */

export const START_HELP = `Usage: stackpilot start [OPTIONS] [SERVICE...]

Start the existing containers of services (default: all) in dependency order, gated on readiness as
up is; a service without a container is an error (make it with up or create).

Options: the stack options (-f, --project-directory, -p, --profile).
`;

export const CREATE_HELP = `Usage: stackpilot create [OPTIONS] [SERVICE...]

Pull or build the images and make the containers of services (default: all, and what they need),
without starting them.

Options: the stack options, and
      --build            build the images of services with a build section first
      --no-build         never build: a missing image is an error
      --pull POLICY      always, missing or never, over each service's pull_policy
      --force-recreate   make every container anew, even when its configuration is unchanged
      --no-recreate      keep existing containers, even when their configuration changed
      --no-deps          only the named services, not what they depend on
  -y, --yes              make a volume whose definition changed anew (its data is lost) without asking
`;

export const KILL_HELP = `Usage: stackpilot kill [OPTIONS] [SERVICE...]

Send a signal to the running containers of services (default: all).

Options: the stack options, and -s, --signal SIGNAL (default SIGKILL).
`;

export const RM_HELP = `Usage: stackpilot rm [OPTIONS] [SERVICE...]

Remove the stopped containers of services (default: all), after asking.

Options: the stack options (--file for the compose file), and
  -f, --force     do not ask
  -s, --stop      stop the containers first
  -v, --volumes   remove their anonymous volumes too
`;

export const WAIT_HELP = `Usage: stackpilot wait [OPTIONS] SERVICE...

Block until every container of the services has exited; say each one's exit code. The exit code is
the last one's.

Options: the stack options, and --down-project (take the project down once they have all exited).
`;

export function startCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  return withOrchestrator(io, values, services, async (runner, stack) => {
    const t0 = io.clock.now();
    const off = runner.onChange(stateLinePrinter(io, Object.keys(stack.services), t0));
    try {
      const result = await runner.up(services, new AbortController().signal, {}, { create: false, recreate: 'never' });
      // Kept in the history as the window's Start is.
      const slower = recordRun(io, stack, runner, 'start', services, t0, result);
      if (!result.ok) {
        printProblems(io, runner, result.problems);
        return ExitCode.failure;
      }
      printSlower(io, slower);
      return ExitCode.ok;
    } finally {
      off();
    }
  });
}

export function createCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  return withOrchestrator(io, values, services, async (runner, stack) => {
    const { options } = readUpFlags(stack, values, [], io.confirm);
    const create: UpOptions = { ...options };
    await runner.create(services, create);
    const made = runner
      .snapshot()
      .filter((s) => s.containerId !== undefined && (services.length === 0 || services.includes(s.name)));
    for (const s of made) io.stdout(`${s.containerName ?? s.name}  ${paint(io, 90, s.status)}  ${s.reason}\n`);
    return ExitCode.ok;
  });
}

export function killCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const signal = (values.signal ?? 'SIGKILL').toUpperCase();
  return withOrchestrator(
    io,
    values,
    services,
    async (runner) => {
      const killed = await runner.kill(
        services,
        /^\d+$/.test(signal) || signal.startsWith('SIG') ? signal : `SIG${signal}`,
      );
      // As compose: nothing running is said, not an error.
      if (killed.length === 0) io.stderr('no container to kill\n');
      else io.stdout(`Killed ${killed.join(', ')}\n`);
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}

export function rmCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  return withOrchestrator(
    io,
    values,
    services,
    async (runner) => {
      const stopped = values.stop ? [] : await runner.stoppedContainers(services);
      if (!values.stop && stopped.length === 0) {
        io.stderr('No stopped containers\n');
        return ExitCode.ok;
      }
      if (!values.force) {
        const names = stopped.map((c) => c.name).join(', ') || 'the containers of the stack once stopped';
        const yes = (await io.confirm?.(`Going to remove ${names}. Are you sure? (y/N) `)) ?? false;
        if (!yes) {
          io.stderr(
            io.confirm
              ? 'Nothing removed.\n'
              : `Going to remove ${names}: nothing removed without a terminal to ask on; pass -f to remove without asking.\n`,
          );
          return ExitCode.ok;
        }
      }
      const removed = await runner.remove(services, { stop: values.stop ?? false, volumes: values.volumes ?? false });
      io.stdout(removed.length > 0 ? `Removed ${removed.join(', ')}\n` : 'No stopped containers\n');
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}

export function waitCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  return withOrchestrator(
    io,
    values,
    services,
    async (runner, stack) => {
      const code = await runner.waitForExit(services, (name, exit) =>
        io.stdout(`container "${name}" exited with status code ${exit}\n`),
      );
      if (code === undefined) {
        io.stderr(`${paint(io, 31, `stackpilot: no containers for project "${stack.name}"`)}\n`);
        return ExitCode.failure;
      }
      if (values['down-project']) await runner.down({ removeOrphans: true });
      return code;
    },
    { fromEngine: true },
  );
}

export const PAUSE_HELP = `Usage: stackpilot pause [OPTIONS] [SERVICE...]

Freeze the running containers of services (default: all): their processes stop getting CPU time
until unpause. A container already paused is an error, as the engine says it.

Options: the stack options (-f, --project-directory, -p, --profile).
`;

export const UNPAUSE_HELP = `Usage: stackpilot unpause [OPTIONS] [SERVICE...]

Resume the paused containers of services (default: all). A container that is not paused is an error.

Options: the stack options (-f, --project-directory, -p, --profile).
`;

/** pause and unpause; nothing to freeze is not an error, as for compose. */
export function freezeCommand(
  io: CliIO,
  values: StackArgs,
  services: string[],
  action: 'pause' | 'unpause',
): Promise<number> {
  return withOrchestrator(
    io,
    values,
    services,
    async (runner) => {
      const done = await runner.freeze(services, action);
      for (const name of done) io.stdout(`${action === 'pause' ? 'Paused' : 'Unpaused'} ${name}\n`);
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}
