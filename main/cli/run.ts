import { CONFIG_OPTIONS, configCommand, CONFIG_HELP } from './config-command';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { DOWN_HELP, RESTART_HELP, STOP_HELP, downCommand, restartCommand, stopCommand } from './lifecycle-commands';
import { LOGS_HELP, logsCommand } from './logs-command';
import { PLAN_HELP, planCommand } from './plan-command';
import { PS_HELP, psCommand } from './ps-command';
import { STACK_OPTIONS, UsageError, parseOwnArgs, parseStackArgs } from './stack-options';
import { CP_HELP, cpCommand } from './cp-command';
import { ATTACH_HELP, attachCommand, normaliseSigProxyFlag } from './attach-command';
import { VOLUMES_HELP, volumesCommand } from './volumes-command';
import { COMMIT_HELP, EXPORT_HELP, commitCommand, exportCommand, normalisePauseFlag } from './snapshot-commands';
import { EVENTS_HELP, EXEC_HELP, PORT_HELP, TOP_HELP, eventsCommand, execCommand, parseExecArgs, portCommand, topCommand } from './inside-commands';
import { LS_HELP, lsCommand } from './ls-command';
import { STATS_HELP, statsCommand } from './stats-command';
import { WATCH_HELP, watchCommand } from './watch-command';
import { RUN_HELP, parseRunArgs, runCommand } from './run-command';
import type { StackArgs } from './stack-options';
import {
  CREATE_HELP,
  KILL_HELP,
  PAUSE_HELP,
  RM_HELP,
  START_HELP,
  UNPAUSE_HELP,
  WAIT_HELP,
  createCommand,
  freezeCommand,
  killCommand,
  rmCommand,
  startCommand,
  waitCommand,
} from './container-commands';
import { BUILD_HELP, IMAGES_HELP, PULL_HELP, PUSH_HELP, buildCommand, imagesCommand, pullCommand, pushCommand } from './image-commands';
import { UP_HELP, upCommand } from './up-command';
import { SCALE_HELP, scaleCommand } from './scale-command';
import { HISTORY_HELP, historyCommand } from './history-command';
import { ADVISE_HELP, adviseCommand } from './advise-command';
import { BUNDLE_HELP, bundleCommand } from './bundle-command';
import { VERSION } from '../version';
import { editDistance } from '../orchestrator/compose/key-support';
import { CONTEXT_HELP, contextCommand, ioWithContext } from './context-command';
import { splitGlobalOptions } from './global-options';
import { usageMessage } from './usage-message';
import type { GlobalOptions } from './global-options';

const VERSION_HELP = `Usage: stackpilot version [OPTIONS]

Print Stackpilot's version.

Options:
  -f, --format FORMAT   pretty (the default) or json
      --short           the number only
`;

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

/** Parses a command's arguments (the stack options and those it names) and runs it with them. */
function withParsed(args: string[], accepted: Parameters<typeof parseStackArgs>[1], run: (values: StackArgs, positionals: string[]) => Promise<number>): Promise<number> {
  const { values, positionals } = parseStackArgs(args, accepted);
  return run(values, positionals);
}

type Command = { help: string; run: (io: CliIO, args: string[]) => Promise<number> | number };

const COMMANDS: Record<string, Command> = {
  context: { help: CONTEXT_HELP, run: (io, args) => contextCommand(io, args) },
  version: {
    help: VERSION_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { format: { type: 'string', short: 'f' }, short: { type: 'boolean' } });
      if (positionals.length > 0) throw new UsageError('version takes no arguments');
      const format = values.format ?? 'pretty';
      if (format !== 'pretty' && format !== 'json') throw new UsageError(`--format must be pretty or json, not "${format}"`);
      io.stdout(values.short ? `${VERSION}\n` : format === 'json' ? `${JSON.stringify({ version: VERSION })}\n` : `stackpilot ${VERSION}\n`);
      return ExitCode.ok;
    },
  },
  config: {
    help: CONFIG_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, CONFIG_OPTIONS);
      return configCommand(io, values, positionals);
    },
  },
  plan: {
    help: PLAN_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args, ['format']);
      return planCommand(io, values, positionals);
    },
  },
  up: {
    help: UP_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args, [
        'no-fast-readiness',
        'scale',
        'detach',
        'attached',
        'attach',
        'attach-dependencies',
        'no-attach',
        'build',
        'no-build',
        'pull',
        'force-recreate',
        'no-recreate',
        'no-deps',
        'remove-orphans',
        'wait-timeout',
        'timeout',
        'quiet-pull',
        'timestamps',
        'no-log-prefix',
        'abort-on-container-exit',
        'exit-code-from',
        'wait',
        'yes',
        'no-start',
        'watch',
        'dry-run',
      ]);
      // compose's up --watch: up, then follow develop.watch, which is what stackpilot watch does.
      if (values.watch && values['dry-run']) throw new UsageError('--dry-run prints the plan of an up: it cannot watch');
      if (values.watch) return watchCommand(io, values, positionals);
      if (values['no-start']) {
        // compose's up --no-start is create: the containers made (and what they need), none started.
        if (values.wait || values.attached || values['abort-on-container-exit'] || values['exit-code-from'] !== undefined) throw new UsageError('--no-start starts nothing: it cannot wait or attach');
        return createCommand(io, values, positionals);
      }
      return upCommand(io, values, positionals);
    },
  },
  ps: {
    help: PS_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        format: { type: 'string' },
        all: { type: 'boolean', short: 'a' },
        quiet: { type: 'boolean', short: 'q' },
        services: { type: 'boolean' },
        status: { type: 'string', multiple: true },
        filter: { type: 'string', multiple: true },
      });
      return psCommand(io, values, positionals);
    },
  },
  logs: {
    help: LOGS_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args, ['follow', 'tail', 'timestamps', 'no-log-prefix', 'since', 'until', 'index']);
      return logsCommand(io, values, positionals);
    },
  },
  down: {
    help: DOWN_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args, ['volumes', 'timeout', 'remove-orphans', 'rmi']);
      return downCommand(io, values, positionals);
    },
  },
  stop: {
    help: STOP_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args, ['timeout']);
      return stopCommand(io, values, positionals);
    },
  },
  start: { help: START_HELP, run: (io, args) => withParsed(args, [], (v, p) => startCommand(io, v, p)) },
  create: {
    help: CREATE_HELP,
    run: (io, args) => withParsed(args, ['build', 'no-build', 'pull', 'force-recreate', 'no-recreate', 'no-deps', 'yes', 'quiet-pull'], (v, p) => createCommand(io, v, p)),
  },
  kill: { help: KILL_HELP, run: (io, args) => withParsed(args, ['signal'], (v, p) => killCommand(io, v, p)) },
  scale: { help: SCALE_HELP, run: (io, args) => withParsed(args, ['no-deps'], (v, p) => scaleCommand(io, v, p)) },
  pause: { help: PAUSE_HELP, run: (io, args) => withParsed(args, [], (v, p) => freezeCommand(io, v, p, 'pause')) },
  unpause: { help: UNPAUSE_HELP, run: (io, args) => withParsed(args, [], (v, p) => freezeCommand(io, v, p, 'unpause')) },
  rm: { help: RM_HELP, run: (io, args) => withParsed(args, ['force', 'stop', 'volumes'], (v, p) => rmCommand(io, v, p)) },
  wait: {
    help: WAIT_HELP,
    run: (io, args) =>
      withParsed(args, ['down-project'], (v, p) => {
        if (p.length === 0) throw new UsageError('wait needs at least one service name');
        return waitCommand(io, v, p);
      }),
  },
  pull: { help: PULL_HELP, run: (io, args) => withParsed(args, ['ignore-buildable', 'include-deps', 'ignore-pull-failures', 'policy', 'quiet'], (v, p) => pullCommand(io, v, p)) },
  push: { help: PUSH_HELP, run: (io, args) => withParsed(args, ['include-deps', 'ignore-push-failures', 'quiet'], (v, p) => pushCommand(io, v, p)) },
  build: { help: BUILD_HELP, run: (io, args) => withParsed(args, ['no-cache', 'pull', 'build-arg', 'quiet', 'push', 'with-dependencies'], (v, p) => buildCommand(io, v, p)) },
  images: { help: IMAGES_HELP, run: (io, args) => withParsed(args, ['quiet', 'format'], (v, p) => imagesCommand(io, v, p)) },
  exec: {
    help: EXEC_HELP,
    run: (io, args) => {
      const parsed = parseExecArgs(args);
      return execCommand(io, parseStackArgs(parsed.stackArgs).values, parsed);
    },
  },
  run: {
    help: RUN_HELP,
    run: (io, args) => {
      const parsed = parseRunArgs(args);
      return runCommand(io, parseStackArgs(parsed.stackArgs).values, parsed);
    },
  },
  top: { help: TOP_HELP, run: (io, args) => withParsed(args, [], (v, p) => topCommand(io, v, p)) },
  volumes: {
    help: VOLUMES_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, quiet: { type: 'boolean', short: 'q' }, format: { type: 'string' } });
      return volumesCommand(io, values, positionals);
    },
  },
  attach: {
    help: ATTACH_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(normaliseSigProxyFlag(args), {
        ...STACK_OPTIONS,
        index: { type: 'string' },
        'detach-keys': { type: 'string' },
        'no-stdin': { type: 'boolean' },
        'sig-proxy': { type: 'boolean' },
        'no-sig-proxy': { type: 'boolean' },
      });
      return attachCommand(io, values, positionals);
    },
  },
  cp: {
    help: CP_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        archive: { type: 'boolean', short: 'a' },
        'follow-link': { type: 'boolean', short: 'L' },
        index: { type: 'string' },
        all: { type: 'boolean' },
      });
      return cpCommand(io, values, positionals);
    },
  },
  export: {
    help: EXPORT_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, output: { type: 'string', short: 'o' }, index: { type: 'string' } });
      return exportCommand(io, values, positionals);
    },
  },
  commit: {
    help: COMMIT_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(normalisePauseFlag(args), {
        ...STACK_OPTIONS,
        author: { type: 'string', short: 'a' },
        message: { type: 'string', short: 'm' },
        change: { type: 'string', short: 'c', multiple: true },
        pause: { type: 'boolean', short: 'p' },
        'no-pause': { type: 'boolean' },
        index: { type: 'string' },
      });
      return commitCommand(io, values, positionals);
    },
  },
  port: {
    help: PORT_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, protocol: { type: 'string' }, index: { type: 'string' } });
      return portCommand(io, values, positionals);
    },
  },
  events: {
    help: EVENTS_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, json: { type: 'boolean' } });
      return eventsCommand(io, values, positionals);
    },
  },
  stats: {
    help: STATS_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, format: { type: 'string' }, 'no-stream': { type: 'boolean' } });
      return statsCommand(io, values, positionals);
    },
  },
  watch: {
    help: WATCH_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, 'no-up': { type: 'boolean' }, quiet: { type: 'boolean' } });
      return watchCommand(io, values, positionals);
    },
  },
  history: {
    help: HISTORY_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, format: { type: 'string' }, last: { type: 'string', short: 'n' } });
      return historyCommand(io, values, positionals);
    },
  },
  advise: {
    help: ADVISE_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, format: { type: 'string' }, write: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } });
      return adviseCommand(io, values, positionals);
    },
  },
  bundle: {
    help: BUNDLE_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { ...STACK_OPTIONS, output: { type: 'string', short: 'o' } });
      return bundleCommand(io, values, positionals);
    },
  },
  ls: {
    help: LS_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, { all: { type: 'boolean', short: 'a' }, format: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } });
      if (positionals.length > 0) throw new UsageError('ls takes no names');
      return lsCommand(io, values);
    },
  },
  restart: {
    help: RESTART_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args, ['timeout', 'no-deps']);
      return restartCommand(io, values, positionals);
    },
  },
};

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
    io.stderr(`stackpilot: unknown command "${command}"${near ? `: did you mean "${near}"?` : ''}\nRun 'stackpilot --help' for the commands.\n`);
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
  return [args.filter((a) => a !== '--no-color'), { ...io, color: false, stdout: (t) => io.stdout(plain(t)), stderr: (t) => io.stderr(plain(t)) }];
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
