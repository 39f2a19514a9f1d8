import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStacks, writeStack } from '../../test/support/stack-dir';
import { createHandlers, dispatchInvoke } from '../ipc/handlers';
import type { EventMap, StackLoadView, EmitEvent } from '../../preload/contract';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { systemClock } from '../orchestrator/clock';
import { OpenStack } from './open-stack';
import type { SessionEnvironment } from './stack-loader';
import { StackSession } from './stack-session';
import { stackVariables } from './variables';
import { windowEvents } from '../ipc/window-events';
import { shownView } from '../ipc/views/stack-view';

afterEach(removeStacks);

const DEMO = join(import.meta.dirname, '..', '..', 'resources', 'demo', 'compose.yaml');
const info = { version: 't', mode: 'browser' as const, platform: 'linux' };

describe('the open stack and its handlers', () => {
  it('opens the bundled demo stack: services, levels, dependencies, readiness', async () => {
    const handlers = createHandlers(withoutEngine({ cwd: '/', homeDir: '/home/dev', env: {} }), info);
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
    expect(api?.dependsOn.map((d) => `${d.service}:${d.condition}`)).toEqual([
      'db:service_healthy',
      'cache:service_started',
      'migrate:service_completed_successfully',
    ]);
    expect(stack.services.find((s) => s.name === 'cache')?.readiness).toBe('tcp probe: localhost:16379');
    expect(stack.services.find((s) => s.name === 'migrate')?.readiness).toBe('exits with code 0 (one-shot job)');
    expect(stack.variables).toEqual([
      {
        name: 'DEMO_GREETING',
        description: 'The greeting the API returns on /hello (any text).',
        secret: false,
        default: 'hello from the demo',
        set: false,
        required: false,
      },
      {
        name: 'DEMO_API_TOKEN',
        description: 'A token the API pretends to check; any value works in the demo.',
        secret: true,
        set: false,
        required: false,
      },
    ]);
    expect(stack.warnings).toEqual([]);
    expect(await handlers['stack:current']()).toBe(view);
  });

  it('returns errors as data for an invalid stack, and tells subscribers', () => {
    const dir = writeStack({ 'compose.yaml': 'services:\n  a:\n    depends_on: [b]\n    image: x\n' });
    const seen: string[] = [];
    const open = withoutEngine({ cwd: dir, homeDir: '/home/dev', env: {} }, (event, payload) =>
      seen.push(`${event}:${(payload as { status: string }).status}`),
    );
    const view = shownView(open.open({ path: dir }));
    expect(view).toMatchObject({
      status: 'invalid',
      revision: 1,
      errors: [{ code: 'unknown-dependency', file: `${dir}/compose.yaml`, line: 3, column: 18 }],
    });
    expect(seen).toEqual(['stack:changed:invalid']);
  });

  it('validates payloads and channels', async () => {
    const handlers = createHandlers(withoutEngine({ cwd: '/', homeDir: '/', env: {} }), info);
    expect(await dispatchInvoke(handlers, 'stack:open', [{ path: '' }])).toMatchObject({
      error: { code: 'bad-payload' },
    });
    expect(await refusal(handlers, 'stack:open', [{ path: '/x', extra: 1 }])).toContain('extra');
    expect(await dispatchInvoke(handlers, 'stack:open', [{ path: '/x' }, 2])).toMatchObject({
      error: { code: 'bad-payload' },
    });
    expect(await refusal(handlers, 'stack:open', [{ path: 'a\0b' }])).toContain('NUL');
    expect(await dispatchInvoke(handlers, 'stack:open', 'not-a-list')).toMatchObject({
      error: { code: 'bad-payload' },
    });
    expect(await refusal(handlers, 'app:info', [1])).toMatch(/^app:info: bad arguments/);
    expect(await refusal(handlers, 'service:stop', ['../etc'])).toContain('service name');
    expect(await dispatchInvoke(handlers, 'service:stop', [])).toMatchObject({ error: { code: 'bad-payload' } });
    expect(await refusal(handlers, 'logs:fetch', [{ limit: 0 }])).toContain('limit');
    expect(await dispatchInvoke(handlers, 'logs:fetch', [{ afterSeq: 1.5 }])).toMatchObject({
      error: { code: 'bad-payload' },
    });
    expect(await refusal(handlers, 'logs:search', [{ text: '(', regex: true }])).toContain('regular expression');
    expect(await dispatchInvoke(handlers, 'logs:search', [{ text: '(' }])).not.toHaveProperty(
      'error.code',
      'bad-payload',
    );
    expect(
      await dispatchInvoke(handlers, 'stack:set-variables', [{ values: { 'BAD-NAME': 'x' }, save: false }]),
    ).toMatchObject({ error: { code: 'bad-payload' } });
    expect(await dispatchInvoke(handlers, 'stack:set-variables', [{ values: {}, save: false }])).toMatchObject({
      error: { code: 'bad-payload' },
    });
    expect(await dispatchInvoke(handlers, 'stack:set-variables', [{ values: { A: 1 }, save: false }])).toMatchObject({
      error: { code: 'bad-payload' },
    });
    expect(await dispatchInvoke(handlers, 'stack:set-variables', [{ values: { A: 'x' }, save: 'yes' }])).toMatchObject({
      error: { code: 'bad-payload' },
    });
    // A well-formed call at the wrong time: its own code, and what to do.
    expect(await dispatchInvoke(handlers, 'stack:set-variables', [{ values: { A: 'x' }, save: false }])).toEqual({
      error: {
        name: 'PayloadError',
        code: 'no-stack-open',
        message: 'open a stack before setting its variables',
        hint: 'open a compose file or folder first (one that loads)',
      },
    });
    expect(await dispatchInvoke(handlers, '__proto__', [])).toMatchObject({ error: { code: 'unknown-channel' } });
    expect(await dispatchInvoke(handlers, 'app:info', [])).toEqual({ result: info });
  });
});

describe('one owner for what loaded and what runs', () => {
  it('tells each load once with its own revision, switches the runtime with it, and runs nothing for a file that does not load', async () => {
    const good = writeStack({ 'compose.yaml': 'name: one\nservices:\n  a:\n    image: a\n' });
    const other = writeStack({ 'compose.yaml': 'name: two\nservices:\n  b:\n    image: b\n' });
    const broken = writeStack({ 'compose.yaml': 'services:\n  a:\n    depends_on: [nope]\n    image: a\n' });
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const changed: number[] = [];
    const emit: EmitEvent = (event, payload) => {
      if (event === 'stack:changed') changed.push((payload as EventMap['stack:changed']).revision);
    };
    const runtime = new StackSession(() => Promise.resolve(driver), clock, windowEvents(emit), '/');
    const open = new OpenStack({ cwd: '/', homeDir: '/h', env: {} }, runtime, windowEvents(emit));
    const handlers = createHandlers(open, info);

    expect((await handlers['stack:open']({ path: good })).revision).toBe(1);
    await clock.run(handlers['stack:up']());
    expect(runtime.snapshot().services.map((s) => `${s.snapshot.name}:${s.snapshot.status}`)).toEqual(['a:ready']);

    expect((await handlers['stack:open']({ path: other })).revision).toBe(2);
    await clock.run(Promise.resolve());
    expect(runtime.snapshot().services.map((s) => `${s.snapshot.name}:${s.snapshot.status}`)).toEqual(['b:defined']);

    expect(await handlers['stack:open']({ path: broken })).toMatchObject({ status: 'invalid', revision: 3 });
    expect(runtime.snapshot().services).toEqual([]);
    expect(await dispatchInvoke(handlers, 'stack:up', [])).toMatchObject({ error: { code: 'no-stack-open' } });
    expect(await dispatchInvoke(handlers, 'stack:preflight', [])).toMatchObject({ error: { code: 'no-stack-open' } });
    expect(changed).toEqual([1, 2, 3]);
    open.close();
  });
});

describe('variables a stack needs', () => {
  const compose = [
    'x-stackpilot:',
    '  env:',
    '    API_KEY: { description: Key for the embeddings service, secret: true }',
    'services:',
    '  api:',
    '    image: busybox',
    '    environment:',
    '      KEY: ${API_KEY:?set API_KEY}',
    '      REGION: ${REGION:?pick a region}',
    '',
  ].join('\n');

  it('asks for required variables a stack cannot load without, described from x-stackpilot.env', () => {
    const dir = writeStack({ 'compose.yaml': compose });
    const view = withoutEngine({ cwd: dir, homeDir: '/h', env: {} }).open({ path: dir });
    if (view.status !== 'invalid') throw new Error('expected invalid');
    expect(view.projectDir).toBe(dir);
    expect(view.needs).toEqual([
      { name: 'API_KEY', description: 'Key for the embeddings service', secret: true, set: false, required: true },
      {
        name: 'REGION',
        description: 'required variable REGION is missing a value: pick a region',
        secret: false,
        set: false,
        required: true,
      },
    ]);
    expect(view.errors.map((e) => e.variable)).toEqual(['API_KEY', 'REGION']);
  });

  it('keeps values for this session only unless told to save, and then writes .env owner-only', () => {
    const dir = writeStack({ 'compose.yaml': compose, '.env': '# team defaults\nOTHER=1\n' });
    const session = withoutEngine({ cwd: dir, homeDir: '/h', env: {} });
    session.open({ path: dir });
    const kept = session.setVariables({ values: { API_KEY: 's3cr3t', REGION: 'eu' }, save: false });
    expect(kept.status).toBe('loaded');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('# team defaults\nOTHER=1\n');

    const other = withoutEngine({ cwd: dir, homeDir: '/h', env: {} });
    other.open({ path: dir });
    const saved = other.setVariables({ values: { API_KEY: "it's", REGION: 'eu' }, save: true });
    if (saved.status !== 'loaded') throw new Error(JSON.stringify(saved));
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe("# team defaults\nOTHER=1\nAPI_KEY=\"it's\"\nREGION='eu'\n");
    expect(stackVariables(saved.stack, saved.isSet)).toEqual([
      { name: 'API_KEY', description: 'Key for the embeddings service', secret: true, set: true, required: true },
    ]);
  });
});

/** The message of a call refused as a bad payload (fails the test if it was not refused). */
async function refusal(handlers: ReturnType<typeof createHandlers>, channel: string, args: unknown): Promise<string> {
  const response = await dispatchInvoke(handlers, channel, args);
  if (!('error' in response) || response.error.code !== 'bad-payload')
    throw new Error(`not refused as a bad payload: ${JSON.stringify(response)}`);
  return response.error.message;
}

/** An open stack whose runtime finds no engine: enough for loading, variables and payload checks. */
describe("an edit of the open stack's files", () => {
  it('reloads on an edit it hears: the new stack with the file named; an edit that does not load keeps the last good stack, with its errors', async () => {
    const dir = writeStack({ 'compose.yaml': 'services:\n  a:\n    image: x\n' });
    const views: StackLoadView[] = [];
    const emit: EmitEvent = (event, payload) => {
      if (event === 'stack:changed') views.push(payload as StackLoadView);
    };
    const runtime = new StackSession(
      () => Promise.reject(new Error('no engine in this test')),
      systemClock,
      windowEvents(emit),
      '/',
    );
    const open = new OpenStack(
      { cwd: dir, homeDir: '/home/dev', env: {} },
      runtime,
      windowEvents(emit),
      undefined,
      () => 0,
      systemClock,
    );
    try {
      open.open({ path: dir });
      const file = join(dir, 'compose.yaml');
      writeFileSync(file, 'services:\n  a:\n    image: x\n  b:\n    image: y\n');
      await until(() => views.length >= 2);
      const edited = views[1];
      if (edited?.status !== 'loaded') throw new Error(JSON.stringify(edited));
      expect(edited.stack.services.map((x) => x.name)).toEqual(['a', 'b']);
      expect(edited.changedFile).toBe(file);
      writeFileSync(file, 'services:\n  a:\n    image: x\n    depends_on: [nope]\n');
      await until(() => views.length >= 3);
      const broken = views[2];
      if (broken?.status !== 'loaded') throw new Error(JSON.stringify(broken));
      // Still the last stack that loaded, and why the edit does not.
      expect(broken.stack).toEqual(edited.stack);
      expect(broken.reloadErrors?.map((e) => e.message)).toEqual([expect.stringContaining('undefined service "nope"')]);
      expect(broken.revision).toBeGreaterThan(edited.revision);
      // The .env beside it is watched too.
      writeFileSync(join(dir, '.env'), 'X=1\n');
      await until(() => views.length >= 4);
      expect(views[3]?.status === 'loaded' && views[3].changedFile).toBe(join(dir, '.env'));
    } finally {
      open.close();
    }
  });
});

/** Waits (real time: file events come from the kernel) for a condition, 5 s at most. */
async function until(ok: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out waiting for the reload');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function withoutEngine(environment: SessionEnvironment, emit: EmitEvent = () => undefined): OpenStack {
  const runtime = new StackSession(
    () => Promise.reject(new Error('no engine in this test')),
    systemClock,
    windowEvents(emit),
    '/',
  );
  return new OpenStack(environment, runtime, windowEvents(emit));
}
