import { BrowserWindow, Menu, Notification, Tray, app, dialog, nativeImage, screen, session, shell } from 'electron';
import type { MessageBoxOptions } from 'electron';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppCommand, EventChannel, EventMap, NoticeView } from '../../preload/contract';
import { VERSION } from '../version';
import { engineAccess } from '../docker/engine-access';
import { systemClock } from '../orchestrator/clock';
import { createAppCore } from '../ipc/app-core';
import type { AppCore } from '../ipc/app-core';
import { OVERALL_WORDS } from '../session/overall';
import type { OverallState } from '../session/overall';
import { SettingsStore } from '../session/settings-store';
import { menuTemplate } from './app-menu';
import { registerIpc, sendEvent } from './ipc-bridge';
import { QUIT_BUTTONS, createQuitHandler } from './quit-policy';
import type { QuitChoice } from './quit-policy';
import { trayIconPng } from './tray-icon';
import { createSecureWindow, isExternalLinkAllowed } from './window-options';
import { restoreBounds } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
const DOCS = 'https://github.com/stackpilot/stackpilot#readme';

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;

function createWindow(core: AppCore, settings: SettingsStore): BrowserWindow {
  const bounds = restoreBounds(
    settings.get().window,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const { maximized, ...size } = bounds;
  const win = createSecureWindow(join(here, '../preload/index.cjs'), size);
  if (maximized) win.maximize();
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  const remember = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    settings.update({ window: { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() } });
  };
  let timer: NodeJS.Timeout | undefined;
  const rememberSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(remember, 500);
  };
  win.on('resize', rememberSoon);
  win.on('move', rememberSoon);
  win.on('close', remember);
  const off = core.addSink((event, payload) => sendEvent(win.webContents, event, payload));
  win.on('closed', () => {
    clearTimeout(timer);
    off();
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

function showWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function sendCommand(name: AppCommand): void {
  if (mainWindow) sendEvent(mainWindow.webContents, 'app:command', name);
}

async function chooseAndOpen(core: AppCore, kind: 'file' | 'folder'): Promise<void> {
  const options: Electron.OpenDialogOptions =
    kind === 'file'
      ? {
          title: 'Open a compose file',
          properties: ['openFile'],
          filters: [
            { name: 'Compose files', extensions: ['yaml', 'yml'] },
            { name: 'All files', extensions: ['*'] },
          ],
        }
      : { title: 'Open a folder with a compose file', properties: ['openDirectory'] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  const path = result.filePaths[0];
  if (!result.canceled && path) core.stacks.open({ path });
}

function buildMenu(core: AppCore, settings: SettingsStore): void {
  const template = menuTemplate(
    {
      openFile: () => void chooseAndOpen(core, 'file'),
      openFolder: () => void chooseAndOpen(core, 'folder'),
      openRecent: (path) => core.stacks.open({ path }),
      command: sendCommand,
      openDocs: () => void shell.openExternal(DOCS),
      setQuitChoice: (choice) => {
        settings.update({ onQuit: choice });
        buildMenu(core, settings);
      },
    },
    { recent: settings.get().recent, onQuit: settings.get().onQuit },
    process.platform,
    !app.isPackaged,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function updateTray(core: AppCore, state: OverallState): void {
  if (!tray) return;
  const shown = core.stacks.current.shown;
  const open = core.stacks.list().stacks;
  const name = open.length > 1 ? `${open.length} stacks` : shown?.status === 'loaded' ? shown.stack.name : 'no stack';
  tray.setImage(nativeImage.createFromBuffer(trayIconPng(state), { scaleFactor: 2 }));
  tray.setToolTip(`Stackpilot — ${name}: ${OVERALL_WORDS[state]}`);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: `${name}: ${OVERALL_WORDS[state]}`, enabled: false },
      { type: 'separator' },
      { label: 'Show Stackpilot', click: showWindow },
      ...open.map((s) => ({
        label: `${s.name}: ${s.overall.words}`,
        click: () => (core.stacks.open({ path: s.path }), showWindow()),
      })),
      { type: 'separator' },
      { label: 'Up', click: () => void core.stacks.current.session.up() },
      { label: 'Down', click: () => void core.stacks.current.session.down() },
      { type: 'separator' },
      { label: 'Quit', click: () => app.quit() },
    ]),
  );
}

function notify(notice: NoticeView, enabled: boolean): void {
  // The window shows its own toast; the desktop notification is for when you are elsewhere.
  if (!enabled || !Notification.isSupported() || mainWindow?.isFocused()) return;
  const n = new Notification({ title: notice.title, body: notice.body, silent: notice.level !== 'error' });
  n.on('click', showWindow);
  n.show();
}

/** The quit dialog: stop the stack, leave it running, or cancel; with "remember my choice". */
async function askQuitChoice(): Promise<{ choice: QuitChoice | 'cancel'; remember: boolean }> {
  const options: MessageBoxOptions = {
    type: 'question',
    message: 'The stack is still running.',
    detail:
      'Stop its services before quitting, or leave them running? (Stackpilot picks them up again next time.) You can change this later in File › When Quitting.',
    buttons: QUIT_BUTTONS.map((b) => b.label),
    defaultId: 0,
    cancelId: 2,
    checkboxLabel: 'Remember my choice',
  };
  const { response, checkboxChecked } = mainWindow
    ? await dialog.showMessageBox(mainWindow, options)
    : await dialog.showMessageBox(options);
  return { choice: QUIT_BUTTONS[response]?.choice ?? 'cancel', remember: checkboxChecked };
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_e, contents) =>
    contents.on('will-attach-webview', (event) => event.preventDefault()),
  );

  void app.whenReady().then(() => {
    // The UI needs no browser permission (camera, notifications from the page, …): refuse them all.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    const settings = new SettingsStore(join(app.getPath('userData'), 'settings.json'));
    const core = createAppCore(
      { cwd: process.cwd(), homeDir: homedir(), env: process.env },
      { version: VERSION, mode: 'electron', platform: process.platform },
      engineAccess(process.env, homedir()),
      systemClock,
      settings,
      join(app.getPath('userData'), 'history'),
    );
    registerIpc(
      core.handlers,
      (event) =>
        mainWindow !== null &&
        event.sender === mainWindow.webContents &&
        event.senderFrame === mainWindow.webContents.mainFrame,
    );
    // A path on the command line; else the last stack that still exists; on first run, the bundled demo.
    const argPath = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => !a.startsWith('-'));
    const last = settings.get().recent.find((r) => existsSync(r.path))?.path;
    const first = argPath ?? last ?? join(app.getAppPath(), 'resources', 'demo', 'compose.yaml');
    core.stacks.open({ path: first });
    buildMenu(core, settings);

    tray = new Tray(nativeImage.createFromBuffer(trayIconPng('idle'), { scaleFactor: 2 }));
    tray.on('click', showWindow);
    let shown: OverallState | undefined;
    const refreshTray = (): void => {
      const state = core.stacks.overall();
      if (state === shown) return;
      shown = state;
      updateTray(core, state);
    };
    refreshTray();
    core.addSink(<E extends EventChannel>(event: E, payload: EventMap[E]) => {
      if (event === 'stack:changed') buildMenu(core, settings);
      // The list of open stacks is in the tray's menu: a change to it redraws the menu.
      if (event === 'stacks:changed') shown = undefined;
      if (event === 'service:state' || event === 'stack:changed' || event === 'stacks:changed') refreshTray();
      if (event === 'app:notice') notify(payload as NoticeView, core.settings.get().notifications);
      if (event === 'settings:changed') buildMenu(core, settings);
    });

    mainWindow = createWindow(core, settings);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(core, settings);
    });
    app.on(
      'before-quit',
      createQuitHandler({
        isRunning: () => core.stacks.all().some((s) => s.session.overall().running),
        remembered: () => settings.get().onQuit,
        ask: askQuitChoice,
        remember: (onQuit) => {
          settings.update({ onQuit });
          buildMenu(core, settings);
        },
        stopAll: async () => {
          await Promise.all(core.stacks.all().map((s) => s.session.stopAll()));
        },
        close: () => core.close(),
        quit: () => app.quit(),
      }),
    );
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

start();
