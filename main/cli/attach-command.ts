import { Label } from '../orchestrator/runtime/labels';
import { withOrchestrator } from './engine-session';
import { DEFAULT_DETACH_KEYS, DetachFilter, detachKeyBytes } from './detach-keys';
import { attachedTerminal } from './inside-commands';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';

export const ATTACH_HELP = `Usage: stackpilot attach [OPTIONS] SERVICE

Wire your terminal's input and output to a service's running container (as docker compose attach):
its output as it comes, your typing to its stdin when it keeps one open (stdin_open). Ends when the
container stops, with its exit code; or at the detach keys, leaving it running (exit 1, as docker).

Options: the stack options, and
      --index N             the replica (default 1)
      --detach-keys KEYS    the keys that detach, with a terminal (default ctrl-p,ctrl-q)
      --no-stdin            do not send your input
      --sig-proxy BOOL      pass the signals this process gets (Ctrl-C…) to the container when it
                            has no terminal (default true; --sig-proxy=false)
`;

export type AttachArgs = StackArgs & {
  index?: string;
  'detach-keys'?: string;
  'no-stdin'?: boolean;
  'no-sig-proxy'?: boolean;
};

/** docker writes `--sig-proxy=false`: read as --no-sig-proxy, and `=true` as the flag alone. */
export function normaliseSigProxyFlag(args: readonly string[]): string[] {
  return args.map((a) => {
    const m = /^--sig-proxy=(.*)$/.exec(a);
    if (!m) return a;
    if (m[1] === 'false' || m[1] === '0') return '--no-sig-proxy';
    if (m[1] === 'true' || m[1] === '1') return '--sig-proxy';
    throw new UsageError(`--sig-proxy takes true or false, not "${m[1] ?? ''}"`);
  });
}

export function attachCommand(io: CliIO, values: AttachArgs, args: string[]): Promise<number> {
  const [service, ...extra] = args;
  if (!service || extra.length > 0) throw new UsageError('attach needs one service: stackpilot attach web');
  const index = Number(values.index ?? '1');
  if (!Number.isInteger(index) || index < 1) throw new UsageError('--index must be a replica number (1, 2, …)');
  const keys = values['detach-keys'] ?? DEFAULT_DETACH_KEYS;
  const keyBytes = detachKeyBytes(keys);
  const proxy = !values['no-sig-proxy'];
  return withOrchestrator(io, values, [service], async (runner) => {
    // The service's own containers before its one-offs, as compose picks.
    const containers = (await runner.containersOf([service])).sort(
      (a, b) => Number(a.labels[Label.oneoff] === 'True') - Number(b.labels[Label.oneoff] === 'True'),
    );
    const found = containers.find((c) => Number(c.labels[Label.containerNumber] ?? '1') === index);
    const details = found?.state === 'running' ? await runner.inside.containerDetails(found.id) : undefined;
    if (!found || !details || details.state !== 'running') {
      io.stderr(
        `stackpilot: service "${service}" is not running${index > 1 ? ` container #${index}` : ''}: start it with stackpilot up ${service}\n`,
      );
      return ExitCode.failure;
    }
    const sendInput = !values['no-stdin'] && details.openStdin;
    if (details.tty && !values['no-stdin'] && !io.streams?.stdin.isTTY) {
      io.stderr(
        `stackpilot: the input device is not a TTY: ${found.name} has a terminal; attach from one, or pass --no-stdin\n`,
      );
      return ExitCode.failure;
    }
    const detach = new AbortController();
    const offs: (() => void)[] = [];
    // Without a terminal the container gets this process's signals, as docker attach passes them.
    if (proxy && !details.tty) {
      const forward = (signal: string): void =>
        void runner.inside.killContainer(found.id, signal).catch(() => undefined);
      offs.push(io.proxySignals ? io.proxySignals(forward) : io.onInterrupt(() => forward('SIGINT')));
    }
    try {
      const code = await attachedTerminal(io, details.tty && sendInput, async (streams) => {
        // The detach keys are read here, as the docker CLI reads them: only from a terminal.
        const filter = details.tty ? new DetachFilter(keyBytes, () => detach.abort()) : undefined;
        const stdin = sendInput && streams.stdin ? (filter ? streams.stdin.pipe(filter) : streams.stdin) : undefined;
        try {
          const exit = await runner.inside.attachContainer(
            found.id,
            { stdout: streams.stdout, stderr: streams.stderr, ...(stdin ? { stdin } : {}) },
            { tty: details.tty, detachKeys: keys, detach: detach.signal },
          );
          return exit ?? ExitCode.failure;
        } finally {
          if (filter) streams.stdin?.unpipe(filter);
        }
      });
      if (detach.signal.aborted) {
        io.stderr('read escape sequence\n');
        return ExitCode.failure;
      }
      return code;
    } finally {
      for (const off of offs) off();
    }
  });
}
