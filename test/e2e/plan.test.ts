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
const project = `sp-e2e-plan-${randomBytes(3).toString('hex')}`;

const compose = (mode: string): string => `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    environment: { MODE: ${mode} }
    depends_on: [db]
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'the plan of an Up, on request (browser mode)',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    let pageErrors: string[] = [];
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `${project}-`));
      writeFileSync(join(dir, 'compose.yaml'), compose('one'));
      ({ app, browser, page, pageErrors } = await openUiStack(dir, 'api', false));
    }, 240_000);

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    /** The plan's rows as "action kind name", once it has been read. */
    async function planRows(): Promise<string[]> {
      await page.getByRole('button', { name: 'Plan', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'What Up would do' });
      await dialog.getByRole('table', { name: 'plan' }).waitFor({ timeout: 30_000 });
      return dialog
        .locator('[data-plan-step]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-plan-step') ?? ''));
    }

    it('shows what Up would make before anything is made, and Up from there makes it', async () => {
      expect(await planRows()).toEqual([
        `create network ${project}_default`,
        `create container ${project}-db-1`,
        `create container ${project}-api-1`,
      ]);
      const dialog = page.getByRole('dialog', { name: 'What Up would do' });
      expect(await dialog.getByRole('status').textContent()).toBe('3 to create.');
      expect(await dialog.textContent()).toContain(`stackpilot up --dry-run -p ${project}`);
      await page.screenshot({ path: join(SCREENSHOTS, 'plan.png') });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'plan-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      await dialog.getByRole('button', { name: 'Up', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^up: ready/ })
        .waitFor({ timeout: 60_000 });
    });

    it('after an edit: what changed is recreated, the rest kept', async () => {
      expect(await planRows()).toEqual([`keep container ${project}-db-1`, `keep container ${project}-api-1`]);
      await page.getByRole('dialog', { name: 'What Up would do' }).getByRole('button', { name: 'Close' }).click();
      writeFileSync(join(dir, 'compose.yaml'), compose('two'));
      await page.getByText('outdated').first().waitFor({ timeout: 30_000 });
      expect(await planRows()).toEqual([`keep container ${project}-db-1`, `recreate container ${project}-api-1`]);
      expect(await page.getByRole('dialog', { name: 'What Up would do' }).textContent()).toContain(
        'api: its definition changed since it was made',
      );
      await page.getByRole('dialog', { name: 'What Up would do' }).getByRole('button', { name: 'Close' }).click();
      expect(pageErrors).toEqual([]);
    });
  },
);
