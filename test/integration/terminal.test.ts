import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { TerminalSessions } from '../../main/session/terminal-sessions';
import type { TerminalTarget } from '../../main/session/terminal-sessions';
import { DockerEngine } from '../../main/docker/engine-client';
import { TEST_IMAGE } from '../support/engine-stack';
import { ENGINE_WAIT_MS } from '../support/wait-until';

/**
 * The window's terminal on the real engine: an exec with a TTY whose keystrokes reach the shell,
 * whose size is the window's, and which ends when the window closes it.
 */
const engine = inject('engine');
let name = '';

afterEach(() => {
  if (name) execFileSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
  name = '';
});

const target = (docker: DockerEngine, id: string): TerminalTarget => ({
  id,
  name,
  exec: (command, io, as) => docker.execAttached(id, command, io, as),
  run: (command) => docker.exec(id, command, 10_000),
});

async function until<T>(
  read: () => T | Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  ms = ENGINE_WAIT_MS,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A container to open terminals in, and the sessions' output and exit codes as they come. */
async function boxWithTerminals(): Promise<{
  id: string;
  docker: DockerEngine;
  terms: TerminalSessions;
  output: () => string;
  exits: number[];
}> {
  name = `sp-term-${randomBytes(3).toString('hex')}`;
  const id = execFileSync('docker', ['run', '-d', '--init', '--name', name, TEST_IMAGE, 'sleep', '600'], {
    encoding: 'utf8',
  }).trim();
  const docker = await DockerEngine.connect(process.env, '/root');
  let output = '';
  const exits: number[] = [];
  const terms = new TerminalSessions({
    output: (_id, data) => (output += data),
    exit: (_id, exitCode) => exits.push(exitCode),
  });
  return { id, docker, terms, output: () => output, exits };
}

describe.skipIf(!engine.available)('terminals in a container (real engine)', () => {
  it('runs a shell over a TTY: typed commands run inside, the size is passed, and closing ends it', async () => {
    const { id, docker, terms, output, exits } = await boxWithTerminals();
    const before = execFileSync('docker', ['top', name, '-o', 'pid,args'], { encoding: 'utf8' });
    expect(before).not.toMatch(/^\d+\s+\/bin\/(ba)?sh\s*$/m);
    const view = terms.open({ service: 'box', cols: 91, rows: 27 }, target(docker, id));
    expect(view.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    await until(output, (o) => o.includes('# '), 'the prompt');
    expect(execFileSync('docker', ['top', name, '-o', 'pid,args'], { encoding: 'utf8' })).toMatch(
      /^\d+\s+\/bin\/(ba)?sh\s*$/m,
    );
    expect(output()).not.toContain('7770');
    terms.input(view.id, 'stty size; echo made-by-$((6*7)) > /tmp/typed; echo typed-done\r');
    await until(output, (o) => o.includes('typed-done\r\n'), 'the typed command');
    expect(output()).toContain('27 91');
    expect(execFileSync('docker', ['exec', name, 'cat', '/tmp/typed'], { encoding: 'utf8' })).toBe('made-by-42\n');
    // The engine applies a resize on its own time (as a real terminal's SIGWINCH): asked until seen.
    terms.resize(view.id, 120, 40);
    await until(
      () => (terms.input(view.id, 'stty size\r'), output()),
      (o) => o.includes('40 120'),
      'the new size',
    );
    // Closing: the shell ends, and nothing of it is left running in the container.
    expect(terms.close(view.id)).toBe(true);
    await until(
      () => exits,
      (e) => e.length === 1,
      'the exec to end',
    );
    const processes = execFileSync('docker', ['top', name, '-o', 'pid,args'], { encoding: 'utf8' });
    expect(processes).not.toMatch(/^\d+\s+\/bin\/(ba)?sh\s*$/m);
    expect(() => terms.input(view.id, 'x')).toThrow(/no terminal/);
  }, 60_000);

  it('runs a command typed instead of a shell, and reports its exit code', async () => {
    const { id, docker, terms, output, exits } = await boxWithTerminals();
    terms.open({ service: 'box', cols: 80, rows: 24, command: 'echo one-shot; exit 3' }, target(docker, id));
    await until(
      () => exits,
      (e) => e.length === 1,
      'the command to end',
    );
    expect(exits).toEqual([3]);
    expect(output()).toContain('one-shot');
  }, 60_000);
});
