import { afterEach, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { EngineFaultProxy } from '../support/engine-fault-proxy';
import { EngineStack } from '../support/engine-stack';
import { testEngines } from '../support/test-engines';
import { waitUntil } from '../support/wait-until';

/**
 * A misbehaving engine costs nothing (issue 25): Stackpilot talks to the engine through a proxy that
 * delays, fails, hangs or cuts what the test says. For each fault: no crash, a state that never lies,
 * every request bounded (5 s here) with an error naming it, and recovery with no click once it ends.
 */
let stack: EngineStack | undefined;
let proxy: EngineFaultProxy | undefined;
let truth: DockerEngine | undefined;

afterEach(async () => {
  proxy?.clear();
  await stack?.cleanup();
  await proxy?.close();
  truth?.close();
  [stack, proxy, truth] = [undefined, undefined, undefined];
});

const SLEEPER = `services:
  app:
    image: stackpilot-test/busybox:1
    init: true
    stop_grace_period: 1s
    command: ["sleep", "3600"]
`;

for (const engine of testEngines(inject('engine'), inject('engines'))) {
  if (engine.name === 'Docker over SSH') continue;
  const socket = (engine.env.DOCKER_HOST ?? process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(
    /^unix:\/\//,
    '',
  );

  /** The stack, run through a fresh proxy in front of this engine; `truth` sees the engine directly. */
  const through = async (yaml: string, collectLogs = false): Promise<EngineStack> => {
    proxy = await EngineFaultProxy.start(socket);
    truth = await DockerEngine.connect({ ...process.env, ...engine.env }, '/root');
    stack = await EngineStack.create(yaml, collectLogs ? { collectLogs: { batchIntervalMs: 20 } } : {}, {
      ...engine.env,
      DOCKER_HOST: proxy.dockerHost,
      STACKPILOT_ENGINE_CALL_TIMEOUT: '5',
    });
    return stack;
  };
  const words = (s: EngineStack, service: string): string =>
    (s.runner.get(service)?.timeline ?? []).map((t) => `${t.status}: ${t.reason}`).join(' | ');

  describe.skipIf(!engine.available)(`${engine.name} behind a fault proxy (${engine.reason})`, () => {
    it('a 503 on a container start: the attempt fails with the engine’s words, is retried, and the stack comes up', async () => {
      const s = await through(SLEEPER);
      proxy?.add({
        method: 'POST',
        path: /^\/containers\/[^/]+\/start/,
        fault: { kind: 'status', code: 503 },
        times: 1,
      });
      const result = await s.runner.up();
      expect(result.ok, words(s, 'app')).toBe(true);
      expect(words(s, 'app')).toMatch(/injected 503 for POST \/containers\/[0-9a-f]+\/start/);
      expect(proxy?.seen.filter((r) => r.fault === 'status')).toHaveLength(1);
    });

    it('every answer delayed: the stack comes up and goes down, states true to the engine', async () => {
      const s = await through(SLEEPER);
      proxy?.add({ path: /./, fault: { kind: 'delay', ms: 150 } });
      expect((await s.runner.up()).ok, words(s, 'app')).toBe(true);
      const id = s.runner.get('app')?.containerId ?? '';
      expect((await truth?.inspectContainer(id))?.state).toBe('running');
    });

    it('a request that never gets an answer is given up after its timeout, named, and the start tried again', async () => {
      const s = await through(SLEEPER);
      proxy?.add({ method: 'POST', path: /^\/containers\/[^/]+\/start/, fault: { kind: 'hang' }, times: 1 });
      const result = await s.runner.up();
      expect(result.ok, words(s, 'app')).toBe(true);
      expect(words(s, 'app')).toMatch(/the engine did not answer POST \/containers\/[0-9a-f]+\/start within 5 s/);
    });

    it('a connection closed after the headers: the call fails, and the start is tried again', async () => {
      const s = await through(SLEEPER);
      proxy?.add({
        method: 'POST',
        path: /^\/containers\/[^/]+\/start/,
        fault: { kind: 'close-after-headers' },
        times: 1,
      });
      const result = await s.runner.up();
      expect(result.ok, words(s, 'app')).toBe(true);
      const id = s.runner.get('app')?.containerId ?? '';
      expect((await truth?.inspectContainer(id))?.state).toBe('running');
    });

    it('the events stream cut mid-frame: a container killed meanwhile is seen, never shown ready while it is down', async () => {
      const s = await through(SLEEPER);
      expect((await s.runner.up()).ok).toBe(true);
      const id = s.runner.get('app')?.containerId ?? '';
      await waitUntil(
        'the events stream open through the proxy',
        () => proxy?.openTo(/^\/events/) ?? 0,
        (n) => n > 0,
      );
      proxy?.cut(/^\/events/);
      await truth?.killContainer(id);
      // Whatever the cut took, the kill is seen (the catch-up replays it) and what was wanted is restored.
      const killed = (): boolean =>
        (s.runner.get('app')?.timeline ?? []).some((t) => t.status !== 'ready' && /killed/.test(t.reason));
      await waitUntil(
        'the kill seen and the service running again',
        () => s.runner.get('app'),
        (app) => killed() && app?.status === 'ready',
        { describe: () => words(s, 'app') },
      );
      const timeline = s.runner.get('app')?.timeline ?? [];
      const afterKill = timeline.slice(timeline.findIndex((t) => /killed/.test(t.reason)));
      expect(afterKill.map((t) => t.status).slice(-2), words(s, 'app')).toEqual(['starting', 'ready']);
      expect((await truth?.inspectContainer(id))?.state).toBe('running');
    });

    it('a log stream cut mid-frame: no line lost or repeated across the cut', async () => {
      const s = await through(
        `services:
  counter:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo \\"line $$i\\"; sleep 0.01; done"]
`,
        true,
      );
      expect((await s.runner.up()).ok).toBe(true);
      const lines = (): string[] => (s.runner.logs?.lines(['counter']) ?? []).map((e) => e.text);
      await waitUntil('100 lines in the hub', lines, (l) => l.length >= 100, { describe: (l) => `${l.length} lines` });
      await waitUntil(
        'the log stream open through the proxy',
        () => proxy?.openTo(/\/logs/) ?? 0,
        (n) => n > 0,
      );
      expect(proxy?.cut(/\/logs/)).toBeGreaterThan(0);
      const before = lines().length;
      await waitUntil('300 more lines after the cut', lines, (l) => l.length >= before + 300, {
        describe: (l) => `${l.length} lines`,
      });
      const got = lines();
      const numbers = got.map((l) => Number(/^line (\d+)$/.exec(l)?.[1]));
      expect(
        numbers.every((n, i) => n === i + 1),
        `the sequence has a gap or a repeat: ${numbers.slice(0, 5).join(',')}…`,
      ).toBe(true);
    });
  });
}
