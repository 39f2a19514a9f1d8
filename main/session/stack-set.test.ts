import { afterEach, describe, expect, it } from 'vitest';
import { removeStacks, writeStack } from '../../test/support/stack-dir';
import type { ServiceReport, SessionEmit } from './session-events';
import { systemClock } from '../orchestrator/clock';
import { OpenStack } from './open-stack';
import { StackSession } from './stack-session';
import { StackSet } from './stack-set';

afterEach(removeStacks);

/** A set whose stacks have no engine, with what reached the window and each stack's own emitter. */
function setWithoutEngine() {
  const seen: { event: string; payload: unknown }[] = [];
  const emitters: SessionEmit[] = [];
  const set = new StackSet(
    (emit, nextRevision) => {
      emitters.push(emit);
      const runtime = new StackSession(
        () => Promise.reject(new Error('no engine in this test')),
        systemClock,
        emit,
        '/',
      );
      return new OpenStack(
        { cwd: '/', homeDir: '/home/dev', env: {} },
        runtime,
        emit,
        undefined,
        () => 0,
        undefined,
        nextRevision,
      );
    },
    (event, payload) => seen.push({ event, payload }),
    '/',
  );
  return { set, seen, emitters };
}

const compose = (service: string): string => writeStack({ 'compose.yaml': `services:\n  ${service}:\n    image: x\n` });

describe('several stacks open at once', () => {
  it('opens a second stack beside the first, switches back without reading it again, and closes one', () => {
    const { set, seen } = setWithoutEngine();
    const a = compose('alpha');
    const b = compose('beta');
    const first = set.open({ path: a });
    const firstStack = set.current;
    const second = set.open({ path: b });
    expect(set.all()).toHaveLength(2);
    expect(set.list()).toMatchObject({ active: b, stacks: [{ path: a }, { path: b }] });
    expect(second.revision).toBeGreaterThan(first.revision);

    const back = set.open({ path: a });
    expect(set.current).toBe(firstStack);
    expect(back.status === 'loaded' && Object.keys(back.stack.services)).toEqual(['alpha']);
    // The switch is a newer view than any before it: the window takes it.
    expect(back.revision).toBeGreaterThan(second.revision);
    expect(
      seen.filter((e) => e.event === 'stack:changed').map((e) => (e.payload as { revision: number }).revision),
    ).toEqual([first.revision, second.revision, back.revision]);
    expect(seen.at(-1)).toEqual({ event: 'stacks:changed', payload: set.list() });

    expect(set.close(a)).toMatchObject({ active: b, stacks: [{ path: b }] });
    expect(set.current.target).toBe(b);
    // The last one stays open.
    expect(set.close(b).stacks).toHaveLength(1);
  });

  it('tells its listener only the shown stack’s events; another’s notices come named for their stack', () => {
    const { set, seen, emitters } = setWithoutEngine();
    set.open({ path: compose('alpha') });
    set.open({ path: compose('beta') });
    seen.length = 0;
    const [hiddenEmit, shownEmit] = emitters;
    hiddenEmit?.('service:state', { snapshot: { name: 'alpha' } } as ServiceReport);
    hiddenEmit?.('app:notice', { level: 'error', title: 'alpha failed', body: 'exited with code 1', service: 'alpha' });
    hiddenEmit?.('terminal:output', { id: 't1', data: 'x' });
    shownEmit?.('service:state', { snapshot: { name: 'beta' } } as ServiceReport);
    expect(seen.map((e) => e.event)).toEqual(['app:notice', 'terminal:output', 'service:state']);
    expect(seen[0]?.payload).toMatchObject({ title: `${set.list().stacks[0]?.name ?? ''}: alpha failed` });
  });

  it('loads the same stack again, in place, when opened with other profiles', () => {
    const { set } = setWithoutEngine();
    const a = compose('alpha');
    set.open({ path: a });
    const stack = set.current;
    set.open({ path: a, profiles: ['x'] });
    expect(set.all()).toHaveLength(1);
    expect(set.current).toBe(stack);
  });
});
