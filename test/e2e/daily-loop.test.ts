import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const project = `sp-e2e-day-${randomBytes(3).toString('hex')}`;

const COMPOSE = `name: ${project}
services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "mkdir -p /www && echo ok > /www/health && echo 'api: serving' && exec httpd -f -p 8000 -h /www"]
    environment:
      GREETING: hello there
      API_TOKEN: tok-\${TOKEN_SUFFIX:-7f3a}
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/health"]
      interval: 1s
      retries: 30
  burner:
    image: ${TEST_IMAGE}
    init: true
    # A busy loop: one core's worth of CPU for as long as it runs.
    command: ["sh", "-c", "echo 'burner: burning'; while :; do :; done"]
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'inside a service: a terminal, stats and inspect (browser mode, real engine)',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    let dir: string;
    let pageErrors: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `${project}-`));
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
      ({ app, browser, page, pageErrors } = await openUiStack(dir, 'burner'));
    }, 240_000);

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    it('opens a shell in a service: what is typed runs inside the container, and leaving the tab ends it', async () => {
      await page.locator('[data-service="api"]').click();
      await page.locator('[data-detail="api"]').getByRole('tab', { name: 'Terminal' }).click();
      const term = page.locator('[data-terminal="api"]');
      await term.locator('.xterm-rows').waitFor();
      await expect.poll(() => term.locator('.xterm-rows').textContent(), { timeout: ENGINE_WAIT_MS }).toContain('/ #');
      await page.keyboard.type('echo typed-in-the-window > /tmp/from-terminal; echo fine-$((40+2))');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => term.locator('.xterm-rows').textContent(), { timeout: ENGINE_WAIT_MS })
        .toContain('fine-42');
      expect(
        execFileSync('docker', ['exec', `${project}-api-1`, 'cat', '/tmp/from-terminal'], { encoding: 'utf8' }),
      ).toBe('typed-in-the-window\n');
      expect(await page.locator('[data-terminal-status]').getAttribute('data-terminal-status')).toBe('open');
      await page.screenshot({ path: join(SCREENSHOTS, 'terminal.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'terminal-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      // The terminal's shell, as `docker top` lists it: /bin/sh alone on its line.
      const shells = (): string =>
        execFileSync('docker', ['top', `${project}-api-1`, '-o', 'pid,args'], { encoding: 'utf8' });
      const SHELL = /^\d+\s+\/bin\/(ba)?sh\s*$/m;
      expect(shells()).toMatch(SHELL);
      // Leaving the tab ends the shell: nothing of it stays in the container.
      await page.locator('[data-detail="api"]').getByRole('tab', { name: 'Overview' }).click();
      await expect.poll(shells, { timeout: ENGINE_WAIT_MS }).not.toMatch(SHELL);
      // A command typed instead of a shell: it runs, and its end is said.
      await page.locator('[data-detail="api"]').getByRole('tab', { name: 'Terminal' }).click();
      // The tab opens a shell first; the command is typed once that session is open, not while it opens.
      await expect
        .poll(() => page.locator('[data-terminal-status]').textContent(), { timeout: ENGINE_WAIT_MS })
        .toBe('shell (bash, else sh)');
      await page.getByLabel('command to run').fill('echo from-a-command; exit 4');
      await page.getByLabel('command to run').press('Enter');
      await expect
        .poll(() => page.locator('[data-terminal-status]').textContent(), { timeout: ENGINE_WAIT_MS })
        .toBe('ended with exit code 4');
      expect(await term.locator('.xterm-rows').textContent()).toContain('from-a-command');
      expect(pageErrors).toEqual([]);
    });

    it('shows the CPU of a service that burns it, in its row and drawn live in its Stats tab', async () => {
      const cpu = (service: string) => page.locator(`[data-service="${service}"] [data-cpu]`);
      // A busy loop takes most of a core whatever else the machine does; the idle api next to it, almost none.
      await expect
        .poll(
          async () =>
            Number(
              await cpu('burner')
                .getAttribute('data-cpu')
                .catch(() => '0'),
            ),
          { timeout: 30_000 },
        )
        .toBeGreaterThan(20);
      await page.locator('[data-service="burner"]').click();
      await page.locator('[data-detail="burner"]').getByRole('tab', { name: 'Stats' }).click();
      const chart = page.locator('[data-stats="burner"]').getByRole('img', { name: /^CPU %/ });
      const points = async (): Promise<number> => Number(await chart.getAttribute('data-points'));
      await expect.poll(points, { timeout: ENGINE_WAIT_MS }).toBeGreaterThanOrEqual(2);
      const before = await points();
      // The chart moves: new readings keep arriving.
      await expect.poll(points, { timeout: ENGINE_WAIT_MS }).toBeGreaterThan(before);
      expect(await page.locator('[data-stats="burner"] dl').textContent()).toMatch(/CPU\d+(\.\d)?%/);
      await page.screenshot({ path: join(SCREENSHOTS, 'stats-burning.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'stats-burning-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('inspects a service: its environment with the secret masked until shown, its health probes, mounts and networks', async () => {
      await page.locator('[data-service="api"]').click();
      await page.locator('[data-detail="api"]').getByRole('tab', { name: 'Inspect' }).click();
      const inspect = page.locator('[data-inspect="api"]');
      await inspect.waitFor();
      expect(await inspect.locator('[data-env="GREETING"] [data-env-value]').textContent()).toBe('hello there');
      const token = inspect.locator('[data-env="API_TOKEN"]');
      expect(await token.locator('[data-env-value]').textContent()).toBe('••••••••');
      expect(await inspect.textContent()).not.toContain('tok-7f3a');
      await page.screenshot({ path: join(SCREENSHOTS, 'inspect.png') });
      await token.getByRole('button', { name: 'Show' }).click();
      await expect.poll(() => token.locator('[data-env-value]').textContent()).toBe('tok-7f3a');
      await token.getByRole('button', { name: 'Hide' }).click();
      expect(await token.locator('[data-env-value]').textContent()).toBe('••••••••');
      expect(await inspect.getByRole('region', { name: 'Container' }).textContent()).toContain(`${project}-api-1`);
      expect(await inspect.getByRole('region', { name: 'Networks' }).textContent()).toMatch(
        new RegExp(`${project}_default: \\d+\\.\\d+\\.\\d+\\.\\d+`),
      );
      // The engine's own probes, with what they printed and their exit codes.
      await expect
        .poll(async () => inspect.getByRole('list', { name: 'health log' }).locator('li').count(), {
          timeout: ENGINE_WAIT_MS,
        })
        .toBeGreaterThan(0);
      expect(await inspect.getByRole('list', { name: 'health log' }).locator('li').first().textContent()).toContain(
        'exit 0',
      );
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'inspect-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('watches compose.yaml: an edit marks what it changed outdated and Recreate brings it back ready; a broken edit keeps the view', async () => {
      const file = join(dir, 'compose.yaml');
      writeFileSync(file, 'services:\n  api: [broken\n');
      const alert = page.getByRole('alert', { name: 'the edit does not load' });
      await alert.waitFor({ timeout: ENGINE_WAIT_MS });
      expect(await alert.textContent()).toContain('compose.yaml was edited and no longer loads');
      // The running stack is still all there.
      expect(await page.locator('tr[data-service]').count()).toBe(2);
      expect(await page.locator('[data-service="api"] [data-state]').getAttribute('data-state')).toBe('ready');
      await page.screenshot({ path: join(SCREENSHOTS, 'edit-broken.png') });
      writeFileSync(file, COMPOSE.replace('GREETING: hello there', 'GREETING: hello again'));
      const outdated = page.getByRole('region', { name: 'outdated services' });
      await outdated.waitFor({ timeout: ENGINE_WAIT_MS });
      expect(await outdated.locator('[data-outdated]').getAttribute('data-outdated')).toBe('api');
      expect(await alert.count()).toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, 'edit-outdated.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'edit-outdated-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      const burner = execFileSync('docker', ['inspect', '-f', '{{.Id}}', `${project}-burner-1`], { encoding: 'utf8' });
      await outdated.getByRole('button', { name: 'Recreate changed' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^recreate api: ready/ })
        .waitFor({ timeout: 60_000 });
      await outdated.waitFor({ state: 'detached' });
      expect(await page.locator('[data-service="api"] [data-state]').getAttribute('data-state')).toBe('ready');
      expect(
        execFileSync('docker', ['exec', `${project}-api-1`, 'sh', '-c', 'echo $GREETING'], { encoding: 'utf8' }),
      ).toBe('hello again\n');
      // Only what changed was made anew.
      expect(execFileSync('docker', ['inspect', '-f', '{{.Id}}', `${project}-burner-1`], { encoding: 'utf8' })).toBe(
        burner,
      );
      expect(pageErrors).toEqual([]);
    }, 240_000);
  },
);
