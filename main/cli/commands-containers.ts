import { STACK_OPTIONS, UsageError, parseOwnArgs, parseStackArgs } from './stack-options';
import { CP_HELP, cpCommand } from './cp-command';
import { ATTACH_HELP, attachCommand, normaliseSigProxyFlag } from './attach-command';
import { VOLUMES_HELP, volumesCommand } from './volumes-command';
import { COMMIT_HELP, EXPORT_HELP, commitCommand, exportCommand, normalisePauseFlag } from './snapshot-commands';
import {
  EVENTS_HELP,
  EXEC_HELP,
  PORT_HELP,
  TOP_HELP,
  eventsCommand,
  execCommand,
  parseExecArgs,
  portCommand,
  topCommand,
} from './inside-commands';
import { LS_HELP, lsCommand } from './ls-command';
import { STATS_HELP, statsCommand } from './stats-command';
import { WATCH_HELP, watchCommand } from './watch-command';
import { RUN_HELP, parseRunArgs, runCommand } from './run-command';
import { HISTORY_HELP, historyCommand } from './history-command';
import { ADVISE_HELP, adviseCommand } from './advise-command';
import { BUNDLE_HELP, bundleCommand } from './bundle-command';

import { withParsed } from './command-entry';
import type { Command } from './command-entry';

/** The commands that reach into containers, watch, and read what Stackpilot keeps. */
export const CONTAINER_COMMANDS: Record<string, Command> = {
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
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        quiet: { type: 'boolean', short: 'q' },
        format: { type: 'string' },
      });
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
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        output: { type: 'string', short: 'o' },
        index: { type: 'string' },
      });
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
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        protocol: { type: 'string' },
        index: { type: 'string' },
      });
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
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        format: { type: 'string' },
        'no-stream': { type: 'boolean' },
      });
      return statsCommand(io, values, positionals);
    },
  },
  watch: {
    help: WATCH_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        'no-up': { type: 'boolean' },
        quiet: { type: 'boolean' },
      });
      return watchCommand(io, values, positionals);
    },
  },
  history: {
    help: HISTORY_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        format: { type: 'string' },
        last: { type: 'string', short: 'n' },
      });
      return historyCommand(io, values, positionals);
    },
  },
  advise: {
    help: ADVISE_HELP,
    run: (io, args) => {
      const { values, positionals } = parseOwnArgs(args, {
        ...STACK_OPTIONS,
        format: { type: 'string' },
        write: { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
      });
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
      const { values, positionals } = parseOwnArgs(args, {
        all: { type: 'boolean', short: 'a' },
        format: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      });
      if (positionals.length > 0) throw new UsageError('ls takes no names');
      return lsCommand(io, values);
    },
  },
};
