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
      // Row renders are counted from the rows' own DOM writes: each change of a row's cells is one
      // mutation record batch on that row.
      await page.evaluate(() => {
        const w = window as unknown as { __rowWrites: number; __tableWrites: number };
        w.__rowWrites = 0;
        w.__tableWrites = 0;
        const table = document.querySelector('table[aria-label="services"]');
        if (!table) return;
        new MutationObserver((records) => {
          const rows = new Set(records.map((r) => (r.target instanceof Element ? r.target : r.target.parentElement)?.closest('tr[data-service]')).filter(Boolean));
          w.__rowWrites += rows.size;
          w.__tableWrites++;
        }).observe(table, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      await checkAndResetMainThread(page);
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      const status = page.getByRole('status').filter({ hasText: /^up: / });
      await status.waitFor({ timeout: 240_000 });
      const seconds = (Date.now() - t0) / 1000;
      const main = await readMainThread(page);
      const changes = await page.evaluate(() => (window as unknown as { __rowWrites: number; __tableWrites: number }).__rowWrites);
      console.log(
        [
          '',
          `The window during Up of 57 services (self-hosted Sentry's graph), Chromium, browser mode, 1400×900`,
          `    Up took            ${seconds.toFixed(1)} s (${(await status.textContent())?.slice(0, 40)})`,
          `    longest task       ${describeLongest(main)}   (target: none over 200 ms)`,
          `    frames drawn       ${main.frames} in ${seconds.toFixed(1)} s = ${(main.frames / seconds).toFixed(0)} fps`,
          `    rows written       ${changes} row updates in the DOM while 57 services changed state`,
        ].join('\n'),
      );
      expect(await status.textContent()).toMatch(/^up: ready/);
    } finally {
      await closeUiStack({ page, browser, app }, project);
    }
  }, 400_000);
});
