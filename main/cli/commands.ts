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
import { CONTEXT_HELP, contextCommand } from './context-command';

const VERSION_HELP = `Usage: stackpilot version [OPTIONS]

Print Stackpilot's version.

Options:
  -f, --format FORMAT   pretty (the default) or json
      --short           the number only
`;

/** Parses a command's arguments (the stack options and those it names) and runs it with them. */
function withParsed(args: string[], accepted: Parameters<typeof parseStackArgs>[1], run: (values: StackArgs, positionals: string[]) => Promise<number>): Promise<number> {
  const { values, positionals } = parseStackArgs(args, accepted);
  return run(values, positionals);
}

export type Command = { help: string; run: (io: CliIO, args: string[]) => Promise<number> | number };

/** Every command: its help, and how it parses its arguments and runs. */
export const COMMANDS: Record<string, Command> = {
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
