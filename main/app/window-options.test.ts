import { describe, expect, it } from 'vitest';
import { isExternalLinkAllowed, windowOptions } from './window-options';

describe('window options (DESIGN.md §5)', () => {
  it('isolates the renderer', () => {
    expect(windowOptions('/app/preload.cjs').webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('lets only http(s) links out', () => {
    expect(isExternalLinkAllowed('https://example.org')).toBe(true);
    expect(isExternalLinkAllowed('http://localhost:8000/docs')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url']) expect(isExternalLinkAllowed(url)).toBe(false);
  });
});
