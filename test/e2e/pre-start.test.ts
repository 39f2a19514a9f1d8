import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, closeUiStack, launchChromium, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-hooks-${randomBytes(3).toString('hex')}`;

const compose = `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    pre_start:
      - command: ["sh", "-c", "echo preparing /data; echo schema ready"]
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: [db]
    pre_start:
      - command: ["sh", "-c", "echo checking migrations >&2; echo 'migration 0042 failed: column exists' >&2; exit 3"]
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'pre_start hooks in the window (browser mode, real engine)',
  () => {
    let dir: string;
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    const card = (service: string) => page.locator(`[data-service="${service}"]`);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sp-pre-start-'));
      writeFileSync(join(dir, 'compose.yaml'), compose);
      app = await startWebApp([dir], { STACKPILOT_CONFIG_DIR: join(dir, 'config') });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(app.url);
      await card('db').waitFor();
    });

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    it('says what a passing hook did, and a failing one’s exit code and output; light and dark', async () => {
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      await card('api').locator('[data-state="failed"]').waitFor({ timeout: 60_000 });
      expect(await card('api').locator('[data-reason]').textContent()).toMatch(
        /^pre_start hook 1 \(sh -c .*\) exited with code 3: migration 0042 failed: column exists/,
      );
      await card('api').click();
      expect(await page.getByLabel('api last lines').textContent()).toContain('migration 0042 failed: column exists');
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: join(SCREENSHOTS, `pre-start-failed-${scheme}.png`) });
      }
      await page.emulateMedia({ colorScheme: 'light' });
      await card('db').click();
      await page.locator('[data-detail="db"]').getByRole('tab', { name: 'Timeline' }).click();
      await expect
        .poll(async () => page.locator('[data-detail="db"]').textContent(), { timeout: ENGINE_WAIT_MS })
        .toContain('pre_start hook 1 (sh -c echo preparing /data; echo schema ready) passed: schema ready');
      // Each step in the timeline (the service stays starting through them): running, then passed.
      expect(await page.locator('[data-detail="db"] [data-kind="hook"]').count()).toBe(2);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: join(SCREENSHOTS, `pre-start-passed-${scheme}.png`) });
      }
    });
  },
);
