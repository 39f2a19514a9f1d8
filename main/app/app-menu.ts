import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand, RecentStack } from '../../preload/contract';
import type { QuitChoice } from './quit-policy';

export interface MenuActions {
  openFile(): void;
  openFolder(): void;
  openRecent(path: string): void;
  /** Asks the window to act (Up, Down, toggles, focus search). */
  command(name: AppCommand): void;
  openDocs(): void;
  /** undefined: ask each time. */
  setQuitChoice(choice: QuitChoice | undefined): void;
}

export interface MenuState {
  recent: readonly RecentStack[];
  onQuit: QuitChoice | undefined;
}

/**
 * The application menu: every action has a keyboard shortcut, and the window's own keys (Ctrl+O,
 * Ctrl+F) agree with it. Pure, so a test can hold the shortcuts to what the README says.
 */
export function menuTemplate(
  actions: MenuActions,
  { recent, onQuit }: MenuState,
  platform: string,
  devTools: boolean,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Compose File…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFile() },
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openFolder() },
      {
        label: 'Open Recent',
        submenu:
          recent.length === 0
            ? [{ label: 'No recent stacks', enabled: false }]
            : recent.map((r) => ({ label: `${r.name} — ${r.path}`, click: () => actions.openRecent(r.path) })),
      },
      { type: 'separator' },
      {
        label: 'When Quitting',
        submenu: [
          { label: 'Ask', type: 'radio', checked: onQuit === undefined, click: () => actions.setQuitChoice(undefined) },
          {
            label: 'Stop the Stack',
            type: 'radio',
            checked: onQuit === 'stop',
            click: () => actions.setQuitChoice('stop'),
          },
          {
            label: 'Leave It Running',
            type: 'radio',
            checked: onQuit === 'leave',
            click: () => actions.setQuitChoice('leave'),
          },
        ],
      },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  };
  const stack: MenuItemConstructorOptions = {
    label: '&Stack',
    submenu: [
      { label: 'Up', accelerator: 'CmdOrCtrl+Shift+U', click: () => actions.command('up') },
      { label: 'Down', accelerator: 'CmdOrCtrl+Shift+D', click: () => actions.command('down') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { label: 'Find in Logs', accelerator: 'CmdOrCtrl+F', click: () => actions.command('focus-search') },
      { label: 'Show or Fold Logs', accelerator: 'CmdOrCtrl+L', click: () => actions.command('toggle-logs') },
      // No accelerator: a menu's '/' would be taken from every text field too; the window handles it.
      { label: 'Filter Services  (/)', click: () => actions.command('focus-filter') },
      { label: 'Dependency Graph', accelerator: 'CmdOrCtrl+G', click: () => actions.command('toggle-graph') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'togglefullscreen' },
      ...(devTools
        ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]
        : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: 'F1', click: () => actions.command('show-help') },
      { label: 'Stackpilot Documentation', click: () => actions.openDocs() },
    ],
  };
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    stack,
    view,
    { role: 'windowMenu' },
    help,
  ];
}
