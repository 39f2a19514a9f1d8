import { printSlower, recordRun } from './history-command';
import type { SlowerThanUsual } from '../orchestrator/history/slower-than-usual';
import { mergedResults } from '../orchestrator/runtime/up-result';
import type { UpResult } from '../orchestrator/runtime/up-result';
import { imagesToRemove, removeImages } from '../orchestrator/runtime/image-prune';
import { buildGraph, startLevels } from '../orchestrator/graph';
import { withOrchestrator } from './engine-session';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { printProblems, stateLinePrinter } from './up-command';
import { UsageError } from './stack-options';
import { orphanWarning } from './up-flags';
import type { StackArgs } from './stack-options';

export const DOWN_HELP = `Usage: stackpilot down [OPTIONS] [SERVICE...]

Stop the stack in reverse dependency order (dependents first, each with its stop_signal and
stop_grace_period, then killed), remove its containers and networks. Given services: only those and
what depends on them (the networks stay while anything else is on them).

Options: the stack options (-f, --project-directory, -p, --profile), and
  -v, --volumes         also remove the named volumes the stack declares
  -t, --timeout SECONDS grace period for every service instead of its stop_grace_period
      --remove-orphans  also remove containers of services no longer in the compose file (without
                        it they stay, with the networks they are on, as compose leaves them)
      --rmi local|all   also remove images: local, those the stack built; all, its named images too
                        (one a container elsewhere still uses is kept, and said so)
`;

export const STOP_HELP = `Usage: stackpilot stop [OPTIONS] [SERVICE...]

Stop services (default: all) without removing them, dependents before their dependencies.

Options: the stack options, and -t, --timeout SECONDS as for down.
`;

export const RESTART_HELP = `Usage: stackpilot restart [OPTIONS] [SERVICE...]

Restart services (default: every service that has a container, running or
stopped, as docker compose does) and wait until they are ready again;
dependents that declare depends_on.<service>.restart: true are restarted after
them.

Options: the stack options (-f, --project-directory, -p, --profile), and
  -t, --timeout SECONDS grace period for the stop instead of each service's stop_grace_period
      --no-deps         restart only the services named, not the dependents that ask to follow
`;

function timeoutOf(values: StackArgs): number | undefined {
  if (values.timeout === undefined) return undefined;
  const t = Number(values.timeout);
  if (!Number.isInteger(t) || t < 0) throw new UsageError(`--timeout must be whole seconds, not "${values.timeout}"`);
  return t;
}

export function downCommand(io: CliIO, values: StackArgs, services: string[] = []): Promise<number> {
  const timeout = timeoutOf(values);
  const rmi = values.rmi;
  if (rmi !== undefined && rmi !== 'local' && rmi !== 'all')
    throw new UsageError(`--rmi must be local or all, not "${rmi}"`);
  return withOrchestrator(
    io,
    values,
    services,
    async (runner, stack) => {
      const off = runner.onChange(stateLinePrinter(io, Object.keys(stack.services), io.clock.now()));
      try {
        const orphans = values['remove-orphans'] ? [] : await runner.orphans();
        if (orphans.length > 0)
          io.stderr(`${paint(io, 33, 'warning:')} ${orphanWarning(orphans.map((o) => o.name))}\n`);
        const removeOrphans = values['remove-orphans'] ?? false;
        const removed = await runner.down({
          volumes: values.volumes ?? false,
          removeOrphans,
          services,
          ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
        });
        io.stdout(
          removed.length > 0 ? `Removed ${removed.join(', ')}.\n` : `Nothing to remove for project ${stack.name}.\n`,
        );
        if (rmi) {
          const images = await removeImages(runner.inside, await imagesToRemove(runner.inside, stack, rmi));
          if (images.removed.length > 0)
            io.stdout(`Removed image${images.removed.length === 1 ? '' : 's'} ${images.removed.join(', ')}.\n`);
          for (const ref of images.inUse)
            io.stderr(`${paint(io, 33, 'warning:')} image ${ref} is still used by a container: kept\n`);
        }
        return ExitCode.ok;
      } finally {
        off();
      }
    },
    { fromEngine: true },
  );
}

export function stopCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const timeout = timeoutOf(values);
  return withOrchestrator(
    io,
    values,
    services,
    async (runner, stack) => {
      const off = runner.onChange(stateLinePrinter(io, Object.keys(stack.services), io.clock.now()));
      try {
        await runner.stop(services, timeout);
        return ExitCode.ok;
      } finally {
        off();
      }
    },
    { fromEngine: true },
  );
}

export function restartCommand(io: CliIO, values: StackArgs, named: string[]): Promise<number> {
  return withOrchestrator(io, values, named, async (runner, stack) => {
    // No names: every service with a container, in start order.
    if (named.length === 0) await runner.refresh();
    const made = new Set(
      runner
        .snapshot()
        .filter((s) => s.containerId)
        .map((s) => s.name),
    );
    const services =
      named.length > 0
        ? named
        : startLevels(buildGraph(stack.services))
            .flat()
            .filter((s) => made.has(s));
    if (services.length === 0) {
      io.stdout(`Nothing to restart: no service of ${stack.name} has a container (stackpilot up starts them).\n`);
      return ExitCode.ok;
    }
    const timeout = timeoutOf(values);
    const t0 = io.clock.now();
    const off = runner.onChange(stateLinePrinter(io, Object.keys(stack.services), t0));
    const controller = new AbortController();
    const offInterrupt = io.onInterrupt(() => controller.abort());
    const results: UpResult[] = [];
    // Kept in the history as the window's Restart is, however it ends.
    const record = (): SlowerThanUsual[] => recordRun(io, stack, runner, 'restart', named, t0, mergedResults(results));
    try {
      for (const service of services) {
        const result = await runner.restart(service, controller.signal, timeout, values['no-deps'] !== true);
        results.push(result);
        if (result.aborted) {
          record();
          return 130;
        }
        if (!result.ok) {
          record();
          printProblems(io, runner, result.problems);
          return ExitCode.failure;
        }
      }
      const slower = record();
      io.stdout(`${paint(io, 32, `Restarted ${services.join(', ')}.`)}\n`);
      printSlower(io, slower);
      return ExitCode.ok;
    } finally {
      offInterrupt();
      off();
    }
  });
}
