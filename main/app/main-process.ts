import { BrowserWindow, app, shell } from 'electron';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../cli/run';
import { DockerEngine } from '../docker/engine-client';
import { systemClock } from '../engine/clock';
import { createAppCore } from '../ipc/app-core';
import type { AppCore } from '../ipc/app-core';
import { registerIpc, sendEvent } from './ipc-bridge';
import { isExternalLinkAllowed, windowOptions } from './window-options';

const here = dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;

function createWindow(core: AppCore): BrowserWindow {
  const win = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  const off = core.addSink((event, payload) => sendEvent(win.webContents, event, payload));
  win.on('closed', off);
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_e, contents) => contents.on('will-attach-webview', (event) => event.preventDefault()));

  void app.whenReady().then(() => {
    const core = createAppCore({ cwd: process.cwd(), homeDir: homedir(), env: process.env }, { version: VERSION, mode: 'electron', platform: process.platform }, () => DockerEngine.connect(process.env, homedir()), systemClock);
    const { session } = core;
    registerIpc(core.handlers, (event) => mainWindow !== null && event.sender === mainWindow.webContents && event.senderFrame === mainWindow.webContents.mainFrame);
    const argPath = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => !a.startsWith('-'));
    session.open({ path: argPath ?? join(app.getAppPath(), 'resources', 'demo', 'compose.yaml') });
    mainWindow = createWindow(core);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(core);
    });
    app.on('before-quit', () => core.close());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

start();
