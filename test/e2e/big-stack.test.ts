import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SENTRY_SHAPE } from '../support/fixtures';
import { SCREENSHOTS, closeUiStack, launchChromium, recordCards, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-big-${randomBytes(3).toString('hex')}`;

/** Rows whose whole box is inside the window, each with its state badge. */
function rowsOnScreen(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll('tr[data-service]')].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= 0 && b.bottom <= window.innerHeight && r.querySelector('[data-state]') !== null;
      }).length,
  );
}

describe.skipIf(!browserState.available || !engineState.available)(
  'a 57-service stack (the graph of self-hosted Sentry) in the window',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      app = await startWebApp([SENTRY_SHAPE], { COMPOSE_PROJECT_NAME: project });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(app.url);
      await page.locator('[data-service]').first().waitFor();
    });

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
    });

    it('shows at least 30 services with their state on a 1400×900 screen, without scrolling', async () => {
      expect(await page.locator('tr[data-service]').count()).toBe(57);
      expect(await rowsOnScreen(page)).toBeGreaterThanOrEqual(30);
      // The page itself does not scroll: the table does, inside the window.
      expect(await page.evaluate(() => document.scrollingElement?.scrollHeight ?? 0)).toBeLessThanOrEqual(900);
      expect(await page.locator('ol[aria-label="start order"] > li:not([aria-hidden])').allTextContents()).toEqual([
        '110 services',
        '2kafka',
        '321 services',
        '423 services',
        '5relay',
        '6nginx',
      ]);
      await page.screenshot({ path: join(SCREENSHOTS, 'big-stack.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'big-stack-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('filters from the keyboard, and "only failing" says when nothing is', async () => {
      await page.keyboard.press('/');
      await page.keyboard.type('snuba');
      await expect.poll(() => page.locator('tr[data-service]').count()).toBe(20);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('tr[data-service]').count()).toBe(57);
      await page.getByRole('button', { name: /^only failing/ }).click();
      await page.getByRole('status').filter({ hasText: 'Nothing is failing.' }).waitFor();
      await page.getByRole('button', { name: /^only failing/ }).click();
    });

    it('Up brings all 57 to ready or completed, each row following its own service', async () => {
      const record = await recordCards(page, ['kafka', 'zookeeper', 'relay', 'web']);
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      // A CSS locator, not a role one: polled for a minute, role queries over 57 rows load the page.
      const status = page.locator('[role="status"]', { hasText: /^up: / });
      await status.waitFor({ timeout: 240_000 });
      expect(await status.textContent()).toMatch(/^up: ready/);
      const states = await page
        .locator('tr[data-service] [data-state]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
      expect(states.filter((s) => s === 'ready')).toHaveLength(56);
      expect(states.filter((s) => s === 'completed')).toHaveLength(1);
      // Each row went through its own states: kafka waited for zookeeper before it started.
      const seen = await record();
      expect(seen.some((c) => c.kafka?.state === 'waiting' && c.zookeeper?.state !== 'ready')).toBe(true);
      expect(seen.some((c) => c.relay?.state === 'waiting' && /web/.test(c.relay.reason ?? ''))).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, 'big-stack-running.png') });
      await page.locator('[data-service="kafka"]').click();
      await page
        .locator('[data-detail="kafka"]')
        .getByRole('button', { name: /^\+\d+ more$/ })
        .waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'big-stack-detail.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'big-stack-detail-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    }, 300_000);
  },
);
