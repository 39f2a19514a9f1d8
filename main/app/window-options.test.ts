import { describe, expect, it, vi } from 'vitest';

const made: unknown[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: unknown) {
      made.push(options);
    }
  },
}));

const { createSecureWindow, isExternalLinkAllowed } = await import('./window-options');

describe("window options (ARCHITECTURE.md, the window's security; electron mocked)", () => {
  it('isolates the renderer', () => {
    createSecureWindow('/app/preload.cjs', { x: 10, y: 20, width: 1000, height: 700 });
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      show: false,
      webPreferences: {
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
  });

  it('lets only http(s) links out', () => {
    expect(isExternalLinkAllowed('https://example.org')).toBe(true);
    expect(isExternalLinkAllowed('http://localhost:8000/docs')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url'])
      expect(isExternalLinkAllowed(url)).toBe(false);
  });
});
