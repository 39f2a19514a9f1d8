import { dryRunUp } from './dry-run';
import { engineLabel, portHost } from '../orchestrator/engine-label';
import type { EngineInfo } from '../orchestrator/driver';
import type { Stack } from '../orchestrator/compose/model';
import { criticalPath } from '../orchestrator/runtime/critical-path';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { openRunner, withEngineErrors } from './engine-session';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { STATUS_COLOR } from './service-colors';
import { checkServiceNames, loadFromArgs, parseScale } from './stack-options';
import { Attachment } from './attached-up';
import { composeWords } from './compose-error';
import { printSlower, recordRun } from './history-command';
import { orphanWarning, readUpFlags } from './up-flags';
import type { StackArgs } from './stack-options';

export const UP_HELP = `Usage: stackpilot up [OPTIONS] [SERVICE...]

Start the stack (or the named services and what they need) in dependency order, each gated on real
readiness, and wait until everything is ready (as docker compose up --wait). Prints one line per
state change with its reason.

Options: the stack options of \`stackpilot config\` (-f, --project-directory, -p, --profile), and
  -d, --detach                return once every container has started, without waiting for readiness
      --wait                  return once every service is ready (what up does; with -d too, as compose's -d --wait)
      --attached              stay in the foreground: every service's logs, the stack supervised
                              (retries, the circuit) until Ctrl-C, which stops it dependents first (exit 130)
      --attach SERVICE        attached, with the logs of these services only (repeatable)
      --attach-dependencies   attached, with the logs of the named services' dependencies too
      --no-attach SERVICE     attached, without the logs of this service (repeatable)
      --abort-on-container-exit  attached; stop the stack when any container exits (its exit code)
      --exit-code-from SERVICE   as above, exiting with SERVICE's exit code
      --build                 build the images of services with a build section first
      --no-build              never build: a missing image is an error
      --pull POLICY           always, missing or never, over each service's pull_policy
      --force-recreate        make every container anew, even when its configuration is unchanged
      --no-recreate           keep existing containers, even when their configuration changed
      --no-deps               start only the named services, not what they depend on
      --remove-orphans        remove containers of services no longer in the compose file
      --wait-timeout SECONDS  give up waiting for readiness after this long (exit 1)
      --no-start              make the containers and start none (as stackpilot create)
      --dry-run               change nothing: print what this up would create, recreate, start, pull,
                              build, remove or keep, and why (exit 1 when it would stop on something)
  -w, --watch                 then follow develop.watch until Ctrl-C (as stackpilot watch)
  -t, --timeout SECONDS       the grace a container this up stops gets (one recreated, or all at Ctrl-C when
                              attached) instead of its stop_grace_period
      --scale SERVICE=N       run N containers of SERVICE (overrides scale / deploy.replicas; repeatable)
  -y, --yes                   answer yes to questions: a volume whose definition changed is made anew
                              (its data is lost). Without -y a terminal asks; a script is refused
      --no-fast-readiness     wait for Docker's own health checks only (see README: Fast readiness);
                              STACKPILOT_FAST_READINESS=0 does the same

Each run is kept in the stack's history (stackpilot history); a service that took more than 1.5×
its usual time to be ready (the median of its last runs, at least 5) is named in the summary.

Exit codes: 0 all ready (or started, with -d), 1 something failed (a summary says what and why), 2
invalid input, 130 interrupted (Ctrl-C: stops waiting and says what is left running; attached: stops
the stack first).
`;

/** Prints state changes; repeated reasons of one state are kept to one line every 2 s per service. */
export function stateLinePrinter(io: CliIO, names: readonly string[], t0: number): (s: ServiceSnapshot) => void {
  const width = Math.max(8, ...names.map((n) => n.length));
  const last = new Map<string, { status: string; at: number }>();
  return (s) => {
    const now = io.clock.now();
    const prev = last.get(s.name);
    // A service that has no container and never had one is not news.
    if (!prev && s.status === 'defined') return;
    if (prev && prev.status === s.status && now - prev.at < 2000) return;
    last.set(s.name, { status: s.status, at: now });
    const elapsed = `${((now - t0) / 1000).toFixed(1)}s`.padStart(7);
    io.stdout(
      `${paint(io, 90, elapsed)}  ${s.name.padEnd(width)}  ${paint(io, STATUS_COLOR[s.status], s.status.padEnd(9))}  ${s.reason}\n`,
    );
  };
}

export function printProblems(
  io: CliIO,
  runner: Orchestrator,
  problems: { service: string; status: string; reason: string }[],
): void {
  io.stderr(`\n${paint(io, 31, `${problems.length} service${problems.length === 1 ? '' : 's'} did not come up:`)}\n`);
  for (const p of problems) {
    io.stderr(`  ${p.service}: ${p.status}: ${p.reason}\n`);
    const lines = runner.get(p.service)?.lastLines.slice(-8) ?? [];
    if (lines.length > 0) io.stderr(`${lines.map((l) => `    │ ${l}`).join('\n')}\n`);
  }
}

function links(stack: Stack, names: readonly string[], engine: EngineInfo): string[] {
  // A remote engine publishes on its own host; the window tunnels those ports here, a command that
  // has exited does not.
  const host = portHost(engine);
  const far = engine.remote ? ` (on ${host}, where the engine runs)` : '';
  return names.flatMap((n) => {
    const s = stack.services[n];
    if (!s) return [];
    if (s.stackpilot.open)
      return [`${n}: ${s.stackpilot.open.replace(/\/\/(localhost|127\.0\.0\.1)\b/, `//${host}`)}${far}`];
    return s.ports
      .filter((p) => p.published && !p.published.includes('-'))
      .map((p) => `${n}: ${host}:${p.published}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}${far}`);
  });
}

export async function upCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const stack = loadFromArgs(io, values, services);
  if (!stack) return ExitCode.invalidInput;
  checkServiceNames(stack, services);
  const scale = parseScale(stack, values.scale);
  const { options, mode, waitTimeoutMs } = readUpFlags(stack, values, services, io.confirm);
  const fastOff = values['no-fast-readiness'] === true || io.env.STACKPILOT_FAST_READINESS === '0';
  const runner = await openRunner(io, stack, { fastReadiness: !fastOff, collectLogs: mode.kind === 'attached' });
  if (!runner) return ExitCode.failure;
  if (values['dry-run'])
    return withEngineErrors(io, () =>
      dryRunUp(io, runner, services, scale, options, values['remove-orphans'] === true),
    ).finally(() => runner.close());
  const engine = runner.engineInfo();
  io.stdout(paint(io, 90, `${engineLabel(engine)}\n`));
  const t0 = io.clock.now();
  const unsubscribe = runner.onChange(stateLinePrinter(io, Object.keys(stack.services), t0));
  const offEngine = runner.onEngineStatus((s) =>
    io.stdout(
      s.state === 'connected'
        ? `${paint(io, 32, 'engine is back')}: re-reading the stack's state and carrying on\n`
        : `${paint(io, 31, 'engine unreachable')}: ${s.reason}; reconnecting in ${((s.nextRetryAt - io.clock.now()) / 1000).toFixed(1)} s (try ${s.attempt})\n`,
    ),
  );
  const controller = new AbortController();
  let timedOut = false;
  const timer = new AbortController();
  if (waitTimeoutMs !== undefined) {
    io.clock.sleep(waitTimeoutMs, timer.signal).then(
      () => {
        timedOut = true;
        controller.abort();
      },
      () => undefined,
    );
  }
  const attachment = mode.kind === 'attached' ? new Attachment(io, runner, mode, () => controller.abort()) : undefined;
  const offInterrupt = attachment ? () => undefined : io.onInterrupt(() => controller.abort());
  try {
    return await withEngineErrors(io, async () => {
      await handleOrphans(io, runner, values['remove-orphans'] === true);
      const result = await runner.up(services, controller.signal, scale, options);
      const slower = recordRun(io, stack, runner, 'up', services, t0, result);
      const took = ((io.clock.now() - t0) / 1000).toFixed(1);
      if (attachment?.done) return attachment.untilEnd();
      const running = runner
        .snapshot()
        .filter((s) => s.status === 'ready' || s.status === 'starting' || s.status === 'unhealthy');
      if (result.aborted && timedOut) {
        const waiting = runner
          .snapshot()
          .filter((s) => s.status !== 'ready' && s.status !== 'completed' && s.status !== 'defined');
        io.stderr(
          `\n${paint(io, 31, `Not ready within ${(waitTimeoutMs ?? 0) / 1000} s (--wait-timeout)`)}: ${waiting.map((s) => `${s.name} (${s.status}: ${s.reason})`).join('; ') || 'nothing left starting'}\n`,
        );
        return ExitCode.failure;
      }
      if (result.aborted) {
        io.stderr(`\nStopped waiting (interrupted) after ${took} s.`);
        io.stderr(
          running.length > 0
            ? ` Still running: ${running.map((s) => s.name).join(', ')}. Stop them with: stackpilot down\n`
            : ' Nothing is running.\n',
        );
        return 130;
      }
      for (const w of result.warnings) io.stderr(`${paint(io, 33, 'warning:')} ${w.message}\n`);
      if (!result.ok) {
        printProblems(io, runner, result.problems);
        const said = (): string | undefined =>
          result.problems.map((p) => composeWords((n) => runner.get(n), p.service)).find((w) => w !== undefined);
        // As the up saw it; else as the engine has it now (a dependency that exited meanwhile).
        const words = said() ?? (await runner.refresh().then(said));
        if (words) io.stderr(`${words}\n`);
        return ExitCode.failure;
      }
      if (mode.kind === 'detach') {
        io.stdout(
          `\n${paint(io, 32, `Started ${running.length + runner.snapshot().filter((s) => s.status === 'completed').length} services in ${took} s`)} (not waiting for readiness: -d).\n`,
        );
        return ExitCode.ok;
      }
      const settled = runner.snapshot().filter((s) => s.status === 'ready' || s.status === 'completed');
      io.stdout(`\n${paint(io, 32, `All ${settled.length} services are up in ${took} s.`)}\n`);
      const path = criticalPath(stack, runner.snapshot());
      if (path && path.steps.length > 1) {
        io.stdout(
          `Critical path ${(path.ms / 1000).toFixed(1)} s: ${path.steps.map((s) => `${s.service} ${(s.ms / 1000).toFixed(1)} s`).join(' → ')}\n`,
        );
      }
      printSlower(io, slower);
      const open = links(
        stack,
        settled.map((s) => s.name),
        engine,
      );
      if (open.length > 0) io.stdout(`Open:\n${open.map((l) => `  ${l}`).join('\n')}\n`);
      return attachment ? attachment.untilEnd() : ExitCode.ok;
    });
  } finally {
    timer.abort();
    // -d: the readiness waits still going end here; the containers keep running.
    controller.abort();
    offInterrupt();
    unsubscribe();
    offEngine();
    runner.close();
  }
}

/** Orphans: removed with --remove-orphans, else named in compose's warning. */
export async function handleOrphans(io: CliIO, runner: Orchestrator, remove: boolean): Promise<void> {
  if (remove) {
    const removed = await runner.removeOrphans();
    if (removed.length > 0) io.stdout(`Removed orphan containers: ${removed.join(', ')}\n`);
    return;
  }
  const orphans = await runner.orphans();
  if (orphans.length > 0) io.stderr(`${paint(io, 33, 'warning:')} ${orphanWarning(orphans.map((o) => o.name))}\n`);
}
