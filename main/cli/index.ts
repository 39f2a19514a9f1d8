#!/usr/bin/env node
// The headless command line. Plain Node: it must never import electron.
import { homedir } from 'node:os';
import { runCli } from './run';

// `stackpilot config | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const exitCode = (() => {
  try {
    return runCli(process.argv.slice(2), {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      env: process.env,
      cwd: process.cwd(),
      homeDir: homedir(),
      color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    });
  } catch (err) {
    process.stderr.write(`stackpilot: internal error: ${(err as Error).stack ?? String(err)}\nPlease report this with the command you ran.\n`);
    return 1;
  }
})();
process.exitCode = exitCode;
