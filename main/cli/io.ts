import type { Clock } from '../orchestrator/clock';
import type { ContainerDriver } from '../orchestrator/driver';

/** What a CLI command may touch of the outside world: injected so commands are tested in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homeDir: string;
  /** Colour only when writing to a terminal and NO_COLOR is not set. */
  color: boolean;
  /** The container engine, connected on first use (commands that only read files never touch it); `env` picks another (--context). */
  connectEngine: (env?: Readonly<Record<string, string | undefined>>) => Promise<ContainerDriver>;
  /** Ctrl-C: the handler runs instead of the default exit; returns a function that removes it. */
  onInterrupt: (handler: () => void) => () => void;
  /**
   * The signals this process gets (Ctrl-C, kill, hang-up…) given to the handler instead of acted on,
   * for as long as it is registered (attach's --sig-proxy); returns a function that removes it.
   */
  proxySignals?: (handler: (signal: NodeJS.Signals) => void) => () => void;
  clock: Clock;
  /** The process's own streams, for commands wired to a container (exec). */
  streams?: {
    stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
    stdout: NodeJS.WritableStream;
    stderr: NodeJS.WritableStream;
  };
  /** Asks a yes/no question on the terminal; absent when there is none to ask on (then: no). */
  confirm?: (question: string) => Promise<boolean>;
}

export const ExitCode = { ok: 0, failure: 1, invalidInput: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function paint(io: CliIO, code: number, text: string): string {
  return io.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}
