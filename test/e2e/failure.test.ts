import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, closeUiStack, launchChromium, recordCards, startWebApp } from '../support/web-app';
import type { CardView, WebApp } from '../support/web-app';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-fail-${randomBytes(3).toString('hex')}`;

const compose = `name: ${project}
services:
  settings:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo 'settings: reading /etc/app.toml'; echo 'settings: /etc/app.toml: no such file' >&2; exit 2"]
    healthcheck: { test: ["CMD", "test", "-f", "/never"], interval: 5s }
    x-stackpilot: { retry: { attempts: 2, delay: 3s, max_delay: 3s } }
  app:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "exec sleep 3600"]
    depends_on:
      settings: { condition: service_healthy }
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'a service that keeps failing (browser mode, real engine)',
  () => {
    let dir: string;
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    const card = (service: string) => page.locator(`[data-service="${service}"]`);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sp-failure-'));
      writeFileSync(join(dir, 'compose.yaml'), compose);
      app = await startWebApp([dir], { STACKPILOT_CONFIG_DIR: join(dir, 'config') });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(app.url);
      await card('settings').waitFor();
    });

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the retry countdown, then the failure with its exit code and last lines, and what it blocks', async () => {
      const cards = await recordCards(page);
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      const reason = card('settings').locator('[data-reason]');
      // From the record of what the cards showed: the backoff lasts 1.5–3 s, and two reads of the page
      // could straddle its end. The dependent says what it waits on while the retry is pending.
      const inBackoff = async (): Promise<Record<string, CardView> | undefined> =>
        (await cards()).find((c) => c.settings?.state === 'backoff');
      await expect
        .poll(async () => (await inBackoff())?.settings?.reason, { timeout: ENGINE_WAIT_MS })
        .toMatch(/^attempt 1\/2 — next try in [123] s/);
      expect((await inBackoff())?.app?.state).toBe('waiting');

      await card('settings').locator('[data-state="failed"]').waitFor({ timeout: 30_000 });
      expect(await reason.textContent()).toContain('exited with code 2');
      await card('settings').click();
      const lastLines = await page.getByLabel('settings last lines').textContent();
      expect(lastLines).toContain('settings: /etc/app.toml: no such file');
      expect(await card('app').locator('[data-state]').getAttribute('data-state')).toBe('blocked');
      expect(await card('app').locator('[data-reason]').textContent()).toMatch(
        /^waiting for settings \(healthy\), which is failed/,
      );
      await card('app').click();
      expect(await page.locator('[data-detail="app"] [data-dependency="settings"]').textContent()).toContain(
        '· failed',
      );
      expect(await page.locator('[data-overall]').textContent()).toBe('something failed');
      await page.getByRole('list', { name: 'notices' }).getByText('settings failed').waitFor();
      expect(await page.getByRole('status').filter({ hasText: /^up:/ }).textContent()).toContain('settings failed');
      await page.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true });
    }, 240_000);
  },
);
