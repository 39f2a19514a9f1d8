import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { seedHistory } from '../support/seeded-runs';
import { SCREENSHOTS, closeUiStack, openUiStack } from '../support/web-app';
import type { WebApp } from '../support/web-app';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-advisor-${randomBytes(3).toString('hex')}`;

// db probes every 30 s though it is ready in about a second; worker waits only for it to start.
const COMPOSE = `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 30s
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on:
      db: { condition: service_healthy }
  worker:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: [db]
`;

describe.skipIf(!browserState.available || !engineState.available)('the healthcheck advisor (browser mode)', () => {
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `${project}-`));
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    seedHistory(join(dir, 'config'), project, dir, 5, [
      { name: 'db', ms: 1200 },
      { name: 'api', ms: 1100 },
      { name: 'worker', ms: 1100 },
    ]);
    ({ app, browser, page, pageErrors } = await openUiStack(dir, 'worker', false, {
      STACKPILOT_CONFIG_DIR: join(dir, 'config'),
    }));
  }, 240_000);

  afterAll(async () => {
    await closeUiStack({ page, browser, app }, project);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows what makes the stack slow with the evidence, the override as a diff, and writes it only when asked', async () => {
    await page.getByRole('button', { name: 'Health advice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Healthcheck advisor' });
    const findings = dialog.getByRole('list', { name: 'findings' });
    await findings.waitFor();
    expect(
      await findings.locator('[data-finding]').evaluateAll((l) => l.map((e) => e.getAttribute('data-finding'))),
    ).toEqual(['late-first-probe', 'started-not-healthy']);
    const late = findings.locator('[data-finding="late-first-probe"]');
    expect(await late.textContent()).toContain(
      "db's first health probe comes 30.0 s after it starts (interval 30s, no start_interval), but it is ready in 1.2 s (the median of its last 5 runs): under docker compose each service waiting for it healthy (api) starts 28.8 s late.",
    );
    expect(await late.textContent()).toContain(`${join(dir, 'compose.yaml')}:9:`);
    await dialog.getByRole('button', { name: 'Show the override' }).click();
    const diff = dialog.getByLabel('override diff');
    expect(await diff.locator('[data-diff="added"]').allTextContents()).toEqual(
      expect.arrayContaining(['+       interval: 1s', '+       retries: 90', '+         condition: service_healthy']),
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'advisor.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'advisor-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    // Nothing is written before the user asks.
    expect(() => readFileSync(join(dir, 'compose.override.yaml'))).toThrow();
    await dialog.getByRole('button', { name: 'Write compose.override.yaml' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: /^Wrote / })
      .waitFor();
    expect(
      await dialog
        .getByRole('status')
        .filter({ hasText: /^Wrote / })
        .textContent(),
    ).toContain('The stack was read again');
    const written = readFileSync(join(dir, 'compose.override.yaml'), 'utf8');
    expect(written).toContain('interval: 1s');
    expect(written).toContain('condition: service_healthy');
    // The stack now reads the override: the header lists both files, and the advisor has nothing left to fix.
    await expect
      .poll(() => page.locator('header, section').getByText('compose.override.yaml').count())
      .toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Health advice' }).click();
    await expect
      .poll(() => dialog.locator('[data-finding]').evaluateAll((l) => l.map((e) => e.getAttribute('data-finding'))))
      .toEqual([]);
    expect(await dialog.getByRole('status').first().textContent()).toMatch(/^Nothing to advise/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
