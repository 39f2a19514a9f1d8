import { describe, expect, it } from 'vitest';
import type { AttachedIO } from '../orchestrator/driver';
import { SHELL, TerminalSessions } from './terminal-sessions';
import type { TerminalTarget } from './terminal-sessions';

/** A target whose exec the test drives: it sees the command and the io, and ends when told. */
function fakeTarget() {
  const calls: { command: string[]; io: AttachedIO }[] = [];
  const signals: string[][] = [];
  let finish: (code: number) => void = () => undefined;
  const target: TerminalTarget = {
    id: 'c1',
    name: 't-api-1',
    exec: (command, io) => {
      calls.push({ command, io });
      return new Promise<number>((resolve) => (finish = resolve));
    },
    run: (command) => {
      signals.push(command);
      return Promise.resolve();
    },
  };
  return { target, calls, signals, end: (code: number) => finish(code) };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('terminal sessions', () => {
  it('runs a shell under a wrapper that says its PID, keeps that out of the output, and sends input and size', async () => {
    const events: { event: string; payload: unknown }[] = [];
    const terms = new TerminalSessions({
      output: (id, data) => events.push({ event: 'terminal:output', payload: { id, data } }),
      exit: (id, exitCode) => events.push({ event: 'terminal:exit', payload: { id, exitCode } }),
    });
    const t = fakeTarget();
    const view = terms.open({ service: 'api', cols: 100, rows: 30 }, t.target);
    expect(view).toMatchObject({ service: 'api', container: 't-api-1', command: SHELL });
    const run = t.calls[0];
    expect(run?.command[2]).toMatch(
      /^printf '\\033\]7770;%s\\007' \$\$; exec '\/bin\/sh' '-c' 'if \[ -x \/bin\/bash \]/,
    );
    const out = run?.io.stdout as NodeJS.WriteStream;
    expect([out.isTTY, out.columns, out.rows]).toEqual([true, 100, 30]);
    // The mark may come cut in two, and a character cut in its UTF-8 bytes too.
    out.write(Buffer.from('\u001b]77'));
    out.write(Buffer.from('70;4711\u0007héllo '));
    const euro = Buffer.from('€');
    out.write(euro.subarray(0, 1));
    out.write(euro.subarray(1));
    await tick();
    const text = events.filter((e) => e.event === 'terminal:output').map((e) => (e.payload as { data: string }).data);
    expect(text.join('')).toBe('héllo €');
    let typed = '';
    run?.io.stdin?.on('data', (c: Buffer) => (typed += c.toString()));
    terms.input(view.id, 'ls\r');
    await tick();
    expect(typed).toBe('ls\r');
    let resized = 0;
    out.on('resize', () => resized++);
    terms.resize(view.id, 120, 40);
    expect([resized, out.columns, out.rows]).toEqual([1, 120, 40]);
    // Closing: end of input, and a hangup to the PID it said.
    expect(terms.close(view.id)).toBe(true);
    expect(t.signals).toEqual([['/bin/sh', '-c', 'kill -HUP 4711']]);
    t.end(129);
    await tick();
    expect(events.at(-1)).toEqual({ event: 'terminal:exit', payload: { id: view.id, exitCode: 129 } });
    expect(() => terms.input(view.id, 'x')).toThrow(/no terminal/);
    expect(terms.close(view.id)).toBe(false);
  });

  it('runs a typed command through sh, quoted as one argument', () => {
    const terms = new TerminalSessions({ output: () => undefined, exit: () => undefined });
    const t = fakeTarget();
    const view = terms.open({ service: 'api', cols: 80, rows: 24, command: "echo 'it''s'; exit 3" }, t.target);
    expect(view.command).toEqual(['/bin/sh', '-c', "echo 'it''s'; exit 3"]);
    expect(t.calls[0]?.command[2]).toBe(
      `printf '\\033]7770;%s\\007' $$; exec '/bin/sh' '-c' 'echo '\\''it'\\'''\\''s'\\''; exit 3'`,
    );
  });
});
