import { afterEach, describe, expect, inject, it } from 'vitest';
import { Label } from '../../main/orchestrator/runtime/labels';
import { EngineStack } from '../support/engine-stack';

const engineState = inject('engine');
let current: EngineStack | undefined;

afterEach(async () => {
  const s = current;
  current = undefined;
  if (!s) return;
  await s.cleanup();
  expect(await s.containers(), 'the test leaves no container behind').toBe(0);
});

const STACK = (env = 'one') => `services:
  api:
    image: stackpilot-test/busybox:1
    init: true
    deploy: { replicas: 2 }
    environment: { VERSION: ${env} }
    command: ["sh", "-c", "echo \\"api on $$(hostname) says $$VERSION\\"; sleep 1; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 5s, retries: 30 }
  web:
    image: stackpilot-test/busybox:1
    init: true
    command: ["sleep", "3600"]
    depends_on: { api: { condition: service_healthy } }
`;

/** Containers of a service on the engine, as "name#number", sorted. */
async function onEngine(s: EngineStack, service: string): Promise<{ name: string; id: string; number: string }[]> {
  const list = await s.driver.listContainers({ [Label.project]: s.project, [Label.service]: service });
  return list
    .map((c) => ({ name: c.name, id: c.id, number: c.labels[Label.containerNumber] ?? '?' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe.skipIf(!engineState.available)(`replicas on the real engine (${engineState.reason})`, () => {
  it('runs N numbered containers; the service is ready when all are, and its dependents wait for all', async () => {
    const s = (current = await EngineStack.create(STACK(), { collectLogs: { batchIntervalMs: 20 } }));
    expect((await s.runner.up()).ok).toBe(true);
    expect((await onEngine(s, 'api')).map((c) => [c.name, c.number])).toEqual([
      [`${s.project}-api-1`, '1'],
      [`${s.project}-api-2`, '2'],
    ]);
    expect(s.runner.get('api')).toMatchObject({ status: 'ready', reason: '2/2 ready' });
    const readyAts = [1, 2].map((n) => s.runner.replica('api', n)?.readyAt ?? Infinity);
    expect(s.at('web', 'start')).toBeGreaterThanOrEqual(Math.max(...readyAts) - 5);
    // Each replica's lines carry its number.
    const lines = s.runner.logs?.lines(['api']) ?? [];
    expect(lines.map((l) => l.replica).sort()).toEqual([1, 2]);
    expect(new Set(lines.map((l) => l.text)).size).toBe(2);
  });

  it('scales up without touching the others, and down by removing the highest numbers first', async () => {
    const s = (current = await EngineStack.create(STACK()));
    expect((await s.runner.up()).ok).toBe(true);
    const before = await onEngine(s, 'api');
    expect((await s.runner.scale('api', 3)).ok).toBe(true);
    const after = await onEngine(s, 'api');
    expect(after.map((c) => c.number)).toEqual(['1', '2', '3']);
    expect(after.slice(0, 2).map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(s.runner.get('api')?.reason).toBe('3/3 ready');
    const seen = s.events.length;
    expect((await s.runner.scale('api', 1)).ok).toBe(true);
    expect((await onEngine(s, 'api')).map((c) => c.id)).toEqual([before[0]?.id]);
    const destroyed = s.events
      .slice(seen)
      .filter((e) => e.action === 'destroy')
      .map((e) => e.labels[Label.containerNumber]);
    expect(destroyed).toEqual(['3', '2']);
    expect(s.runner.get('api')?.replicas).toBeUndefined();
  });

  it('recreates a changed service one replica at a time', async () => {
    const s = (current = await EngineStack.create(STACK('one')));
    expect((await s.runner.up()).ok).toBe(true);
    s.write(STACK('two'));
    const runner = s.reload();
    await runner.refresh();
    expect(runner.get('api')?.outdated).toBe(true);
    const seen = s.events.length;
    expect((await runner.up()).ok).toBe(true);
    const api = s.events
      .slice(seen)
      .filter(
        (e) =>
          e.labels[Label.service] === 'api' &&
          (e.action === 'destroy' || e.action === 'create' || e.action === 'start'),
      );
    expect(api.map((e) => `${e.action} ${e.labels[Label.containerNumber]}`)).toEqual([
      'destroy 1',
      'create 1',
      'start 1',
      'destroy 2',
      'create 2',
      'start 2',
    ]);
    // The second went only once the first was ready again.
    const second = api.find((e) => e.action === 'destroy' && e.labels[Label.containerNumber] === '2')?.time ?? 0;
    expect(second).toBeGreaterThanOrEqual((runner.replica('api', 1)?.readyAt ?? Infinity) - 5);
    expect(runner.get('api')).toMatchObject({ status: 'ready', outdated: false });
  });
});
