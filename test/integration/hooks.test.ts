import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/** post_start and pre_stop hooks on the real engine: when they run, as whom, and what a failing one does. */
const engine = inject('engine');
let current: EngineStack | undefined;
afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) {
    // A test may leave a failing pre_stop in place: take it away so cleanup can stop the container.
    s.write(`services:\n  api:\n    image: ${TEST_IMAGE}\n`);
    s.reload();
    await s.cleanup();
  }
});

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

describe.skipIf(!engine.available)(`lifecycle hooks on the real engine (${engine.reason})`, () => {
  it('post_start runs after the start with its own user, folder and variables, before dependents start', async () => {
    const s = (current = await EngineStack.create(`services:
  api:
    image: ${TEST_IMAGE}
    user: "65534"
    command: ["sleep", "3600"]
    post_start:
      - command: ["sh", "-c", "echo $$GREETING $$(id -u) $$(pwd) > /tmp/hooked"]
        user: "0"
        working_dir: /etc
        environment: { GREETING: hello }
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    depends_on: [api]
`));
    const result = await s.runner.up();
    expect(result.problems).toEqual([]);
    expect(docker('exec', s.runner.get('api')?.containerName ?? '', 'cat', '/tmp/hooked')).toBe('hello 0 /etc');
    // Running as root, the hook wrote a file the service's own user does not own.
    expect(docker('exec', s.runner.get('api')?.containerName ?? '', 'stat', '-c', '%u', '/tmp/hooked')).toBe('0');
    expect(s.at('web', 'start')).toBeGreaterThan(s.at('api', 'start'));
  });

  it('a failing post_start fails the start, says why with its output, and leaves the dependents created, not started', async () => {
    const s = (current = await EngineStack.create(`services:
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    post_start:
      - command: sh -c "echo schema missing; exit 3"
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    depends_on: [api]
`));
    const result = await s.runner.up();
    expect(result.ok).toBe(false);
    const api = s.runner.get('api');
    expect(api?.status).toBe('failed');
    expect(api?.why).toMatchObject({
      code: 'start-failed',
      cause: { code: 'hook-failed', hook: 'post_start', index: 1, exitCode: 3, output: 'schema missing' },
    });
    expect(api?.reason).toContain(
      'post_start hook 1 (sh -c echo schema missing; exit 3) exited with code 3: schema missing',
    );
    expect(s.runner.get('web')?.status).toBe('blocked');
    expect(s.count('web', 'start')).toBe(0);
  });

  it('pre_stop runs before the stop; a failing one leaves that container and what it depends on running, and says so', async () => {
    const s = (current = await EngineStack.create(`services:\n  api:\n    image: ${TEST_IMAGE}\n`));
    const out = join(s.dir, 'out');
    mkdirSync(out);
    chmodSync(out, 0o777);
    s.write(`services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    volumes: ["./out:/out"]
    pre_stop:
      - command: ["sh", "-c", "echo flushed > /out/db"]
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on: [db]
    pre_stop:
      - command: ["sh", "-c", "echo still busy; exit 1"]
`);
    s.reload();
    expect((await s.runner.up()).problems).toEqual([]);
    await expect(s.runner.stop()).rejects.toMatchObject({
      name: 'PreStopFailed',
      message:
        'api: pre_stop hook 1 (sh -c echo still busy; exit 1) exited with code 1: still busy; it was not stopped',
    });
    expect(s.runner.get('api')?.status).toBe('ready');
    expect(s.runner.get('api')?.why).toMatchObject({ code: 'hook-failed', hook: 'pre_stop', exitCode: 1 });
    expect(s.runner.get('db')?.status).toBe('ready');
    expect(s.count('api', 'die')).toBe(0);

    // Without the failing hook, both stop: db's hook runs first and writes its file.
    s.write(`services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    volumes: ["./out:/out"]
    pre_stop:
      - command: ["sh", "-c", "echo flushed > /out/db"]
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on: [db]
`);
    s.reload();
    await s.runner.stop();
    expect(readFileSync(join(out, 'db'), 'utf8')).toBe('flushed\n');
    expect(s.runner.get('db')?.status).toBe('stopped');
  });
});
