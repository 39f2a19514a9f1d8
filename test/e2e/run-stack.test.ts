import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mayControlDockerd, startDockerd, stopDockerd } from '../setup/dockerd';
import { ROOT, SCREENSHOTS, closeUiStack, launchChromium, recordCards, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-${randomBytes(3).toString('hex')}`;

describe.skipIf(!browserState.available || !engineState.available)(
  'running the demo stack from the UI (browser mode, real engine)',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    const badge = (service: string) => page.locator(`[data-service="${service}"] [data-state]`);

    beforeAll(async () => {
      // Ports of its own, and a project name of its own: the test never touches a demo someone runs.
      app = await startWebApp([join(ROOT, 'resources', 'demo', 'compose.yaml')], {
        COMPOSE_PROJECT_NAME: project,
        DEMO_API_PORT: '28000',
        DEMO_WEB_PORT: '28080',
        DEMO_CACHE_PORT: '26379',
      });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, acceptDownloads: true });
      await page.goto(app.url);
      await page.locator('[data-service]').first().waitFor();
    });

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
    });

    it('Up brings every service to ready, in order, showing a retry on the way', async () => {
      const cards = await recordCards(page);
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      // In the graph, the edges services are waiting on right now are marked.
      await page.keyboard.press('Control+g');
      await page.locator('[data-edge][data-waiting]').first().waitFor({ timeout: ENGINE_WAIT_MS });
      await page.screenshot({ path: join(SCREENSHOTS, 'dependency-graph-waiting.png') });
      await page.keyboard.press('Control+g');
      await expect
        .poll(() => badge('worker').getAttribute('data-state'), { timeout: ENGINE_WAIT_MS })
        .not.toBe('defined');
      // The worker fails its first start on purpose: the retry shows as backoff with a countdown. The
      // backoff lasts 0.5–1 s (1 s with jitter), so it is checked from the record of what the card showed.
      const backoff = async (): Promise<string | null | undefined> =>
        (await cards()).find((c) => c.worker?.state === 'backoff')?.worker?.reason;
      await expect.poll(backoff, { timeout: 30_000 }).toMatch(/^attempt 1\/5 — next try in \d+ s/);
      await page.screenshot({ path: join(SCREENSHOTS, 'failure-retry.png'), fullPage: true });
      await page.getByRole('status').filter({ hasText: 'up: ready' }).waitFor({ timeout: 60_000 });
      for (const s of ['db', 'cache', 'api', 'web', 'worker', 'metrics'])
        expect(await badge(s).getAttribute('data-state')).toBe('ready');
      expect(await badge('migrate').getAttribute('data-state')).toBe('completed');
      expect(await page.locator('[data-overall]').textContent()).toBe('all ready');
      // The worker's failed first start counts as a restart, and its recovery is told.
      expect(await page.locator('[data-service="worker"] [data-restarts]').getAttribute('data-restarts')).toBe('1');
      await page.getByRole('list', { name: 'notices' }).getByText('worker recovered').waitFor();
      expect(await page.getByRole('status').textContent()).toContain(`$ stackpilot up -p ${project}`);
      // And the same with docker compose, copyable.
      const compose = page.getByRole('status').getByRole('button', { name: /^copy: docker compose -p / });
      expect(await compose.textContent()).toMatch(
        new RegExp(`^\\$ docker compose -p ${project} -f \\S+compose\\.yaml up -d --wait$`),
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'stack-running.png'), fullPage: true });
      // The worker's timeline keeps every state change with its reason.
      await page.locator('[data-service="worker"]').click();
      await page.locator('[data-detail="worker"]').getByRole('tab', { name: 'Timeline' }).click();
      const timeline = await page.locator('[data-detail="worker"] ol[aria-label="timeline"] li').allTextContents();
      expect(timeline.some((t) => t.includes('backoff') && t.includes('attempt 1/5 failed'))).toBe(true);
      expect(timeline[0]).toContain('ready');
      // Its failed first start is kept as an exit, with the lines it printed before it.
      await page.locator('[data-detail="worker"]').getByRole('tab', { name: 'Overview' }).click();
      const exits = page.getByRole('region', { name: 'worker exits' });
      expect(await exits.getByRole('heading').textContent()).toBe(
        '1 exit this session · 1 in the last 10 min · 1 restart',
      );
      await exits.locator('summary').click();
      expect(await exits.locator('pre').textContent()).toContain('worker: cannot reach the queue yet');
      expect(await exits.locator('summary').textContent()).toContain('exited with code 1 before it was ready');
      await page.screenshot({ path: join(SCREENSHOTS, 'exits.png') });
      await page.locator('[data-detail="worker"]').getByRole('button', { name: 'close the details' }).click();
    });

    it("shows each running service's CPU and memory, the stack's total, and a service's use drawn", async () => {
      // The engine's stats arrive every 2 s for every running container.
      await expect
        .poll(() => page.locator('[data-service="api"] [data-memory]').getAttribute('data-memory'), {
          timeout: ENGINE_WAIT_MS,
        })
        .toMatch(/^[1-9]\d*$/);
      expect(await page.locator('[data-service="migrate"] [data-memory]').count()).toBe(0);
      expect(Number(await page.locator('[data-total-cpu]').getAttribute('data-total-cpu'))).toBeGreaterThanOrEqual(0);
      await page.locator('[data-service="api"]').click();
      await page.locator('[data-detail="api"]').getByRole('tab', { name: 'Stats' }).click();
      const cpuChart = page.locator('[data-stats="api"]').getByRole('img', { name: /^CPU %/ });
      await expect
        .poll(async () => Number(await cpuChart.getAttribute('data-points')), { timeout: ENGINE_WAIT_MS })
        .toBeGreaterThanOrEqual(2);
      expect(await page.locator('[data-stats="api"] dl').textContent()).toMatch(/memory\d+(\.\d)? (KiB|MiB)/);
      await page.screenshot({ path: join(SCREENSHOTS, 'service-stats.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'service-stats-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.locator('[data-detail="api"]').getByRole('button', { name: 'close the details' }).click();
    });

    it('streams logs, and search finds a line', async () => {
      const log = page.locator('[data-logs="stack"] [role="log"]');
      await page.locator('[data-log-service="metrics"]').first().waitFor({ timeout: ENGINE_WAIT_MS });
      const search = page.getByPlaceholder('Search logs');
      await search.fill('migrate: applying 002_orders');
      await expect.poll(() => log.locator('mark').allTextContents()).toEqual(['migrate: applying 002_orders']);
      const counter = page.getByTitle('matches');
      await expect.poll(() => counter.textContent()).toBe('1/1');
      await page.screenshot({ path: join(SCREENSHOTS, 'logs.png'), fullPage: true });

      // Regex search steps through matches; "only matches" keeps just them.
      await search.fill('applying 00[13]');
      await page.getByRole('button', { name: '.*' }).click();
      await expect.poll(() => log.locator('mark').allTextContents()).toEqual(['applying 001', 'applying 003']);
      await expect.poll(() => counter.textContent()).toBe('2/2');
      await search.press('Enter');
      await expect.poll(() => counter.textContent()).toBe('1/2');
      await page.getByRole('button', { name: 'only matches' }).click();
      await expect.poll(() => log.getAttribute('data-lines')).toBe('2');
      await page.getByRole('button', { name: 'only matches' }).click();
      await page.getByRole('button', { name: '.*' }).click();
      await search.fill('');
      // Stepping to a match paused following, and clearing the search keeps the place: End follows again.
      // (Until then the list shows the lines around the match, and only those are in the page.)
      await log.press('End');
      await page.getByRole('button', { name: /Follow \(End\)/ }).waitFor({ state: 'detached' });

      // The worker's coloured output keeps its colours, and time stamps can be shown.
      const job = log
        .locator('[data-log-service="worker"]')
        .filter({ hasText: /job \d+ done in/ })
        .first();
      // It prints a job line every 2 s.
      await job.waitFor({ timeout: 30_000 });
      expect(await job.locator('span[style*="color"]').first().textContent()).toMatch(/^job \d+$/);
      expect(await job.textContent()).not.toContain('[32m');
      await page.getByRole('button', { name: 'time', exact: true }).click();
      expect(await log.locator('[data-log-service]').last().textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} /);
      await page.getByRole('button', { name: 'time', exact: true }).click();

      // Scrolling up pauses following; new lines are counted; End resumes.
      await log.evaluate((el) => el.scrollBy(0, -400));
      const resume = page.getByRole('button', { name: /Follow \(End\)/ });
      await resume.waitFor();
      await expect.poll(() => resume.textContent(), { timeout: ENGINE_WAIT_MS }).toMatch(/^[\d,]+ new lines? · Follow/);
      await log.press('End');
      await resume.waitFor({ state: 'detached' });

      // Export writes what is shown as plain text.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^sp-e2e-[0-9a-f]+-logs-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.log$/);
      const exported = await readFile(await download.path(), 'utf8');
      expect(exported).toMatch(/ migrate +\| migrate: applying 002_orders\n/);
      expect(exported).not.toContain('\u001b');
    });

    it('stops and restarts one service', async () => {
      await page.locator('[data-service="metrics"]').click();
      await page
        .getByRole('group', { name: 'metrics controls' })
        .getByRole('button', { name: 'Stop', exact: true })
        .click();
      await expect.poll(() => badge('metrics').getAttribute('data-state'), { timeout: 30_000 }).toBe('stopped');
      await page
        .getByRole('group', { name: 'metrics controls' })
        .getByRole('button', { name: 'Start', exact: true })
        .click();
      await expect.poll(() => badge('metrics').getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
      await page.locator('[data-service="cache"]').click();
      await page
        .getByRole('group', { name: 'cache controls' })
        .getByRole('button', { name: 'Restart', exact: true })
        .click();
      await page.getByRole('status').filter({ hasText: 'restart cache: ready' }).waitFor({ timeout: 30_000 });
      expect(await badge('cache').getAttribute('data-state')).toBe('ready');
    });

    it.skipIf(!mayControlDockerd().ok)(
      'shows the engine going away, keeps what it shows, and recovers when it is back',
      async () => {
        // The engine stays down until the banner has been checked: with a plain restart, a fast one could
        // take the banner away between two reads.
        await stopDockerd();
        const banner = page.getByRole('alert').filter({ hasText: 'Engine unreachable' });
        await banner.waitFor({ timeout: 30_000 });
        expect(await banner.textContent()).toMatch(
          /Reconnecting in \d+ s \(try \d+\)\. Controls are off until it is back; what you see is kept\./,
        );
        expect(await page.getByRole('button', { name: 'Up', exact: true }).isDisabled()).toBe(true);
        expect(await page.locator('[data-service]').count()).toBe(7);
        await page.screenshot({ path: join(SCREENSHOTS, 'engine-unreachable.png'), fullPage: true });
        await startDockerd();
        await banner.waitFor({ state: 'detached', timeout: 60_000 });
        // What was running comes back (an engine restart stops containers).
        for (const s of ['db', 'api', 'web', 'metrics'])
          await expect.poll(() => badge(s).getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
      },
      150_000,
    );
  },
);
