import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Label } from '../../main/orchestrator/runtime/labels';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/**
 * pre_start hooks (compose v5.3) on the real engine, as docker/compose's own end-to-end tests
 * (pkg/e2e/hooks_test.go, TestPreStartHook*) have them: when they run, in what order, on what they
 * see, and what a failing one leaves.
 */
const engine = inject('engine');
let current: EngineStack | undefined;
afterEach(async () => {
  const s = current;
  current = undefined;
  await s?.cleanup();
});

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

/** The service's own container runs `sleep`; its hooks append to a token file on a named volume. */
const tokens = (
  replicas = 1,
  hooks = `      - command: ["sh", "-c", "echo first >> /shared/tokens"]\n`,
): string => `services:
  sample:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    scale: ${replicas}
    volumes: [data:/shared]
    pre_start:
${hooks}  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on: [sample]
volumes:
  data:
`;

/** What the hooks wrote so far, read from the service's running container. */
const written = (s: EngineStack): string[] =>
  docker('exec', s.runner.get('sample')?.containerName ?? '', 'cat', '/shared/tokens').split('\n');

/** The hook containers left on the engine for the project (a failed one is kept). */
const hookContainers = async (s: EngineStack) =>
  (await s.driver.listContainers({ [Label.project]: s.project, [Label.hook]: 'pre_start' })).map((c) => ({
    name: c.name,
    state: c.state,
    exitCode: c.exitCode,
  }));

describe.skipIf(!engine.available)(`pre_start hooks on the real engine (${engine.reason})`, () => {
  it('run in order before the service starts, on its volumes, and not again on an unchanged up, a restart or a scale-up', async () => {
    const s = (current = await EngineStack.create(
      tokens(
        1,
        `      - command: ["sh", "-c", "echo first >> /shared/tokens"]\n      - command: ["sh", "-c", "echo second $$MODE >> /shared/tokens"]\n        environment: { MODE: init }\n`,
      ),
    ));
    expect((await s.runner.up()).problems).toEqual([]);
    expect(written(s)).toEqual(['first', 'second init']);
    // Hook containers started and were removed before the service's own container started.
    const starts = s.events.filter((e) => e.labels[Label.service] === 'sample' && e.action === 'start');
    expect(starts.map((e) => e.labels[Label.hook] ?? 'service')).toEqual(['pre_start', 'pre_start', 'service']);
    expect(await hookContainers(s)).toEqual([]);

    expect((await s.runner.up()).problems).toEqual([]);
    expect((await s.runner.restart('sample')).problems).toEqual([]);
    expect((await s.runner.scale('sample', 2)).problems).toEqual([]);
    expect(written(s)).toEqual(['first', 'second init']);

    // Once none of its replicas runs, the next up runs them again (once, for both replicas).
    await s.runner.stop();
    expect((await s.runner.up()).problems).toEqual([]);
    expect(written(s)).toEqual(['first', 'second init', 'first', 'second init']);
  });

  it('a failing hook fails the service with its exit code and output, leaves it created, keeps the hook container, and blocks its dependents', async () => {
    const s = (current = await EngineStack.create(
      tokens(
        1,
        `      - command: ["sh", "-c", "echo first >> /shared/tokens"]\n      - command: ["sh", "-c", "echo migration failed; exit 17"]\n      - command: ["sh", "-c", "echo third >> /shared/tokens"]\n`,
      ),
    ));
    const result = await s.runner.up();
    expect(result.ok).toBe(false);
    const sample = s.runner.get('sample');
    expect(sample?.status).toBe('failed');
    expect(sample?.why).toMatchObject({
      code: 'hook-failed',
      hook: 'pre_start',
      index: 2,
      exitCode: 17,
      output: 'migration failed',
    });
    expect(sample?.reason).toMatch(
      /^pre_start hook 2 \(sh -c echo migration failed; exit 17\) exited with code 17: migration failed \(its container [0-9a-f]{12} is kept: docker logs [0-9a-f]{12}\)$/,
    );
    expect(
      (
        await s.driver.listContainers({
          [Label.project]: s.project,
          [Label.service]: 'sample',
          [Label.containerNumber]: '1',
        })
      ).map((c) => c.state),
    ).toEqual(['created']);
    expect(await hookContainers(s)).toEqual([
      { name: `${s.project}-sample-pre_start-2`, state: 'exited', exitCode: 17 },
    ]);
    expect(s.runner.get('web')?.status).toBe('blocked');
    expect(s.count('web', 'start')).toBe(0);

    // Fixed, the next up clears the kept container away and runs the hooks from the first.
    s.write(tokens());
    s.reload();
    expect((await s.runner.up()).problems).toEqual([]);
    expect(await hookContainers(s)).toEqual([]);
    expect(written(s)).toEqual(['first', 'first']);
  });

  it('refuses per_replica: true before anything is made, saying what to do', async () => {
    const s = (current = await EngineStack.create(tokens(1, `      - command: ["true"]\n        per_replica: true\n`)));
    const result = await s.runner.up(['sample']);
    expect(result.ok).toBe(false);
    expect(s.runner.get('sample')?.reason).toBe(
      'service "sample": pre_start hook 1 has per_replica: true, which is not run yet (docker compose refuses it too): hooks run once for the service, before its first replica starts — remove per_replica, or set it to false',
    );
    expect(await s.containers()).toBe(0);
  });
});
