import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { Clock } from '../../main/orchestrator/clock';
import type { ContainerDriver } from '../../main/orchestrator/driver';
import type { FakeClock } from './fake-clock';
import type { FakeDriver } from './fake-driver';
import { runCli } from '../../main/cli/run';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let configDir: string | undefined;
function testConfigDir(): string {
  configDir ??= mkdtempSync(join(tmpdir(), 'stackpilot-cli-config-'));
  return configDir;
}

/** Ctrl-C, pressed by the test: the handlers the command registered run, as on a real SIGINT. */
export class Interrupts {
  private readonly handlers = new Set<() => void>();
  private readonly proxies = new Set<(signal: NodeJS.Signals) => void>();
  register = (handler: () => void): (() => void) => {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  };
  /** As the process does while a command passes signals on (attach): they go to it alone. */
  proxy = (handler: (signal: NodeJS.Signals) => void): (() => void) => {
    this.proxies.add(handler);
    return () => this.proxies.delete(handler);
  };
  press(): void {
    this.send('SIGINT');
  }
  send(signal: NodeJS.Signals): void {
    if (this.proxies.size > 0) for (const p of [...this.proxies]) p(signal);
    else if (signal === 'SIGINT') for (const h of [...this.handlers]) h();
  }
}

/** Runs the CLI with its output captured; `drive` carries the run to its end (a fake clock's run). */
export async function capturedCli(
  argv: string[],
  opts: {
    cwd: string;
    clock: Clock;
    connectEngine: () => Promise<ContainerDriver>;
    interrupts?: Interrupts;
    confirm?: (question: string) => Promise<boolean>;
    env?: Record<string, string>;
    /** What the command reads on its stdin (exec), then end of file; a stream the test writes to; unset: it stays open. */
    stdin?: string | Readable;
    /** The command's stdin is a terminal (as a person's is): raw mode is asked of it, and nothing more. */
    stdinIsTTY?: boolean;
    /** Output to a terminal that shows colour (default: not). */
    color?: boolean;
    /** Told each piece of the command's standard output as it is written (to wait on what it shows). */
    onStdout?: (text: string) => void;
  },
  drive: (p: Promise<number>) => Promise<number> = (p) => p,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await drive(
    runCli(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      // Run history goes to a folder of this test process's, never the machine's own.
      env: { STACKPILOT_CONFIG_DIR: testConfigDir(), ...opts.env },
      cwd: opts.cwd,
      homeDir: '/home/dev',
      color: opts.color ?? false,
      connectEngine: opts.connectEngine,
      onInterrupt: opts.interrupts?.register ?? (() => () => undefined),
      ...(opts.interrupts ? { proxySignals: opts.interrupts.proxy } : {}),
      clock: opts.clock,
      ...(opts.confirm ? { confirm: opts.confirm } : {}),
      streams: {
        // No input given: a stdin that stays open, as a terminal's does.
        stdin: Object.assign(
          opts.stdin === undefined
            ? new Readable({ read: () => undefined })
            : typeof opts.stdin === 'string'
              ? Readable.from([Buffer.from(opts.stdin)])
              : opts.stdin,
          opts.stdinIsTTY ? { isTTY: true, setRawMode: () => undefined } : {},
        ),
        stdout: new Writable({
          write: (chunk: Buffer, _enc, done) => (
            (stdout += chunk.toString()),
            opts.onStdout?.(chunk.toString()),
            done()
          ),
        }),
        stderr: new Writable({ write: (chunk: Buffer, _enc, done) => ((stderr += chunk.toString()), done()) }),
      },
    }),
  );
  return { code, stdout, stderr };
}

/** The CLI on the fake engine and clock, with the runner's waits run to the end. */
export function fakeCli(driver: FakeDriver, clock: FakeClock, cwd: string, ...argv: string[]): Promise<CliRun> {
  return capturedCli(argv, { cwd, clock, connectEngine: () => Promise.resolve(driver) }, (p) => clock.run(p));
}
