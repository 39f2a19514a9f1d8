import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SCREENSHOTS, launchChromium, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';

const browserState = inject('browser');

describe.skipIf(!browserState.available)('settings and profiles (browser mode)', () => {
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sp-e2e-settings-'));
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  app:\n    image: busybox\n  debugger:\n    image: busybox\n    profiles: [debug]\n  seed:\n    image: busybox\n    profiles: [tools, debug]\n',
    );
    app = await startWebApp([dir], { STACKPILOT_CONFIG_DIR: join(dir, 'config') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app.url);
    await page.locator('[data-service="app"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("picks profiles: the file's profiles with their services, and the stack again with the ones ticked", async () => {
    const names = (): Promise<(string | null)[]> =>
      page.locator('[data-service]').evaluateAll((els) => els.map((e) => e.getAttribute('data-service')));
    expect(await names()).toEqual(['app']);
    await page.getByRole('button', { name: /^profiles: none/ }).click();
    const picker = page.getByRole('dialog', { name: 'profiles' });
    expect(await picker.locator('li').allTextContents()).toEqual(['debugdebugger, seed', 'toolsseed']);
    await picker.getByRole('checkbox').first().check();
    await page.screenshot({ path: join(SCREENSHOTS, 'profiles.png') });
    await picker.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(names).toEqual(['app', 'debugger', 'seed']);
    expect(await page.getByRole('button', { name: /^profiles: / }).textContent()).toBe('profiles: debug ▾');
  });

  it('saves settings as they change: the theme applies at once and stays after a reload', async () => {
    await page.getByRole('button', { name: 'settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'dark' }).check();
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
      .toBe('oklch(0.141 0.005 285.823)');
    await dialog.getByLabel('engine concurrency').fill('3');
    await dialog.getByLabel('engine concurrency').blur();
    await dialog.getByLabel('when quitting').selectOption('leave');
    await expect
      .poll(() => JSON.parse(readFileSync(join(dir, 'config', 'settings.json'), 'utf8')) as Record<string, unknown>)
      .toMatchObject({ theme: 'dark', concurrency: 3, onQuit: 'leave' });
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-dark.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await page.locator('[data-service="app"]').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.className)).toBe('dark');
    // Light, whatever the system says.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: 'settings', exact: true }).click();
    await dialog.getByRole('radio', { name: 'light' }).check();
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
      .toBe('oklch(0.985 0 none)');
    await page.screenshot({ path: join(SCREENSHOTS, 'settings.png') });
    await dialog.getByRole('radio', { name: 'as the system' }).check();
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor))
      .toBe('oklch(0.141 0.005 285.823)');
    await page.emulateMedia({ colorScheme: 'light' });
    await dialog.getByRole('button', { name: 'Done' }).click();
  });
});
