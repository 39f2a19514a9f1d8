import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import { VERSION } from '../version';
import { editDistance } from '../orchestrator/compose/key-support';
import { ioWithContext } from './context-command';
import { splitGlobalOptions } from './global-options';
import { usageMessage } from './usage-message';
import type { GlobalOptions } from './global-options';
import { COMMANDS } from './commands';

const HELP = `Usage: stackpilot COMMAND [OPTIONS]

Runs a project's local development stack from its compose file.

Commands:
  up       start the stack in dependency order, gated on readiness, and wait until it is ready
  ps       show each service's state and why
  logs     print (and follow) the services' logs
  restart  restart services (and dependents that ask for it), waiting until ready
  stop     stop services, dependents first
  down     stop and remove the stack's containers and networks
  start    start existing containers, in dependency order, gated on readiness
  create   make containers (pulling or building images) without starting them
  kill     send a signal to running containers
  scale    run N containers of services (SERVICE=N), recreating nothing
  pause    freeze the running containers of services
  unpause  resume paused containers
  rm       remove stopped containers
  wait     block until containers exit; the exit code is the last one's
  pull     pull the services' images
  build    build the services' images
  push     push the images the stack builds to their registries
  images   list the images the containers were made from
  exec     run a command in a running container (a shell: stackpilot exec api sh)
  attach   wire your terminal to a service's running container (its output, your input)
  run      run a one-off container of a service, its dependencies started first
  top      show the processes of the containers
  volumes  list the project's volumes
  cp       copy files or folders between a service container and this machine
  export   write a service container's filesystem as a tar archive
  commit   make an image of a service container's changes
  port     print the host address a container port is published on
  events   stream the containers' events
  ls       list the compose projects on the engine
  stats    show the containers' CPU, memory, network and block I/O
  watch    bring the stack up, then sync, rebuild or restart services as their files change
  config   print the normalised configuration (as docker compose config)
  plan     print the start order and what each service waits on
  history  the stack's last runs: how long each service took, the critical path, what was slower
  advise   the healthcheck advisor: what makes the stack start slowly, and an override that fixes it
  bundle   write a diagnostic archive to attach to an issue (config, states, health, logs), secrets masked
  context  list the engines (docker contexts) it can use; pick one with --context NAME
  version  print Stackpilot's version

Global options (before the command, as docker compose takes them; the project options also after it):
  -f, --file FILE              compose file (repeatable; default: compose.yaml found upwards)
  -p, --project-name NAME      project name (default: the name: key, or the folder's name)
      --profile NAME           activate a profile (repeatable)
      --env-file FILE          variables file instead of .env (repeatable)
      --project-directory DIR  project folder (default: the first file's folder)
  -c, --context NAME           the docker context to use (overrides DOCKER_HOST and DOCKER_CONTEXT)
      --ansi never|always|auto  colour (auto: on a terminal, each stream its own, unless NO_COLOR is set)

Run 'stackpilot COMMAND --help' for a command's options.
Exit codes: 0 success, 1 failure, 2 invalid input (compose file or arguments), 130 interrupted.
`;

/** Runs one CLI invocation and returns its exit code; never throws for the user's mistakes. */
export async function runCli(argvIn: string[], ioIn: CliIO): Promise<number> {
  let global: GlobalOptions;
  try {
    global = splitGlobalOptions(argvIn);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    ioIn.stderr(`stackpilot: ${err.message}\n`);
    return ExitCode.invalidInput;
  }
  const io = global.context ? ioWithContext(ioIn, global.context) : ioIn;
  const [command, ...rest] = global.rest;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(HELP);
    // As compose: no command is a request for the help, not a mistake.
    return ExitCode.ok;
  }
  if (command === '--version') {
    io.stdout(`stackpilot ${VERSION}\n`);
    return ExitCode.ok;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    const near = nearestCommand(command);
    // One line naming the mistake and the nearest word, then where the list is: not the whole help.
    io.stderr(
      `stackpilot: unknown command "${command}"${near ? `: did you mean "${near}"?` : ''}\nRun 'stackpilot --help' for the commands.\n`,
    );
    return ExitCode.invalidInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(entry.help);
    return ExitCode.ok;
  }
  const [own, uncoloured] = withoutColourFlag(command, rest, io);
  try {
    // The project options written before the command come first, as if written after it.
    return await entry.run(uncoloured, NO_PROJECT.has(command) ? own : [...global.project, ...own]);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(usageMessage(command, err, entry.help));
      return ExitCode.invalidInput;
    }
    throw err;
  }
}

/** `up --no-color` and `logs --no-color`, as compose takes them: that command's output without colour. */
function withoutColourFlag(command: string, args: string[], io: CliIO): [string[], CliIO] {
  if ((command !== 'up' && command !== 'logs') || !args.includes('--no-color')) return [args, io];
  // eslint-disable-next-line no-control-regex -- the escape character is what is being removed
  const plain = (t: string): string => t.replace(/\x1b\[[0-9;]*m/g, '');
  return [
    args.filter((a) => a !== '--no-color'),
    { ...io, color: false, stdout: (t) => io.stdout(plain(t)), stderr: (t) => io.stderr(plain(t)) },
  ];
}

/** Commands that read no compose file: project options before them mean nothing, as for compose's ls. */
const NO_PROJECT = new Set(['ls', 'context', 'version']);

/** The command nearest a mistyped one (two edits at most), to suggest it. */
function nearestCommand(typed: string): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of Object.keys(COMMANDS)) {
    const d = editDistance(typed, name);
    if (d <= 2 && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}
