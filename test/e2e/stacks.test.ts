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

const browserState = inject('browser');
const engineState = inject('engine');
const suffix = randomBytes(3).toString('hex');
const first = `sp-e2e-one-${suffix}`;
const second = `sp-e2e-two-${suffix}`;

const compose = (project: string, service: string): string => `name: ${project}
services:
  ${service}:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo '${service}: up'; exec sleep 3600"]
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'two stacks open at once (browser mode, real engine)',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    let pageErrors: string[] = [];
    const dirs: string[] = [];

    beforeAll(async () => {
      for (const [project, service] of [
        [first, 'alpha'],
        [second, 'beta'],
      ] as const) {
        const dir = mkdtempSync(join(tmpdir(), `${project}-`));
        writeFileSync(join(dir, 'compose.yaml'), compose(project, service));
        dirs.push(dir);
      }
      ({ app, browser, page, pageErrors } = await openUiStack(dirs[0] ?? '', 'alpha'));
    }, 240_000);

    afterAll(async () => {
      execFileSync('docker', ['rm', '-f', `${second}-beta-1`], { stdio: 'ignore' });
      execFileSync('docker', ['network', 'rm', `${second}_default`], { stdio: 'ignore' });
      await closeUiStack({ page, browser, app }, first);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('opens a second stack beside the first, switches back at once, hears the hidden one, and closes it', async () => {
      await page.getByPlaceholder('Open a compose file or folder…  (Ctrl+O)').fill(dirs[1] ?? '');
      await page.getByPlaceholder('Open a compose file or folder…  (Ctrl+O)').press('Enter');
      await page.locator('[data-service="beta"]').waitFor();
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^up: ready/ })
        .waitFor({ timeout: 60_000 });
      const nav = page.getByRole('list', { name: 'open stacks' });
      expect(await nav.getByRole('listitem').allTextContents()).toEqual([`${first}×`, `${second}×`]);

      // Back to the first: its runtime ran all along, so its service is ready at once.
      await nav.getByRole('button', { name: first, exact: true }).click();
      await page.locator('[data-service="alpha"]').waitFor();
      expect(await page.locator('[data-service="alpha"] [data-state]').first().getAttribute('data-state')).toBe(
        'ready',
      );
      expect(await page.locator('[data-service="beta"]').count()).toBe(0);

      // The hidden stack is still supervised: a crash there is retried, and its recovery is told, named for its stack.
      execFileSync('docker', ['kill', `${second}-beta-1`], { stdio: 'ignore' });
      await page
        .getByRole('list', { name: 'notices' })
        .getByText(`${second}: beta recovered`)
        .waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(SCREENSHOTS, 'two-stacks.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'two-stacks-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });

      await nav.getByRole('button', { name: `close ${second}` }).click();
      await expect.poll(() => nav.getByRole('listitem').count()).toBe(1);
      // Closing a stack leaves its containers running, as switching away always did.
      expect(
        execFileSync('docker', ['inspect', '-f', '{{.State.Running}}', `${second}-beta-1`], {
          encoding: 'utf8',
        }).trim(),
      ).toBe('true');
      expect(pageErrors).toEqual([]);
    }, 150_000);
  },
);
