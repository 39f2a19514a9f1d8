import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dockerdPid, mayControlDockerd, startDockerd, stopDockerd } from '../setup/dockerd';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, launchChromium, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-later-${randomBytes(3).toString('hex')}`;

describe.skipIf(!browserState.available || !engineState.available || !mayControlDockerd().ok)(
  'a stack opened before Docker runs (browser mode)',
  () => {
    let app: WebApp | undefined;
    let browser: Browser | undefined;
    const dir = mkdtempSync(join(tmpdir(), `${project}-`));

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      if (dockerdPid() === undefined) await startDockerd();
      rmSync(dir, { recursive: true, force: true });
    });

    it('says the engine is not there and when it tries again, and turns green by itself once Docker starts', async () => {
      writeFileSync(
        join(dir, 'compose.yaml'),
        `name: ${project}\nservices:\n  hello:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "3600"]\n`,
      );
      await stopDockerd();
      app = await startWebApp([dir]);
      browser = await launchChromium();
      const page: Page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(app.url);
      const before = page.getByRole('region', { name: /Before you start/ });
      await before.waitFor({ timeout: 30_000 });
      await expect
        .poll(() =>
          before.getByRole('list', { name: 'checklist' }).locator(':scope > li').first().getAttribute('aria-label'),
        )
        .toBe('Engine not reachable: needs attention');
      const banner = page.getByRole('alert').filter({ hasText: 'Engine unreachable' });
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent()).toMatch(/Reconnecting in \d+ s \(try \d+\)/);
      await page.screenshot({ path: join(SCREENSHOTS, 'engine-later.png') });
      await startDockerd();
      // Nobody clicks "Check again": the checklist follows the engine.
      await page.getByRole('region', { name: /Ready to start/ }).waitFor({ timeout: 60_000 });
      await banner.waitFor({ state: 'detached', timeout: ENGINE_WAIT_MS });
      expect(await page.getByRole('button', { name: 'Up', exact: true }).isDisabled()).toBe(false);
    }, 150_000);
  },
);
