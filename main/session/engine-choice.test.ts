import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineChoiceView } from '../../preload/contract';
import { engineChoicesOf, rememberedEngine, useEngine } from './engine-choice';
import { SettingsStore } from './settings-store';
import type { StackSession } from './stack-session';

const choices: EngineChoiceView[] = [
  { name: 'default', host: 'unix:///var/run/docker.sock', current: true },
  { name: 'devbox', host: 'ssh://me@devbox', current: false },
];

/** The runtime as the choice sees it: which context it uses, and a switch that records where it went. */
function session(): StackSession & { went: (string | undefined)[] } {
  const went: (string | undefined)[] = [];
  let context: string | undefined;
  return {
    went,
    get engineContext() {
      return context;
    },
    useEngine: (c: string | undefined) => {
      went.push(c);
      context = c;
      return Promise.resolve();
    },
  } as unknown as StackSession & { went: (string | undefined)[] };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function settings(): SettingsStore {
  const dir = mkdtempSync(join(tmpdir(), 'sp-engine-choice-'));
  dirs.push(dir);
  return new SettingsStore(join(dir, 'settings.json'));
}

describe('the engine picked for a stack', () => {
  it("is docker's current one until another is picked; a pick is remembered for the stack, in the settings file", async () => {
    const store = settings();
    const r = session();
    expect(engineChoicesOf(choices, r).chosen).toBe('default');
    expect((await useEngine(choices, store, '/work/shop', r, 'devbox')).chosen).toBe('devbox');
    expect(r.went).toEqual(['devbox']);
    expect(rememberedEngine(choices, new SettingsStore(join(dirs[0] ?? '', 'settings.json')), '/work/shop')).toBe(
      'devbox',
    );
    expect(rememberedEngine(choices, store, '/work/other')).toBeUndefined();
  });

  it("picking docker's current one again forgets the pick: the stack follows docker's choice from then on", async () => {
    const store = settings();
    const r = session();
    await useEngine(choices, store, '/work/shop', r, 'devbox');
    await useEngine(choices, store, '/work/shop', r, 'default');
    expect(r.went).toEqual(['devbox', undefined]);
    expect(store.get().engines).toEqual({});
  });

  it('refuses an engine that is not there, and forgets a remembered one whose context was removed', async () => {
    const store = settings();
    await expect(useEngine(choices, store, '/work/shop', session(), 'gone')).rejects.toMatchObject({
      code: 'unknown-engine',
    });
    store.setEngine('/work/shop', 'gone');
    expect(rememberedEngine(choices, store, '/work/shop')).toBeUndefined();
  });
});
