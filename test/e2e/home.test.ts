import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { hasDockerCompose } from '../support/docker-compose';
import { ROOT, SCREENSHOTS, launchChromium, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const suffix = randomBytes(3).toString('hex');
const byCli = `sp-e2e-home-cli-${suffix}`;
const byCompose = `sp-e2e-home-dc-${suffix}`;

const stackYaml = (service: string): string =>
  `services:\n  ${service}:\n    image: ${TEST_IMAGE}\n    init: true\n    command: ["sleep", "600"]\n`;

describe.skipIf(!browserState.available || !engineState.available || !hasDockerCompose())(
  'the home view: every compose project on the engine',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    let dir: string;
    const cli = (...args: string[]): string =>
      execFileSync(process.execPath, [join(ROOT, 'out', 'main', 'cli.js'), ...args], { encoding: 'utf8', cwd: dir });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sp-e2e-home-'));
      writeFileSync(join(dir, 'cli.yaml'), stackYaml('worker'));
      writeFileSync(join(dir, 'dc.yaml'), stackYaml('web'));
      // One started by Stackpilot's command line, one by docker compose, each under its own name.
      cli('up', '-d', '-p', byCli, '-f', join(dir, 'cli.yaml'));
      execFileSync('docker-compose', ['-p', byCompose, '-f', join(dir, 'dc.yaml'), 'up', '-d'], { stdio: 'pipe' });
      app = await startWebApp([]);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(app.url);
      await page.locator('[data-service]').first().waitFor();
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      cli('down', '-t', '1', '-p', byCli, '-f', join(dir, 'cli.yaml'));
      execFileSync('docker-compose', ['-p', byCompose, '-f', join(dir, 'dc.yaml'), 'down', '-t', '1'], {
        stdio: 'pipe',
      });
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists the stack the CLI started and the one docker-compose started, with state, folder and services', async () => {
      await page.getByRole('navigation', { name: 'views' }).getByRole('button', { name: 'Stacks' }).click();
      const table = page.getByRole('table', { name: 'compose projects on the engine' });
      await table.locator(`[data-project="${byCompose}"]`).waitFor();
      const row = async (name: string): Promise<string[]> =>
        table.locator(`[data-project="${name}"] td`).allTextContents();
      expect((await row(byCli)).slice(0, 5)).toEqual([byCli, 'running 1/1', '1', dir, 'Stackpilot']);
      expect((await row(byCompose)).slice(0, 5)).toEqual([byCompose, 'running 1/1', '1', dir, 'docker compose']);
      await page.screenshot({ path: join(SCREENSHOTS, 'home.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'home-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('opens the one docker-compose started, under its own project name, and shows what runs', async () => {
      const table = page.getByRole('table', { name: 'compose projects on the engine' });
      await table.locator(`[data-project="${byCompose}"]`).getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.locator('h1#stack-title').textContent()).toBe(byCompose);
      await expect
        .poll(() => page.locator('[data-service="web"] [data-state]').getAttribute('data-state'), {
          timeout: ENGINE_WAIT_MS,
        })
        .toBe('ready');
      // Back home, it is the open one.
      await page.getByRole('navigation', { name: 'views' }).getByRole('button', { name: 'Stacks' }).click();
      expect(await table.locator(`[data-project="${byCompose}"] td`).first().textContent()).toBe(`${byCompose}open`);
      await table.locator(`[data-project="${byCompose}"]`).getByRole('button', { name: 'Show' }).click();
      await page.locator('[data-service="web"]').waitFor();
    });
  },
);
