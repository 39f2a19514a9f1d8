import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT, SCREENSHOTS, launchChromium, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';

const browserState = inject('browser');

describe.skipIf(!browserState.available)(`the stack view in Chromium, browser mode (${browserState.reason})`, () => {
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let broken: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    broken = mkdtempSync(join(tmpdir(), 'stackpilot-e2e-'));
    writeFileSync(
      join(broken, 'compose.yaml'),
      'services:\n  api:\n    image: x\n    depends_on: [dbx]\n    ports: "abc"\n',
    );
    app = await startWebApp([join(ROOT, 'resources', 'demo', 'compose.yaml')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(app.url);
    await page.locator('[data-service]').first().waitFor();
    expect(errors, 'no errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(broken, { recursive: true, force: true });
  });

  it('shows the demo stack: every service, grouped, with descriptions', async () => {
    await expect.poll(() => page.locator('h1#stack-title').textContent()).toBe('stackpilot-demo');
    const names = await page
      .locator('[data-service]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-service')));
    expect(names.sort()).toEqual(['api', 'cache', 'db', 'metrics', 'migrate', 'web', 'worker']);
    const groups = await page
      .locator('table[aria-label="services"] th[id^="group-"]')
      .evaluateAll((els) => els.map((e) => e.id));
    expect(groups).toEqual(['group-infra', 'group-app', 'group-monitoring']);
    expect(await page.locator('[data-service="api"]').getAttribute('title')).toBe(null);
    expect(await page.locator('[data-service="api"] td').first().getAttribute('title')).toBe(
      'HTTP API (busybox httpd serving /hello and /health)',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'stack-view.png'), fullPage: true });
    // The OS's dark theme is followed.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'oklch(0.141 0.005 285.823)',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'stack-view-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('opens a service with Enter: its dependencies with their conditions, its dependents, and the start order', async () => {
    await page.locator('[data-service="api"]').focus();
    await page.keyboard.press('Enter');
    const waits = await page.locator('[data-detail="api"] [data-dependency]').allTextContents();
    expect(waits).toEqual(['db · healthy', 'cache · started', 'migrate · completed']);
    // A dependency opens with a click; Escape closes the pane and gives the row its focus back.
    await page.locator('[data-detail="api"] [data-dependency="db"] button').click();
    expect(
      await page.locator('[data-detail="db"]').getByRole('list', { name: 'needed by' }).locator('li').allTextContents(),
    ).toEqual(['api', 'migrate']);
    await page
      .locator('[data-detail="db"]')
      .getByRole('list', { name: 'needed by' })
      .getByRole('button', { name: 'api' })
      .click();
    await page.locator('[data-detail="api"]').waitFor();
    await page.locator('[data-service="web"]').click();
    expect(await page.locator('[data-detail="web"] [data-dependency]').allTextContents()).toEqual([
      'api · healthy · restarts with it',
    ]);
    await page.locator('[data-detail="web"]').getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('Escape');
    await page.locator('[data-detail]').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-service'))).toBe('web');
    const order = await page.locator('ol[aria-label="start order"] li:not([aria-hidden])').allTextContents();
    expect(order).toEqual(['1cache · db · metrics', '2migrate', '3api', '4web · worker']);
    expect(await page.getByRole('link', { name: '18000→8000' }).getAttribute('href')).toBe('http://localhost:18000');
  });

  it('lights up what a service waits on when it has keyboard focus, and walks the table with ↑/↓', async () => {
    await page.locator('[data-service="api"]').focus();
    const related = async (): Promise<Record<string, string>> =>
      Object.fromEntries(
        await page
          .locator('[data-service]')
          .evaluateAll((els: Element[]) =>
            els.map((e) => [e.getAttribute('data-service') ?? '', e.getAttribute('data-related') ?? ''] as const),
          ),
      );
    expect(await related()).toEqual({
      api: 'focused',
      db: 'dependency',
      cache: 'dependency',
      migrate: 'dependency',
      web: 'dependent',
      worker: 'dependent',
      metrics: '',
    });
    const order = await page
      .locator('[data-service]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-service')));
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-service'))).toBe(
      order[order.indexOf('api') + 1],
    );
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-service'))).toBe(
      order[order.indexOf('api') - 1],
    );
  });

  it('filters with / by name or image, says when nothing matches, and sorts by a column', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('service-filter');
    await page.keyboard.type('infra');
    const shown = async (): Promise<(string | null)[]> =>
      page.locator('[data-service]').evaluateAll((els) => els.map((e) => e.getAttribute('data-service')));
    await expect.poll(shown).toEqual(['cache', 'db']);
    // Every word must match: the group and a part of the name.
    await page.keyboard.type(' ca');
    await expect.poll(shown).toEqual(['cache']);
    // ↓ from the filter goes to the first row, Enter opens it.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('[data-detail="cache"]').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'stack-view-filtered.png') });
    await page.locator('[data-detail="cache"]').getByRole('button', { name: 'close the details' }).click();
    await page.locator('#service-filter').fill('no-such-service');
    await page.getByRole('status').filter({ hasText: 'No service matches “no-such-service”.' }).waitFor();
    await page.locator('#service-filter').fill('');
    await page.getByRole('button', { name: 'Sort by service' }).click();
    await page.getByRole('button', { name: 'Sort by service' }).click();
    expect(await shown()).toEqual(['db', 'cache', 'worker', 'web', 'migrate', 'api', 'metrics']);
    // A third click goes back to start order.
    await page.getByRole('button', { name: 'Sort by service' }).click();
    expect(await shown()).toEqual(['cache', 'db', 'migrate', 'api', 'web', 'worker', 'metrics']);
  });

  it('groups by start level on request', async () => {
    await page.getByRole('button', { name: 'by level' }).click();
    expect(await page.locator('table[aria-label="services"] th[id^="group-"]').allTextContents()).toEqual([
      'Level 1 · starts first · 3',
      'Level 2 · 1',
      'Level 3 · 1',
      'Level 4 · 2',
    ]);
    await page.getByRole('button', { name: 'by group' }).click();
  });

  it('draws the dependency graph, each edge with its condition, switched with Ctrl+G', async () => {
    await page.keyboard.press('Control+g');
    await page.locator('[data-node="api"]').waitFor();
    const nodes = await page.locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
    expect(nodes.sort()).toEqual(['api', 'cache', 'db', 'metrics', 'migrate', 'web', 'worker']);
    const edges = await page.locator('[data-edge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')));
    expect(edges.sort()).toEqual(
      ['api->web', 'api->worker', 'cache->api', 'db->api', 'db->migrate', 'migrate->api'].sort(),
    );
    // Start order reads left to right.
    const x = async (n: string): Promise<number> => (await page.locator(`[data-node="${n}"]`).boundingBox())?.x ?? 0;
    expect(await x('db')).toBeLessThan(await x('migrate'));
    expect(await x('migrate')).toBeLessThan(await x('api'));
    expect(await x('api')).toBeLessThan(await x('web'));
    expect(await page.getByRole('region', { name: 'Dependency graph' }).textContent()).toContain('completed');
    await page.screenshot({ path: join(SCREENSHOTS, 'dependency-graph.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'dependency-graph-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Control+g');
    await page.locator('[data-service="api"]').waitFor();
  });

  it('lists every keyboard shortcut on F1', async () => {
    await page.locator('body').press('F1');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Ctrl+Shift+U');
    await page.screenshot({ path: join(SCREENSHOTS, 'shortcuts.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('opens a broken stack from the keyboard and shows each error with file:line:col', async () => {
    await page.keyboard.press('Control+o');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-path');
    await page.keyboard.type(broken);
    await page.keyboard.press('Enter');
    const errors = page.locator('ul[aria-label="errors"] li');
    await errors.first().waitFor();
    const texts = await errors.allTextContents();
    expect(texts.some((t) => t.includes('compose.yaml:5:12') && t.includes('services.api.ports must be a list'))).toBe(
      true,
    );
    expect(texts.some((t) => t.includes('compose.yaml:4:18') && t.includes('depends on undefined service "dbx"'))).toBe(
      true,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'invalid-stack.png'), fullPage: true });
  });

  it('offers the stacks opened before, and only those that loaded', async () => {
    const recent = await page
      .locator('#recent-stacks option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(recent).toEqual([join(ROOT, 'resources', 'demo', 'compose.yaml')]);
  });
});
