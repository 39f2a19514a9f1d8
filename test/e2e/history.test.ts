import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, closeUiStack, launchChromium, openUiStack, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { seedHistory } from '../support/seeded-runs';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-history-${randomBytes(3).toString('hex')}`;

// db is slow on purpose: healthy only after its command has slept 2 s, far past the 100 ms its
// seeded history says is usual; web too, so it is ready last whatever the engine's pace (the
// critical path is db → api → web); nothing here depends on how fast the engine happens to be.
const COMPOSE = `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 600 }
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: { db: { condition: service_healthy } }
  web:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 600 }
    depends_on: { api: { condition: service_started } }
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'run history and the timeline (browser mode, real engine)',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    let pageErrors: string[] = [];
    let dir: string;
    let config: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `${project}-`));
      config = join(dir, 'config');
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
      // db ready 100 ms after it started; api and web, which have no health check, at their natural
      // pace (Stackpilot calls a service without one ready after a second of running).
      seedHistory(config, project, dir, 5, [
        { name: 'db', ms: 100 },
        { name: 'api', ms: 1100 },
        { name: 'web', ms: 1100 },
      ]);
      ({ app, browser, page, pageErrors } = await openUiStack(dir, 'web', false, { STACKPILOT_CONFIG_DIR: config }));
    }, 240_000);

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    it('draws the run as bars per service with the critical path, names what was slower than usual, and compares with an earlier run', async () => {
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^up: ready/ })
        .waitFor({ timeout: 60_000 });
      // The notice, the row and the card all say db was slower, with both figures.
      await page.getByText('db was slower than usual').waitFor({ timeout: ENGINE_WAIT_MS });
      await page.locator('[data-service="db"] [data-slower]').waitFor();
      await page.locator('[data-service="db"]').click();
      await expect
        .poll(() => page.locator('[data-slower]').last().textContent())
        .toMatch(
          /^Slower than usual: ready in ([2-9]\.\d|\d\d) s this run, usually 100 ms \(the median of its last 5 runs\)\.$/,
        );

      await page.getByRole('group', { name: 'show services as' }).getByRole('button', { name: 'timeline' }).click();
      const timeline = page.getByRole('region', { name: 'run timeline' });
      await timeline.waitFor();
      expect(
        await timeline
          .locator('[data-run-service]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-service'))),
      ).toEqual(['db', 'api', 'web']);
      expect(await timeline.locator('[data-critical]').count()).toBe(3);
      expect(await timeline.getByLabel('critical path').textContent()).toMatch(
        /^Critical path [\d.]+ s: db [\d.]+ s → api [\d.]+ (m)?s → web [\d.]+ (m)?s$/,
      );
      // db's bar shows it starting for the two seconds it slept, then ready; api waited meanwhile.
      const dbPhases = await timeline
        .getByLabel('db this run')
        .locator('[data-phase]')
        .evaluateAll((s) => s.map((e) => e.getAttribute('data-phase')));
      expect(dbPhases).toContain('starting');
      expect(dbPhases.at(-1)).toBe('ready');
      expect(await timeline.getByLabel('api this run').locator('[data-phase="waiting"]').count()).toBe(1);

      const compare = timeline.getByRole('combobox').nth(1);
      expect(await compare.locator('option').count()).toBe(1 + 5);
      await compare.selectOption({ index: 1 });
      await timeline.getByLabel('db compared run').waitFor();
      expect(await timeline.locator('[data-run-service="db"]').textContent()).toMatch(/\+[\d.]+ s\)/);
      await page.screenshot({ path: join(SCREENSHOTS, 'timeline.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'timeline-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      expect(pageErrors).toEqual([]);
    }, 240_000);

    it('keeps the runs when the app is closed and opened again', async () => {
      await browser.close();
      await app.stop();
      app = await startWebApp([dir], { STACKPILOT_CONFIG_DIR: config });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(app.url);
      await page.locator('[data-service="web"]').waitFor();
      await page.getByRole('group', { name: 'show services as' }).getByRole('button', { name: 'timeline' }).click();
      const runs = page.getByRole('region', { name: 'run timeline' }).getByRole('combobox').first();
      await expect.poll(() => runs.locator('option').count()).toBe(6);
      expect(await runs.locator('option').first().textContent()).toMatch(/ · up · ready · [\d.]+ s$/);
    }, 240_000);
  },
);
