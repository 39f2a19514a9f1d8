import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStacks, writeStack } from '../../test/support/stack-dir';
import { createHandlers, dispatchInvoke } from './handlers';
import { StackRuntime } from './stack-runtime';
import { systemClock } from '../engine/clock';
import { StackSession } from './stack-session';

afterEach(removeStacks);

const DEMO = join(import.meta.dirname, '..', '..', 'resources', 'demo', 'compose.yaml');
const info = { version: 't', mode: 'browser' as const, platform: 'linux' };

describe('stack session and handlers', () => {
  it('opens the bundled demo stack: services, levels, dependencies, readiness', async () => {
    const session = new StackSession({ cwd: '/', homeDir: '/home/dev', env: {} });
    const handlers = createHandlers(session, info, noEngine());
    const view = await handlers['stack:open']({ path: DEMO });
    if (view.status !== 'loaded') throw new Error(JSON.stringify(view));
    const { stack } = view;
    expect(stack.name).toBe('stackpilot-demo');
    expect(stack.levels).toEqual([['cache', 'db', 'metrics'], ['migrate'], ['api'], ['web', 'worker']]);
    const api = stack.services.find((s) => s.name === 'api');
    expect(api).toMatchObject({
      group: 'app',
      level: 3,
      open: 'http://localhost:18000/hello',
      dependents: ['web', 'worker'],
      ports: [{ published: '18000', target: 8000, protocol: 'tcp' }],
      readiness: 'healthcheck: wget -q -O /dev/null http://127.0.0.1:8000/health, every 10s',
    });
    expect(api?.dependsOn.map((d) => `${d.service}:${d.condition}`)).toEqual(['db:service_healthy', 'cache:service_started', 'migrate:service_completed_successfully']);
    expect(stack.services.find((s) => s.name === 'cache')?.readiness).toBe('tcp probe: localhost:16379');
    expect(stack.services.find((s) => s.name === 'migrate')?.readiness).toBe('exits with code 0 (one-shot job)');
    expect(stack.variables).toEqual([
      { name: 'DEMO_GREETING', description: 'The greeting the API returns on /hello (any text).', secret: false, default: 'hello from the demo', set: false },
      { name: 'DEMO_API_TOKEN', description: 'A token the API pretends to check; any value works in the demo.', secret: true, set: false },
    ]);
    expect(stack.warnings).toEqual([]);
    expect(await handlers['stack:current']()).toBe(view);
  });

  it('returns errors as data for an invalid stack, and tells subscribers', () => {
    const dir = writeStack({ 'compose.yaml': 'services:\n  a:\n    depends_on: [b]\n    image: x\n' });
    const session = new StackSession({ cwd: dir, homeDir: '/home/dev', env: {} });
    const seen: string[] = [];
    session.subscribe((v) => seen.push(v.status));
    const view = session.open({ path: dir });
    expect(view).toMatchObject({ status: 'invalid', errors: [{ code: 'unknown-dependency', file: `${dir}/compose.yaml`, line: 3, column: 18 }] });
    expect(seen).toEqual(['invalid']);
  });

  it('validates payloads and channels', async () => {
    const handlers = createHandlers(new StackSession({ cwd: '/', homeDir: '/', env: {} }), info, noEngine());
    expect(await dispatchInvoke(handlers, 'stack:open', [{ path: '' }])).toMatchObject({ error: { code: 'bad-payload' } });
    expect(await dispatchInvoke(handlers, 'stack:open', [{ path: '/x', extra: 1 }])).toMatchObject({ error: { message: 'stack:open: unexpected field extra' } });
    expect(await dispatchInvoke(handlers, 'stack:open', 'not-a-list')).toMatchObject({ error: { code: 'bad-payload' } });
    expect(await dispatchInvoke(handlers, 'app:info', [1])).toMatchObject({ error: { message: 'app:info takes no arguments' } });
    expect(await dispatchInvoke(handlers, '__proto__', [])).toMatchObject({ error: { code: 'unknown-channel' } });
    expect(await dispatchInvoke(handlers, 'app:info', [])).toEqual({ result: info });
  });
});

function noEngine(): StackRuntime {
  return new StackRuntime(() => Promise.reject(new Error('no engine in this test')), systemClock, () => undefined, '/');
}
