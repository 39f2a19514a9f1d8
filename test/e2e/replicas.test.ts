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
const project = `sp-e2e-rep-${randomBytes(3).toString('hex')}`;

const compose = `name: ${project}
services:
  api:
    image: ${TEST_IMAGE}
    init: true
    deploy: { replicas: 2 }
    command: ["sh", "-c", "echo \\"api: serving from $$(hostname)\\"; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 5s, retries: 30 }
  web:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: { api: { condition: service_healthy } }
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'a service with replicas (browser mode, real engine)',
  () => {
    let dir: string;
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    const card = () => page.locator('[data-service="api"]');

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sp-replicas-'));
      writeFileSync(join(dir, 'compose.yaml'), compose);
      app = await startWebApp([dir], { STACKPILOT_CONFIG_DIR: join(dir, 'config') });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(app.url);
      await card().waitFor();
    });

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows 2/2 ready with each replica, and Scale to 3 adds one', async () => {
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'up: ready' }).waitFor({ timeout: 60_000 });
      expect(await card().locator('[data-reason]').first().textContent()).toMatch(/^2\/2 ready/);
      // The row says how many; its detail pane lists each replica.
      expect(await card().locator('td').first().textContent()).toBe('api×2');
      await card().click();
      const detail = page.locator('[data-detail="api"]');
      const chips = detail.getByRole('list', { name: 'api replica states' }).locator('li');
      expect(await chips.allTextContents()).toEqual(['api-1 · ready', 'api-2 · ready']);
      // Both replicas' lines are in the logs, each named.
      await page
        .locator('[data-logs="stack"] [role="log"]')
        .getByText(/^api-2 +│ api: serving from /)
        .first()
        .waitFor({ timeout: ENGINE_WAIT_MS });

      // The run's timeline draws each replica under its service.
      const views = page.getByRole('group', { name: 'show services as' });
      await views.getByRole('button', { name: 'timeline' }).click();
      const timeline = page.getByRole('region', { name: 'run timeline' });
      expect(
        await timeline
          .locator('[data-run-replica]')
          .evaluateAll((r) => r.map((e) => e.getAttribute('data-run-replica'))),
      ).toEqual(['api-1', 'api-2']);
      await page.screenshot({ path: join(SCREENSHOTS, 'replicas-timeline.png') });
      await views.getByRole('button', { name: 'list' }).click();

      await detail.getByLabel('api replicas').fill('3');
      await detail.getByRole('button', { name: 'Scale', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'scale api=3: ready' }).waitFor({ timeout: 60_000 });
      await expect
        .poll(() => chips.allTextContents(), { timeout: ENGINE_WAIT_MS })
        .toEqual(['api-1 · ready', 'api-2 · ready', 'api-3 · ready']);
      expect(await card().locator('[data-reason]').first().textContent()).toMatch(/^3\/3 ready/);
      expect(await page.getByRole('status').textContent()).toContain(`stackpilot up --scale api=3 api -p ${project}`);
      await page.screenshot({ path: join(SCREENSHOTS, 'replicas.png'), fullPage: true });
    });
  },
);
