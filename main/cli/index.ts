#!/usr/bin/env -S node --
// The headless command line. Plain Node: it must never import electron. The "--" in the first line
// keeps every argument for Stackpilot: Node 20 would otherwise take `--env-file` after the script as its own.
import { homedir } from 'node:os';
import { systemClock } from '../orchestrator/clock';
import { splitGlobalOptions } from './global-options';
import type { AnsiMode } from './global-options';
import type { CliIO } from './io';

// `stackpilot config | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

let interrupts = 0;
const handlers = new Set<() => void>();
const proxies = new Set<(signal: NodeJS.Signals) => void>();
const PROXIED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
process.on('SIGINT', () => {
  // Passed on to a container (attach): each Ctrl-C is its to act on, not this process's.
  if (proxies.size > 0) return;
  interrupts++;
  // A second Ctrl-C, or one with nothing to stop cleanly, exits at once.
  if (interrupts > 1 || handlers.size === 0) process.exit(130);
  for (const h of handlers) h();
});

/**
 * Only what the command needs is loaded: `--version` and `config` (which scripts call often, and which
 * must start as fast as docker compose's) skip the engine, the runtime and the other commands.
 */
async function runCli(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === 'version')) {
    const { VERSION } = await import('../version');
    io.stdout(`stackpilot ${VERSION}\n`);
    return 0;
  }
  // Project options may come before the command, as compose takes them (-f dev.yml config).
  const global = globalOptions(argv);
  if (global?.rest[0] === 'config' && !global.context)
    return (await import('./config-only')).runConfig([...global.project, ...global.rest.slice(1)], io);
  return (await import('./run')).runCli(argv, io);
}

function globalOptions(argv: string[]): ReturnType<typeof splitGlobalOptions> | undefined {
  try {
    return splitGlobalOptions(argv);
  } catch {
    return undefined; // run.ts says what is wrong
  }
}

/**
 * Each stream's own colour: --ansi, else NO_COLOR and whether that stream is a terminal (so
 * `2>err.log` gets no escape codes while the terminal keeps its colours).
 */
const ansi: AnsiMode = globalOptions(process.argv.slice(2))?.ansi ?? 'auto';
const coloured = (stream: NodeJS.WriteStream): boolean =>
  ansi === 'always' || (ansi === 'auto' && Boolean(stream.isTTY) && !process.env.NO_COLOR);
// eslint-disable-next-line no-control-regex -- the escape character is what is being removed
const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(coloured(process.stdout) ? t : plain(t)),
  stderr: (t) => process.stderr.write(coloured(process.stderr) ? t : plain(t)),
  env: process.env,
  cwd: process.cwd(),
  homeDir: homedir(),
  color: coloured(process.stdout) || coloured(process.stderr),
  // The same engine access as the window's (loaded on first use: commands that only read files,
  // config and plan, start without it). `--context` arrives as the environment docker would see.
  connectEngine: async (env = process.env) =>
    (await import('../docker/engine-access')).engineAccess(env, homedir()).connect(),
  onInterrupt: (handler) => {
    handlers.add(handler);
    return () => handlers.delete(handler);
  },
  proxySignals: (handler) => {
    proxies.add(handler);
    const listeners = PROXIED.map((signal) => [signal, () => handler(signal)] as const);
    for (const [signal, listener] of listeners) process.on(signal, listener);
    return () => {
      proxies.delete(handler);
      for (const [signal, listener] of listeners) process.off(signal, listener);
    };
  },
  clock: systemClock,
  streams: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  ...(process.stdin.isTTY
    ? {
        confirm: async (question: string) => {
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await rl.question(question)).trim());
          } finally {
            rl.close();
          }
        },
      }
    : {}),
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    process.stderr.write(
      `stackpilot: internal error: ${(err as Error).stack ?? String(err)}\nPlease report this with the command you ran.\n`,
    );
    process.exitCode = 1;
  });
