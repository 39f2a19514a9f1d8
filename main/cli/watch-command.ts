import { runnerWatchPort } from '../orchestrator/watch/runner-port';
import { WatchRefused, compileRules, readTextIfAny } from '../orchestrator/watch/watch-rules';
import { WatchSession } from '../orchestrator/watch/watch-session';
import { withOrchestrator } from './engine-session';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import type { StackArgs } from './stack-options';

export const WATCH_HELP = `Usage: stackpilot watch [OPTIONS] [SERVICE...]

Bring the stack up, then follow the develop.watch rules of the services (all when none is named)
until Ctrl-C, as docker compose watch: a change under a rule's path is synced into the running
containers (sync), makes the image anew and recreates the service (rebuild), restarts it (restart),
or syncs and then restarts it or runs a command in it (sync+restart, sync+exec). Each action is
printed, and kept in the service's timeline.

Options: the stack options, and
      --no-up    watch without bringing the stack up first
      --quiet    print only what failed

Exit codes: 130 after Ctrl-C (the stack keeps running: stackpilot down stops it), 1 the stack did not
come up, 2 invalid input (no rules, a rebuild without a build section, a sync without a target).
`;

export function watchCommand(
  io: CliIO,
  values: StackArgs & { 'no-up'?: boolean; quiet?: boolean },
  services: string[],
): Promise<number> {
  return withOrchestrator(io, values, services, async (runner, stack) => {
    let rules;
    try {
      rules = compileRules(stack, services, readTextIfAny);
    } catch (err) {
      if (!(err instanceof WatchRefused)) throw err;
      io.stderr(`stackpilot watch: ${err.message}\n  ${err.hint}\n`);
      return ExitCode.invalidInput;
    }
    const stop = new AbortController();
    const off = io.onInterrupt(() => stop.abort());
    try {
      const watched = [...new Set(rules.map((r) => r.service))];
      if (!values['no-up']) {
        io.stdout(`bringing up ${watched.join(', ')}…\n`);
        const up = await runner.up(watched, stop.signal);
        if (up.aborted) return 130;
        if (!up.ok) {
          for (const p of up.problems) io.stderr(`${p.service}: ${p.status} (${p.reason})\n`);
          return ExitCode.failure;
        }
      }
      const session = new WatchSession(
        rules,
        runnerWatchPort(runner, stop.signal),
        (e) => {
          if (e.service) runner.noteWatch(e.service, e.text);
          if (e.failed) io.stderr(`${paint(io, 31, 'watch')}  ${e.service ?? ''}${e.service ? ': ' : ''}${e.text}\n`);
          else if (!values.quiet)
            io.stdout(`${paint(io, 36, 'watch')}  ${e.service ?? ''}${e.service ? ': ' : ''}${e.text}\n`);
        },
        io.clock,
      );
      await session.start();
      if (!values.quiet) io.stdout(`watching ${session.paths().join(', ')} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) =>
        stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      session.stop();
      await session.settled();
      if (!values.quiet) io.stdout('watch stopped; the stack keeps running (stackpilot down stops it)\n');
      return 130;
    } finally {
      off();
    }
  });
}
