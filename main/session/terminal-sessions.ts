import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { AttachedIO, ExecOptions } from '../orchestrator/driver';

/** A terminal to open: in which service (and replica), running what (none: a shell), at what size. */
export interface TerminalRequest {
  service: string;
  replica?: number;
  /** A command line to run (through the container's sh); none: a shell, bash when it has one, else sh. */
  command?: string;
  cols: number;
  rows: number;
}

/** An open terminal: its id, where it runs, and what (as the engine was asked to run it). */
export interface Terminal {
  id: string;
  service: string;
  container: string;
  command: string[];
}

/** Where a terminal's output goes, and its end. */
export interface TerminalSink {
  output(id: string, data: string): void;
  exit(id: string, exitCode: number): void;
}

/** Docker Desktop's choice: bash when the image has it, else sh. */
export const SHELL = ['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash; else exec /bin/sh; fi'];

/**
 * The engine has no way to end an exec, and closing its connection leaves the process running
 * (moby/moby#9098). So the command first says its PID in a private OSC sequence (a terminal ignores
 * it; it is taken out of the output here), then execs what was asked under that same PID; closing
 * sends it SIGHUP, as a terminal window that closes does.
 */
// eslint-disable-next-line no-control-regex -- the mark is an escape sequence
const PID_MARK = /\u001b\]7770;(\d+)\u0007/;

function wrapped(command: string[]): string[] {
  const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return ['/bin/sh', '-c', `printf '\\033]7770;%s\\007' $$; exec ${quoted}`];
}

export class UnknownTerminal extends Error {
  override readonly name = 'PayloadError';
  readonly code = 'unknown-terminal';
  readonly hint = 'open the terminal again: this one has ended';
}

/** A TTY the engine's exec writes to and reads the window size from, as from a real terminal. */
class TerminalOutput extends PassThrough {
  readonly isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

interface Session {
  view: Terminal;
  stdin: PassThrough;
  stdout: TerminalOutput;
  pid?: string;
  /** Sends the command's process a signal (an exec of `kill` beside it). */
  signal: (pid: string) => Promise<void>;
}

export interface TerminalTarget {
  id: string;
  name: string;
  /** Runs the command with a TTY wired to `io`; resolves with its exit code. */
  exec: (command: string[], io: AttachedIO, as: ExecOptions & { tty: true }) => Promise<number>;
  /** Runs a short command beside it, for its output only. */
  run: (command: string[]) => Promise<unknown>;
}

/**
 * Terminals in a service's container: each an exec with a TTY, its keystrokes in and its output out
 * to the sink (the window's events). Closing one ends its input: the shell reads end-of-file and exits, as when a
 * terminal window closes.
 */
export class TerminalSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly sink: TerminalSink) {}

  open(req: TerminalRequest, target: TerminalTarget): Terminal {
    const id = randomUUID();
    const command = req.command?.trim() ? ['/bin/sh', '-c', req.command] : SHELL;
    const view: Terminal = { id, service: req.service, container: target.name, command };
    const stdin = new PassThrough();
    const stdout = new TerminalOutput(req.cols, req.rows);
    const session: Session = {
      view,
      stdin,
      stdout,
      signal: (pid) => target.run(['/bin/sh', '-c', `kill -HUP ${pid}`]).then(() => undefined),
    };
    // A character cut between two chunks is joined before it is sent.
    const decoder = new StringDecoder('utf8');
    let head = '';
    stdout.on('data', (chunk: Buffer) => {
      let data = decoder.write(chunk);
      if (session.pid === undefined) {
        // Until the PID has been said, output is held: the mark may come cut in two.
        head += data;
        const mark = PID_MARK.exec(head);
        if (!mark && head.length < 64) return;
        session.pid = mark?.[1] ?? '';
        data = mark ? head.replace(PID_MARK, '') : head;
        head = '';
      }
      if (data) this.sink.output(id, data);
    });
    this.sessions.set(id, session);
    target.exec(wrapped(command), { stdin, stdout, stderr: stdout }, { tty: true }).then(
      (exitCode) => this.finish(id, exitCode),
      (err: unknown) => {
        this.sink.output(id, `\r\n[stackpilot: ${err instanceof Error ? err.message : String(err)}]\r\n`);
        this.finish(id, -1);
      },
    );
    return view;
  }

  private finish(id: string, exitCode: number): void {
    if (!this.sessions.delete(id)) return;
    this.sink.exit(id, exitCode);
  }

  private session(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new UnknownTerminal(`no terminal ${id}`);
    return s;
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  input(id: string, data: string): boolean {
    this.session(id).stdin.write(data);
    return true;
  }

  resize(id: string, cols: number, rows: number): boolean {
    this.session(id).stdout.resize(cols, rows);
    return true;
  }

  close(id: string): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    s.stdin.end();
    if (s.pid) void s.signal(s.pid).catch(() => undefined);
    return true;
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }
}
