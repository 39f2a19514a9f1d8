import { execFileSync } from 'node:child_process';
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
const project = `sp-e2e-vol-${randomBytes(3).toString('hex')}`;

const compose = (label: string): string => `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    environment: { EDITION: "${label}" }
    volumes: [data:/data]
volumes:
  data:
    labels: { edition: "${label}" }
`;

const volumeLabel = (): string =>
  execFileSync('docker', ['volume', 'inspect', `${project}_data`, '-f', '{{ index .Labels "edition" }}'], {
    encoding: 'utf8',
  }).trim();

describe.skipIf(!browserState.available || !engineState.available)(
  'a volume whose definition changed, in the window (browser mode, real engine)',
  () => {
    let dir: string;
    let app: WebApp;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sp-changed-volume-'));
      writeFileSync(join(dir, 'compose.yaml'), compose('one'));
      app = await startWebApp([dir], { STACKPILOT_CONFIG_DIR: join(dir, 'config') });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(app.url);
      await page.locator('[data-service="db"]').waitFor();
    });

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      execFileSync('docker', ['volume', 'rm', '-f', `${project}_data`], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    });

    it('asks before making it anew, says its data is lost, and Up goes on once the user says yes', async () => {
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^up: ready/ })
        .waitFor({ timeout: 60_000 });
      expect(volumeLabel()).toBe('one');

      writeFileSync(join(dir, 'compose.yaml'), compose('two'));
      // The edit is read: db is outdated (its environment changed with the volume).
      await page.getByRole('region', { name: 'outdated services' }).waitFor({ timeout: ENGINE_WAIT_MS });
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      const status = page.getByRole('status').filter({ hasText: /^up: volume/ });
      await status.waitFor({ timeout: 30_000 });
      expect(await status.textContent()).toContain(
        `up: volume "${project}_data" exists but doesn't match configuration in compose file; nothing was started`,
      );
      // Nothing was touched while the question is open.
      expect(volumeLabel()).toBe('one');
      const yes = page.getByRole('button', { name: `Recreate ${project}_data (its data is lost) and Up` });
      expect(await yes.getAttribute('title')).toBe(`Recreate volume "${project}_data"? Its data will be lost.`);
      // The terminal's way to say yes, copyable.
      expect(
        await page
          .getByRole('status')
          .getByRole('button', { name: /^copy: stackpilot up -y/ })
          .count(),
      ).toBe(1);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: join(SCREENSHOTS, `changed-volume-${scheme}.png`) });
      }
      await page.emulateMedia({ colorScheme: 'light' });

      await yes.click();
      await page
        .getByRole('status')
        .filter({ hasText: /^up: ready/ })
        .waitFor({ timeout: 60_000 });
      expect(volumeLabel()).toBe('two');
      expect(await page.locator('[data-service="db"] [data-state]').getAttribute('data-state')).toBe('ready');
      await yes.waitFor({ state: 'detached' });
    });
  },
);
