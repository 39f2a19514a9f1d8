import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, closeUiStack, openUiStack } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-watch-${randomBytes(3).toString('hex')}`;

const COMPOSE = `name: ${project}
services:
  web:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "mkdir -p /srv/app && exec httpd -f -p 8000 -h /srv/app"]
    develop:
      watch:
        - action: sync
          path: ./site
          target: /srv/app
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
`;

const inWeb = (...command: string[]): string => {
  try {
    return execFileSync('docker', ['exec', `${project}-web-1`, ...command], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return '<failed>';
  }
};

describe.skipIf(!browserState.available || !engineState.available)(
  'the Watch toggle (browser mode, real engine)',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    let dir: string;
    let pageErrors: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `${project}-`));
      mkdirSync(join(dir, 'site'));
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
      ({ app, browser, page, pageErrors } = await openUiStack(dir, 'web'));
    }, 240_000);

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    it('syncs a file saved on the host into the container, and keeps the sync in the service’s timeline', async () => {
      const toggle = page.getByRole('button', { name: 'Watch', exact: true });
      expect(await toggle.getAttribute('title')).toContain('web: sync ./site → /srv/app');
      await toggle.click();
      const on = page.getByRole('button', { name: 'Watching' });
      await on.waitFor();
      expect(await on.getAttribute('aria-pressed')).toBe('true');

      writeFileSync(join(dir, 'site', 'index.html'), '<h1>saved in the editor</h1>\n');
      await expect
        .poll(() => inWeb('cat', '/srv/app/index.html'), { timeout: 30_000 })
        .toBe('<h1>saved in the editor</h1>\n');
      await expect
        .poll(() => page.getByTestId('watch-last').textContent(), { timeout: ENGINE_WAIT_MS })
        .toBe('web: sync: 1 file copied (1 change)');

      await page.locator('[data-service="web"]').click();
      await page.locator('[data-detail="web"]').getByRole('tab', { name: 'Overview' }).click();
      expect(await page.getByRole('list', { name: 'web watch rules' }).textContent()).toBe('sync ./site → /srv/app');
      await page.locator('[data-detail="web"]').getByRole('tab', { name: 'Timeline' }).click();
      const entry = page.locator('[aria-label="timeline"] li[data-kind="watch"]').first();
      await entry.waitFor();
      expect(await entry.textContent()).toContain('sync: 1 file copied (1 change)');
      await page.screenshot({ path: join(SCREENSHOTS, 'watch.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'watch-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });

      // An edit to the compose file reloads the stack: the watch goes on, with the rules as they now are.
      await page.locator('[data-detail="web"]').getByRole('tab', { name: 'Overview' }).click();
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('target: /srv/app', 'target: /srv/app/v2'));
      await expect
        .poll(
          () =>
            page
              .getByRole('list', { name: 'web watch rules' })
              .textContent()
              .catch(() => ''),
          { timeout: ENGINE_WAIT_MS },
        )
        .toBe('sync ./site → /srv/app/v2');
      await page.getByRole('button', { name: 'Watching' }).waitFor();
      writeFileSync(join(dir, 'site', 'second.html'), 'two\n');
      await expect.poll(() => inWeb('cat', '/srv/app/v2/second.html'), { timeout: 30_000 }).toBe('two\n');

      await on.click();
      await page.getByRole('button', { name: 'Watch', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Watch', exact: true }).getAttribute('aria-pressed')).toBe('false');
      expect(pageErrors).toEqual([]);
    }, 240_000);
  },
);
