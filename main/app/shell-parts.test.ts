import { inflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { ServiceStateView } from '../../preload/contract';
import { isRunning, overallState } from '../session/overall';
import { menuTemplate } from './app-menu';
import type { MenuActions } from './app-menu';
import { createQuitHandler, quitAction } from './quit-policy';
import type { QuitChoice } from './quit-policy';
import { trayIconPng } from './tray-icon';
import { restoreBounds } from './window-state';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}

function actions() {
  const spies = {
    openFile: vi.fn<() => void>(),
    openFolder: vi.fn<() => void>(),
    openRecent: vi.fn<(path: string) => void>(),
    command: vi.fn<MenuActions['command']>(),
    openDocs: vi.fn<() => void>(),
    setQuitChoice: vi.fn<MenuActions['setQuitChoice']>(),
  };
  const forMenu: MenuActions = {
    openFile: () => spies.openFile(),
    openFolder: () => spies.openFolder(),
    openRecent: (p) => spies.openRecent(p),
    command: (c) => spies.command(c),
    openDocs: () => spies.openDocs(),
    setQuitChoice: (c) => spies.setQuitChoice(c),
  };
  return { spies, forMenu };
}

describe('application menu', () => {
  it('gives every action a shortcut and routes it', () => {
    const { spies: a, forMenu } = actions();
    const all = items(menuTemplate(forMenu, { recent: [], onQuit: undefined }, 'linux', false));
    const byLabel = (label: string) => all.find((i) => i.label === label);
    const shortcuts = Object.fromEntries(
      all.filter((i) => i.accelerator && i.label).map((i) => [i.label ?? '', String(i.accelerator)]),
    );
    expect(shortcuts).toEqual({
      'Open Compose File…': 'CmdOrCtrl+O',
      'Open Folder…': 'CmdOrCtrl+Shift+O',
      Up: 'CmdOrCtrl+Shift+U',
      Down: 'CmdOrCtrl+Shift+D',
      'Find in Logs': 'CmdOrCtrl+F',
      'Show or Fold Logs': 'CmdOrCtrl+L',
      'Dependency Graph': 'CmdOrCtrl+G',
      'Keyboard Shortcuts': 'F1',
    });
    const click = (label: string): void => (byLabel(label)?.click as (() => void) | undefined)?.();
    click('Up');
    click('Dependency Graph');
    click('Filter Services  (/)');
    click('Open Folder…');
    expect(a.command.mock.calls).toEqual([['up'], ['toggle-graph'], ['focus-filter']]);
    expect(a.openFolder).toHaveBeenCalledOnce();
    expect(byLabel('No recent stacks')?.enabled).toBe(false);
    expect(all.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('lists recent stacks and the remembered quit choice', () => {
    const { spies: a, forMenu } = actions();
    const all = items(
      menuTemplate(
        forMenu,
        { recent: [{ path: '/src/shop', name: 'shop', openedAt: 1 }], onQuit: 'leave' },
        'darwin',
        true,
      ),
    );
    const recent = all.find((i) => i.label === 'shop — /src/shop');
    (recent?.click as () => void)();
    expect(a.openRecent).toHaveBeenCalledWith('/src/shop');
    expect(all.find((i) => i.label === 'Leave It Running')?.checked).toBe(true);
    expect(all.find((i) => i.label === 'Ask')?.checked).toBe(false);
    expect(all[0]?.role).toBe('appMenu');
    expect(all.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});

describe('window position', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('opens where it was when that is on a screen, and only the size when the screen is gone', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1000, height: 700, maximized: true }, screens)).toEqual({
      x: 100,
      y: 50,
      width: 1000,
      height: 700,
      maximized: true,
    });
    expect(restoreBounds({ x: 2500, y: 50, width: 1000, height: 700, maximized: false }, screens)).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
  });
  it('keeps sizes between the minimum and the largest screen, with a default first time', () => {
    expect(restoreBounds({ width: 300, height: 5000, maximized: false }, screens)).toEqual({
      width: 880,
      height: 1080,
      maximized: false,
    });
    expect(restoreBounds(undefined, screens)).toEqual({ width: 1280, height: 820, maximized: false });
  });
});

describe('quitting with a stack running', () => {
  it('asks unless nothing runs or a choice is remembered', () => {
    expect(quitAction(false, undefined)).toBe('quit');
    expect(quitAction(true, undefined)).toBe('ask');
    expect(quitAction(true, 'stop')).toBe('stop-then-quit');
    expect(quitAction(true, 'leave')).toBe('quit');
  });
});

describe('the quit handler', () => {
  function harness(
    running: boolean,
    remembered: QuitChoice | undefined,
    answer: { choice: QuitChoice | 'cancel'; remember: boolean } = { choice: 'cancel', remember: false },
  ) {
    const log: string[] = [];
    const handler = createQuitHandler({
      isRunning: () => running,
      remembered: () => remembered,
      ask: () => (log.push('ask'), Promise.resolve(answer)),
      remember: (c) => void log.push(`remember ${c}`),
      stopAll: () => (log.push('stop'), Promise.resolve()),
      close: () => void log.push('close'),
      quit: () => {
        log.push('quit');
        handler(event());
      },
    });
    const event = () => ({ preventDefault: () => void log.push('held') });
    const settle = () => new Promise((r) => setTimeout(r, 0));
    return { log, quit: async () => (handler(event()), await settle()) };
  }

  it('quits at once when nothing runs', async () => {
    const h = harness(false, undefined);
    await h.quit();
    expect(h.log).toEqual(['close']);
  });

  it('asks, stops the stack, then quits for real (once), remembering the answer when told to', async () => {
    const h = harness(true, undefined, { choice: 'stop', remember: true });
    await h.quit();
    expect(h.log).toEqual(['held', 'ask', 'remember stop', 'stop', 'close', 'quit']);
  });

  it('does nothing on cancel, and leaves the stack running when that is the remembered choice', async () => {
    const cancel = harness(true, undefined);
    await cancel.quit();
    expect(cancel.log).toEqual(['held', 'ask']);
    const leave = harness(true, 'leave');
    await leave.quit();
    expect(leave.log).toEqual(['close']);
    const stop = harness(true, 'stop');
    await stop.quit();
    expect(stop.log).toEqual(['held', 'stop', 'close', 'quit']);
  });
});

describe('tray', () => {
  const s = (status: ServiceStateView['status'], extra: Partial<ServiceStateView> = {}): ServiceStateView => ({
    name: status,
    status,
    reason: '',
    since: 0,
    containerName: 'c',
    outdated: false,
    lastLines: [],
    restarts: 0,
    timeline: [],
    replicaCount: 1,
    why: { code: 'running' },
    ...extra,
  });

  it('sums the stack up in one state', () => {
    expect(overallState([])).toBe('idle');
    expect(overallState([s('stopped'), s('defined')])).toBe('idle');
    expect(overallState([s('ready'), s('completed')])).toBe('ready');
    expect(overallState([s('ready'), s('backoff')])).toBe('starting');
    expect(overallState([s('ready'), s('starting'), s('failed')])).toBe('failed');
    expect(overallState([s('ready', { circuit: 'open' })])).toBe('failed');
    expect(isRunning([s('ready', { containerId: 'x' })])).toBe(true);
    expect(isRunning([s('stopped', { containerId: 'x' }), s('ready')])).toBe(false);
  });

  it('draws a valid PNG: a circle in the state colour, transparent corners', () => {
    const png = trayIconPng('failed', 16);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(16);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    const pixel = (x: number, y: number) => [...raw.subarray(y * 65 + 1 + x * 4, y * 65 + 1 + x * 4 + 4)];
    expect(pixel(8, 8)).toEqual([0xef, 0x44, 0x44, 255]);
    expect(pixel(0, 0)[3]).toBe(0);
  });
});
