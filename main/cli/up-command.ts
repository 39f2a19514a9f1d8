import type { Stack } from '../engine/compose/model';
import { criticalPath } from '../engine/runtime/critical-path';
import type { ServiceSnapshot } from '../engine/runtime/service-state';
import type { StackRunner } from '../engine/runtime/stack-runner';
import { openRunner, withEngineErrors } from './engine-session';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { STATUS_COLOR } from './service-colors';
import { checkServiceNames, loadFromArgs, parseScale } from './stack-options';
import type { StackArgs } from './stack-options';

export const UP_HELP = `Usage: stackpilot up [OPTIONS] [SERVICE...]

Start the stack (or the named services and what they need) in dependency order, each gated on real
readiness, and wait until everything is ready. Prints one line per state change with its reason.

Options: the stack options of \`stackpilot config\` (-f, --project-directory, -p, --profile), and
      --scale SERVICE=N     run N containers of SERVICE (overrides scale / deploy.replicas; repeatable)
      --no-fast-readiness   wait for Docker's own health checks only (see README: Fast readiness);
                            STACKPILOT_FAST_READINESS=0 does the same

Exit codes: 0 all ready, 1 something failed (a summary says what and why), 2 invalid input,
130 interrupted (Ctrl-C: stops waiting and says what is left running).
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
    io.stdout(`${paint(io, 90, elapsed)}  ${s.name.padEnd(width)}  ${paint(io, STATUS_COLOR[s.status], s.status.padEnd(9))}  ${s.reason}\n`);
  };
}

export function printProblems(io: CliIO, runner: StackRunner, problems: { service: string; status: string; reason: string }[]): void {
  io.stderr(`\n${paint(io, 31, `${problems.length} service${problems.length === 1 ? '' : 's'} did not come up:`)}\n`);
  for (const p of problems) {
    io.stderr(`  ${p.service}: ${p.status}: ${p.reason}\n`);
    const lines = runner.get(p.service)?.lastLines.slice(-8) ?? [];
    if (lines.length > 0) io.stderr(`${lines.map((l) => `    │ ${l}`).join('\n')}\n`);
  }
}

function links(stack: Stack, names: readonly string[]): string[] {
  return names.flatMap((n) => {
    const s = stack.services[n];
    if (!s) return [];
    if (s.stackpilot.open) return [`${n}: ${s.stackpilot.open}`];
    return s.ports.filter((p) => p.published && !p.published.includes('-')).map((p) => `${n}: localhost:${p.published}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`);
  });
}

export async function upCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const stack = loadFromArgs(io, values, services);
  if (!stack) return ExitCode.invalidInput;
  checkServiceNames(stack, services);
  const scale = parseScale(stack, values.scale);
  const fastOff = values['no-fast-readiness'] === true || io.env.STACKPILOT_FAST_READINESS === '0';
  const runner = await openRunner(io, stack, { fastReadiness: !fastOff });
  if (!runner) return ExitCode.failure;
  const engine = runner.engineInfo();
  io.stdout(paint(io, 90, `Docker ${engine.version} (API ${engine.apiVersion}) at ${engine.endpoint}, found by ${engine.reason}\n`));
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
  const offInterrupt = io.onInterrupt(() => controller.abort());
  try {
    return await withEngineErrors(io, async () => {
      const result = await runner.up(services, controller.signal, scale);
      const took = ((io.clock.now() - t0) / 1000).toFixed(1);
      const running = runner.snapshot().filter((s) => s.status === 'ready' || s.status === 'starting' || s.status === 'unhealthy');
      if (result.aborted) {
        io.stderr(`\nStopped waiting (interrupted) after ${took} s.`);
        io.stderr(running.length > 0 ? ` Still running: ${running.map((s) => s.name).join(', ')}. Stop them with: stackpilot down\n` : ' Nothing is running.\n');
        return 130;
      }
      for (const w of result.warnings) io.stderr(`${paint(io, 33, 'warning:')} ${w.message}\n`);
      if (!result.ok) {
        printProblems(io, runner, result.problems);
        return ExitCode.failure;
      }
      const settled = runner.snapshot().filter((s) => s.status === 'ready' || s.status === 'completed');
      io.stdout(`\n${paint(io, 32, `All ${settled.length} services are up in ${took} s.`)}\n`);
      const path = criticalPath(stack, runner.snapshot());
      if (path && path.steps.length > 1) {
        io.stdout(`Critical path ${(path.ms / 1000).toFixed(1)} s: ${path.steps.map((s) => `${s.service} ${(s.ms / 1000).toFixed(1)} s`).join(' → ')}\n`);
      }
      const open = links(
        stack,
        settled.map((s) => s.name),
      );
      if (open.length > 0) io.stdout(`Open:\n${open.map((l) => `  ${l}`).join('\n')}\n`);
      return ExitCode.ok;
    });
  } finally {
    offInterrupt();
    unsubscribe();
    offEngine();
    runner.close();
  }
}
