import { BrowserWindow } from 'electron';
import type { Rectangle } from 'electron';
import { MIN_SIZE } from './window-state';

/**
 * The one place a window is made, with the web preferences of ARCHITECTURE.md ("The window's security") written out where
 * `new BrowserWindow` is (so a static checker such as Electronegativity sees them, and a test can
 * hold them to it with electron mocked).
 */
export function createSecureWindow(
  preloadPath: string,
  bounds: Partial<Rectangle> & { width: number; height: number },
): BrowserWindow {
  return new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Stackpilot',
    backgroundColor: '#0f1115',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click on a link would open it in a new Electron window; links go to the browser.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** Only http(s) links leave the app, and only through the system browser. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
