import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../support/engine-stack';

/**
 * `stackpilot watch` on the real engine: the develop.watch rules of a built service, each action
 * checked inside the container (files synced in and removed, a command run, the image rebuilt).
 */
const run = promisify(execFile);
const engine = inject('engine');
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
const project = `sp-watch-${randomBytes(3).toString('hex')}`;
let dir = '';
let watch: ChildProcess | undefined;
let stdout = '';
let stderr = '';

const inWeb = (...command: string[]): string => {
  try {
    return execFileSync('docker', ['exec', `${project}-web-1`, ...command], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return '<failed>';
  }
};
const containerId = (): string =>
  execFileSync('docker', ['inspect', '-f', '{{.Id}}', `${project}-web-1`], { encoding: 'utf8' }).trim();

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!engine.available)('stackpilot watch (real engine)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stackpilot-watch-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'hot'));
    writeFileSync(join(dir, 'src', 'initial.txt'), 'from the first sync\n');
    writeFileSync(join(dir, 'version.txt'), 'one\n');
    writeFileSync(
      join(dir, 'Dockerfile'),
      `FROM ${TEST_IMAGE}\nCOPY version.txt /version.txt\nCMD ["sleep", "3600"]\n`,
    );
    writeFileSync(
      join(dir, 'compose.yaml'),
      `services:
  web:
    build: .
    init: true
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app
          initial_sync: true
          ignore: ["*.tmp"]
        - action: sync+exec
          path: ./hot
          target: /srv/hot
          exec:
            command: sh -c "cat /srv/hot/* > /tmp/reloaded"
        - action: rebuild
          path: version.txt
`,
    );
  });

  afterAll(async () => {
    watch?.kill('SIGKILL');
    await run(process.execPath, [CLI, 'down', '-t', '1', '-p', project], { cwd: dir });
    // The image the rebuild made, and the one it replaced (left dangling): gone with the test.
    execFileSync('docker', ['image', 'rm', '-f', `${project}-web`], { stdio: 'ignore' });
    execFileSync('docker', ['image', 'prune', '-f', '--filter', `label=com.docker.compose.project=${project}`], {
      stdio: 'ignore',
    });
    expect(
      execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
        encoding: 'utf8',
      }),
    ).toBe('');
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs in at once and on each change, removes what was deleted, runs sync+exec, rebuilds; Ctrl-C leaves it running', async () => {
    watch = spawn(process.execPath, [CLI, 'watch', '-p', project], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    watch.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    watch.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await until('the watch to start', () => stdout.includes('watching '));
    expect(stdout).toContain('watch  web: initial sync: 1 file copied (1 change)');
    expect(inWeb('cat', '/app/initial.txt')).toBe('from the first sync\n');

    writeFileSync(join(dir, 'src', 'new.txt'), 'typed in the editor\n');
    writeFileSync(join(dir, 'src', 'scratch.tmp'), 'ignored\n');
    await until('new.txt in the container', () => inWeb('cat', '/app/new.txt') === 'typed in the editor\n');
    expect(inWeb('ls', '/app')).not.toContain('scratch.tmp');

    unlinkSync(join(dir, 'src', 'initial.txt'));
    await until('initial.txt removed in the container', () => inWeb('ls', '/app').trim() === 'new.txt');

    writeFileSync(join(dir, 'hot', 'conf'), 'hot=1\n');
    await until('the sync+exec command to run', () => inWeb('cat', '/tmp/reloaded') === 'hot=1\n');
    await until('the sync+exec line', () =>
      stdout.includes('watch  web: ran `sh -c cat /srv/hot/* > /tmp/reloaded` after the sync'),
    );

    const before = containerId();
    writeFileSync(join(dir, 'version.txt'), 'two\n');
    await until('the rebuilt container', () => inWeb('cat', '/version.txt') === 'two\n', 120_000);
    expect(containerId()).not.toBe(before);
    await until('the rebuild line', () => stdout.includes('watch  web: rebuilt and recreated'));
    expect(stderr).toBe('');

    const exited = new Promise<number | null>((resolve) => watch?.on('exit', (code) => resolve(code)));
    watch.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toContain('watch stopped; the stack keeps running');
    expect(inWeb('cat', '/version.txt')).toBe('two\n');
  }, 240_000);

  it('refuses a stack whose services have no rules, saying how to add them (exit 2)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'stackpilot-watch-none-'));
    writeFileSync(join(other, 'compose.yaml'), `services:\n  a:\n    image: ${TEST_IMAGE}\n`);
    const r = await run(process.execPath, [CLI, 'watch', '--no-up', '-p', `${project}-none`], { cwd: other }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    rmSync(other, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'stackpilot watch: none of these services has develop.watch rules\n  add a develop: watch: section to a service',
    );
  });
});
