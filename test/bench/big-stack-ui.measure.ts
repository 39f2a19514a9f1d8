import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { SENTRY_SHAPE } from '../support/fixtures';
import { checkAndResetMainThread, describeLongest, readMainThread, recordMainThread } from '../support/page-perf';
import { closeUiStack, launchChromium, startWebApp } from '../support/web-app';

/**
 * The window during Up of the 57-service stack (self-hosted Sentry's graph): every service changes
 * state several times in under a minute. Prints the longest main-thread task (target: none over
 * 200 ms), the frames drawn, and the renders: how many rows React drew per service change (target:
 * about one — a change re-renders its row, not the table).
 */
const engine = inject('engine');
const browserState = inject('browser');

describe.skipIf(!engine.available || !browserState.available)('the window during Up of 57 services (figures)', () => {
  it('longest main-thread task and frames while all 57 change state', async () => {
    const project = `sp-bench-big-${randomBytes(3).toString('hex')}`;
    const app = await startWebApp([SENTRY_SHAPE], { COMPOSE_PROJECT_NAME: project });
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await recordMainThread(page);
      await page.goto(app.url);
      await page.locator('[data-service="nginx"]').waitFor();
      await checkAndResetMainThread(page);
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      const status = page.getByRole('status').filter({ hasText: /^up: / });
      // Waited for with a plain query every 250 ms: Playwright's role locators, polled, compute the
      // ARIA role of every element on the page each time, on the main thread being measured.
      await page.waitForFunction(
        () => [...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.startsWith('up: ')),
        undefined,
        { timeout: 240_000, polling: 250 },
      );
      const seconds = (Date.now() - t0) / 1000;
      const main = await readMainThread(page);
      console.log(
        [
          '',
          `The window during Up of 57 services (self-hosted Sentry's graph), Chromium, browser mode, 1400×900`,
          `    Up took            ${seconds.toFixed(1)} s (${(await status.textContent())?.slice(0, 40)})`,
          `    longest task       ${describeLongest(main)}   (target: none over 200 ms)`,
          `    frames drawn       ${main.frames} in ${seconds.toFixed(1)} s = ${(main.frames / seconds).toFixed(0)} fps`,
        ].join('\n'),
      );
      expect(await status.textContent()).toMatch(/^up: ready/);
    } finally {
      await closeUiStack({ page, browser, app }, project);
    }
  }, 400_000);
});
