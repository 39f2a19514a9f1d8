import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStacks, writeStack } from '../../test/support/stack-dir';
import { SettingsStore, defaultSettingsFile } from './settings-store';

afterEach(removeStacks);

describe('settings', () => {
  it('remembers recent stacks newest first, once each, at most ten', () => {
    const file = join(writeStack({}), 'settings.json');
    const store = new SettingsStore(file);
    for (let i = 0; i < 12; i++) store.addRecent(`/p/${i}`, `s${i}`, i);
    store.addRecent('/p/5', 's5', 100);
    const again = new SettingsStore(file);
    expect(again.get().recent.map((r) => r.path)).toEqual([
      '/p/5',
      '/p/11',
      '/p/10',
      '/p/9',
      '/p/8',
      '/p/7',
      '/p/6',
      '/p/4',
      '/p/3',
      '/p/2',
    ]);
  });

  it('starts from defaults when the file is broken or hand-edited badly, and repairs it on the next write', () => {
    const dir = writeStack({});
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"recent": [{"path": 1}], "onQuit": "explode", "window": {"width": "wide"}');
    const store = new SettingsStore(file);
    expect(store.get()).toEqual({ recent: [] });
    store.update({ onQuit: 'leave', window: { width: 900, height: 600, maximized: false } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      recent: [],
      onQuit: 'leave',
      window: { width: 900, height: 600, maximized: false },
    });
  });

  it('lives in STACKPILOT_CONFIG_DIR, else the XDG config folder', () => {
    expect(defaultSettingsFile({ STACKPILOT_CONFIG_DIR: '/c' }, '/home/u')).toBe('/c/settings.json');
    expect(defaultSettingsFile({ XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/stackpilot/settings.json');
    expect(defaultSettingsFile({}, '/home/u')).toBe('/home/u/.config/stackpilot/settings.json');
  });
});
