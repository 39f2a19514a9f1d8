import { CONFIG_OPTIONS, configCommand, CONFIG_HELP } from './config-command';
import { ExitCode } from './io';
import { DOWN_HELP, RESTART_HELP, STOP_HELP, downCommand, restartCommand, stopCommand } from './lifecycle-commands';
import { LOGS_HELP, logsCommand } from './logs-command';
import { PLAN_HELP, planCommand } from './plan-command';
import { PS_HELP, psCommand } from './ps-command';
import { STACK_OPTIONS, UsageError, parseOwnArgs, parseStackArgs } from './stack-options';
import { watchCommand } from './watch-command';
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
import {
  BUILD_HELP,
  IMAGES_HELP,
  PULL_HELP,
  PUSH_HELP,
  buildCommand,
  imagesCommand,
  pullCommand,
  pushCommand,
} from './image-commands';
import { UP_HELP, upCommand } from './up-command';
import { SCALE_HELP, scaleCommand } from './scale-command';
import { VERSION } from '../version';
import { CONTEXT_HELP, contextCommand } from './context-command';

import { withParsed } from './command-entry';
import type { Command } from './command-entry';

const VERSION_HELP = `Usage: stackpilot version [OPTIONS]

Print Stackpilot's version.

Options:
  -f, --format FORMAT   pretty (the default) or json
      --short           the number only
`;

/** The commands that run the stack and its images, as compose names them. */
export const LIFECYCLE_COMMANDS: Record<string, Command> = {
  context: { help: CONTEXT_HELP, run: (io, args) => contextCommand(io, args) },
  version: {
    help: VERSION_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, {
        format: { type: 'string', short: 'f' },
        short: { type: 'boolean' },
      });
      if (positionals.length > 0) throw new UsageError('version takes no arguments');
      const format = values.format ?? 'pretty';
      if (format !== 'pretty' && format !== 'json')
        throw new UsageError(`--format must be pretty or json, not "${format}"`);
      io.stdout(
        values.short
          ? `${VERSION}\n`
          : format === 'json'
            ? `${JSON.stringify({ version: VERSION })}\n`
            : `stackpilot ${VERSION}\n`,
      );
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
      if (values.watch && values['dry-run'])
        throw new UsageError('--dry-run prints the plan of an up: it cannot watch');
      if (values.watch) return watchCommand(io, values, positionals);
      if (values['no-start']) {
        // compose's up --no-start is create: the containers made (and what they need), none started.
        if (
          values.wait ||
          values.attached ||
          values['abort-on-container-exit'] ||
          values['exit-code-from'] !== undefined
        )
          throw new UsageError('--no-start starts nothing: it cannot wait or attach');
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
      const { values, positionals } = parseStackArgs(args, [
        'follow',
        'tail',
        'timestamps',
        'no-log-prefix',
        'since',
        'until',
        'index',
      ]);
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
    run: (io, args) =>
      withParsed(
        args,
        ['build', 'no-build', 'pull', 'force-recreate', 'no-recreate', 'no-deps', 'yes', 'quiet-pull'],
        (v, p) => createCommand(io, v, p),
      ),
  },
  kill: { help: KILL_HELP, run: (io, args) => withParsed(args, ['signal'], (v, p) => killCommand(io, v, p)) },
  scale: { help: SCALE_HELP, run: (io, args) => withParsed(args, ['no-deps'], (v, p) => scaleCommand(io, v, p)) },
  pause: { help: PAUSE_HELP, run: (io, args) => withParsed(args, [], (v, p) => freezeCommand(io, v, p, 'pause')) },
  unpause: {
    help: UNPAUSE_HELP,
    run: (io, args) => withParsed(args, [], (v, p) => freezeCommand(io, v, p, 'unpause')),
  },
  rm: {
    help: RM_HELP,
    run: (io, args) => withParsed(args, ['force', 'stop', 'volumes'], (v, p) => rmCommand(io, v, p)),
  },
  wait: {
    help: WAIT_HELP,
    run: (io, args) =>
      withParsed(args, ['down-project'], (v, p) => {
        if (p.length === 0) throw new UsageError('wait needs at least one service name');
        return waitCommand(io, v, p);
      }),
  },
  pull: {
    help: PULL_HELP,
    run: (io, args) =>
      withParsed(args, ['ignore-buildable', 'include-deps', 'ignore-pull-failures', 'policy', 'quiet'], (v, p) =>
        pullCommand(io, v, p),
      ),
  },
  push: {
    help: PUSH_HELP,
    run: (io, args) =>
      withParsed(args, ['include-deps', 'ignore-push-failures', 'quiet'], (v, p) => pushCommand(io, v, p)),
  },
  build: {
    help: BUILD_HELP,
    run: (io, args) =>
      withParsed(args, ['no-cache', 'pull', 'build-arg', 'quiet', 'push', 'with-dependencies'], (v, p) =>
        buildCommand(io, v, p),
      ),
  },
  images: {
    help: IMAGES_HELP,
    run: (io, args) => withParsed(args, ['quiet', 'format'], (v, p) => imagesCommand(io, v, p)),
  },
  restart: {
    help: RESTART_HELP,
    run: (io, args) => {
      const { values, positionals } = parseStackArgs(args, ['timeout', 'no-deps']);
      return restartCommand(io, values, positionals);
    },
  },
};
