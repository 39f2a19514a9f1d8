import { Writable } from 'node:stream';
import type { AttachedIO } from '../orchestrator/driver';
import { Label } from '../orchestrator/runtime/labels';
import { withOrchestrator } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import { readLeadingOptions, withProjectValues } from './command-args';
import type { SharedRunOptions } from './command-args';
import type { StackArgs } from './stack-options';

/** exec, top, port and events: what runs inside a stack's containers, as compose shows it. */

export const EXEC_HELP = `Usage: stackpilot exec [OPTIONS] SERVICE COMMAND [ARG...]

Run a command in a running container of SERVICE, with a terminal when yours is one (as compose
exec). The exit code is the command's.

Options (before SERVICE): the stack options, and
  -T, --no-TTY          no terminal: stdout and stderr kept apart (for scripts and pipes)
  -u, --user USER       run as this user
  -w, --workdir DIR     in this folder
  -e, --env KEY=VALUE   set a variable (repeatable)
      --privileged      with extended privileges
      --index N         which replica (default 1)
  -d, --detach          start it in the background and return (its output goes nowhere)
`;

export const TOP_HELP = `Usage: stackpilot top [OPTIONS] [SERVICE...]

Show the processes running in each container of the services (default: all).
`;

export const PORT_HELP = `Usage: stackpilot port [OPTIONS] SERVICE PRIVATE_PORT

Print the host address a container port is published on.

Options: the stack options, and --protocol tcp|udp (default tcp), --index N (which replica).
`;

export const EVENTS_HELP = `Usage: stackpilot events [OPTIONS] [SERVICE...]

Stream the containers' events (create, start, die, health…) as they happen, until Ctrl-C.

Options: the stack options, and --json (one JSON object a line).
`;

/** Where a detached exec's output would go, were any wired. */
const nowhere = (): Writable => new Writable({ write: (_chunk, _enc, done) => done() });

/**
 * Runs `work` wired to this process's streams: a terminal (raw, as `docker exec -it`) when asked or
 * when stdin is one, as compose does; put back as it was afterwards.
 */
export async function attachedTerminal(
  io: CliIO,
  wanted: boolean | undefined,
  work: (streams: AttachedIO, tty: boolean) => Promise<number>,
): Promise<number> {
  const streams = io.streams;
  if (!streams) throw new Error('this command needs the process streams');
  const tty = wanted ?? Boolean(streams.stdin.isTTY);
  if (tty && streams.stdin.setRawMode) streams.stdin.setRawMode(true);
  try {
    return await work({ stdin: streams.stdin, stdout: streams.stdout, stderr: streams.stderr }, tty);
  } finally {
    if (tty && streams.stdin.setRawMode) streams.stdin.setRawMode(false);
    streams.stdin.pause();
  }
}

/** exec's own options come before SERVICE; what follows it is the command, flags and all. */
export function parseExecArgs(
  args: readonly string[],
): SharedRunOptions & { service: string; command: string[]; index: number; privileged: boolean; detach: boolean } {
  let index = 1;
  let privileged = false;
  let detach = false;
  const { shared, service, rest } = readLeadingOptions('exec', args, (flag, value) => {
    if (flag === '--privileged') privileged = true;
    else if (flag === '--index') index = Number(value());
    else if (flag === '-d' || flag === '--detach') detach = true;
    else return false;
    return true;
  });
  if (!service || rest.length === 0) throw new UsageError('exec needs a service and a command: stackpilot exec api sh');
  if (!Number.isInteger(index) || index < 1) throw new UsageError('--index must be a replica number (1, 2, …)');
  return { ...shared, service, command: rest, index, privileged, detach };
}

export function execCommand(io: CliIO, values: StackArgs, e: ReturnType<typeof parseExecArgs>): Promise<number> {
  return withOrchestrator(
    io,
    values,
    [e.service],
    async (runner, stack) => {
      await runner.refresh();
      const unit = runner.replica(e.service, e.index);
      const running = unit?.status === 'ready' || unit?.status === 'starting' || unit?.status === 'unhealthy';
      if (!unit?.containerId || !running) {
        io.stderr(
          `stackpilot: service "${e.service}" is not running${stack.services[e.service] ? '' : ' (no such service)'}: start it with stackpilot up ${e.service}\n`,
        );
        return ExitCode.failure;
      }
      const as = {
        env: withProjectValues(e.env, io.env, stack),
        ...(e.user ? { user: e.user } : {}),
        ...(e.workdir ? { workingDir: e.workdir } : {}),
        ...(e.privileged ? { privileged: true } : {}),
      };
      // -d: started in the background, nothing wired, as compose's exec -d.
      if (e.detach)
        return runner.inside.execAttached(
          unit.containerId,
          e.command,
          { stdout: nowhere(), stderr: nowhere() },
          { ...as, detach: true },
        );
      return attachedTerminal(io, e.tty, (io2, tty) =>
        runner.inside.execAttached(unit.containerId ?? '', e.command, io2, { ...as, tty }),
      );
    },
    { fromEngine: true },
  );
}

export function topCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  return withOrchestrator(
    io,
    values,
    services,
    async (runner) => {
      for (const c of await runner.containersOf(services)) {
        if (c.state !== 'running') continue;
        const { titles, processes } = await runner.inside.top(c.id);
        const widths = titles.map((t, i) => Math.max(t.length, ...processes.map((p) => (p[i] ?? '').length)));
        io.stdout(
          `${c.name}\n${[titles, ...processes].map((row) => row.map((v, i) => (i === row.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ')).join('\n')}\n\n`,
        );
      }
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}

export function portCommand(
  io: CliIO,
  values: StackArgs & { protocol?: string; index?: string },
  args: string[],
): Promise<number> {
  const [service, privatePort] = args;
  if (!service || !privatePort || args.length > 2)
    throw new UsageError('port needs a service and its container port: stackpilot port api 8000');
  const protocol = values.protocol ?? 'tcp';
  const index = Number(values.index ?? '1');
  return withOrchestrator(
    io,
    values,
    [service],
    async (runner) => {
      const c = (await runner.containersOf([service])).find(
        (x) => Number(x.labels[Label.containerNumber] ?? '1') === index,
      );
      const bound = c?.ports?.[`${privatePort}/${protocol}`]?.[0];
      if (!c || !bound) {
        io.stderr(
          `stackpilot: no port ${privatePort}/${protocol} published for ${c?.name ?? `${service} (no container)`}\n`,
        );
        return ExitCode.failure;
      }
      io.stdout(`${bound.hostIp || '0.0.0.0'}:${bound.hostPort}\n`);
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}

export function eventsCommand(io: CliIO, values: StackArgs & { json?: boolean }, services: string[]): Promise<number> {
  return withOrchestrator(
    io,
    values,
    services,
    async (runner) => {
      const wanted = new Set(services);
      await new Promise<void>((resolve) => {
        const off = runner.onEngineEvent((e) => {
          const service = e.labels[Label.service] ?? '';
          if (wanted.size > 0 && !wanted.has(service)) return;
          const name = e.labels[Label.containerNumber]
            ? `${runner.stack.name}-${service}-${e.labels[Label.containerNumber]}`
            : service;
          const attributes = {
            service,
            name,
            ...(e.exitCode !== undefined ? { exitCode: String(e.exitCode) } : {}),
            ...(e.health ? { health: e.health } : {}),
          };
          io.stdout(
            values.json
              ? `${JSON.stringify({ time: new Date(e.time).toISOString(), type: 'container', action: e.action, id: e.containerId, service, attributes })}\n`
              : `${new Date(e.time).toISOString()} container ${e.action} ${e.containerId} (${Object.entries(attributes)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')})\n`,
          );
        });
        const offInterrupt = io.onInterrupt(() => {
          off();
          offInterrupt();
          resolve();
        });
      });
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}
