import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../ipc/handlers';
import { SettingsService } from './settings-service';
import { SettingsStore } from './settings-store';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the settings the window edits', () => {
  it('fills in defaults, saves each change, tells it, and takes "ask" as no remembered quit choice', () => {
    dir = mkdtempSync(join(tmpdir(), 'sp-settings-'));
    const file = join(dir, 'settings.json');
    const told: unknown[] = [];
    const service = new SettingsService(new SettingsStore(file), (settings) => told.push(settings));
    expect(service.get()).toEqual({
      theme: 'system',
      fastReadiness: true,
      concurrency: 32,
      restartOnUnhealthy: false,
      notifications: true,
      onQuit: 'ask',
    });
    service.set({ theme: 'dark', concurrency: 3, onQuit: 'leave', fastReadiness: false, restartOnUnhealthy: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      theme: 'dark',
      concurrency: 3,
      onQuit: 'leave',
      fastReadiness: false,
    });
    expect(service.runnerOptions()).toEqual({ fastReadiness: false, concurrency: 3, restartOnUnhealthy: true });
    service.set({ onQuit: 'ask' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('onQuit');
    expect(told.at(-1)).toEqual({
      theme: 'dark',
      fastReadiness: false,
      concurrency: 3,
      restartOnUnhealthy: true,
      notifications: true,
      onQuit: 'ask',
    });
    // A file edited by hand with values out of range: those fall back to the defaults.
    writeFileSync(file, JSON.stringify({ recent: [], theme: 'neon', concurrency: 500, notifications: 'yes' }));
    expect(new SettingsService(new SettingsStore(file), () => undefined).get()).toEqual({
      theme: 'system',
      fastReadiness: true,
      concurrency: 32,
      restartOnUnhealthy: false,
      notifications: true,
      onQuit: 'ask',
    });
  });

  it('refuses a change out of range over the contract, naming the field', async () => {
    const handlers = createHandlers({ session: { configure: () => undefined } } as never, {
      version: 't',
      mode: 'browser',
      platform: 'linux',
    });
    await expect(handlers['settings:set']({ concurrency: 0 })).rejects.toThrow(
      /settings:set: bad arguments at 0\.concurrency/,
    );
    await expect(handlers['settings:set']({ theme: 'neon' })).rejects.toThrow(/at 0\.theme/);
    expect(await handlers['settings:set']({ concurrency: 4 })).toMatchObject({ concurrency: 4 });
  });
});
