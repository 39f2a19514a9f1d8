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
const project = `sp-e2e-chain-${randomBytes(3).toString('hex')}`;

// db is healthy only once the test says so (a file it makes): the chain stays put until then.
const COMPOSE = `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    healthcheck: { test: ["CMD-SHELL", "test -f /tmp/go || { echo 'db: not accepting connections yet'; exit 1; }"], interval: 1s, retries: 600 }
  migrate:
    image: ${TEST_IMAGE}
    command: ["true"]
    depends_on: { db: { condition: service_healthy } }
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: { migrate: { condition: service_completed_successfully } }
`;

describe.skipIf(!browserState.available || !engineState.available)('the wait chain (browser mode, real engine)', () => {
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `${project}-`));
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    ({ app, browser, page, pageErrors } = await openUiStack(dir, 'api', false));
  }, 240_000);

  afterAll(async () => {
    await closeUiStack({ page, browser, app }, project);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says what a waiting service waits on, hop by hop, down to what is actually slow; gone once it is not', async () => {
    await page.getByRole('button', { name: 'Up', exact: true }).click();
    await page.locator('[data-service="api"] [data-state="waiting"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-service="api"]').click();
    const chain = page.getByRole('list', { name: 'api wait chain' });
    await expect
      .poll(async () => (await chain.getByRole('listitem').allTextContents()).slice(0, 3), { timeout: 30_000 })
      .toEqual([
        'api waits for migrate (completed)',
        '← migrate waits for db (healthy)',
        expect.stringMatching(/^← db: starting — /) as unknown as string,
      ]);
    // The chain's end follows db as it moves on, though api itself has nothing new to say.
    const end = chain.getByRole('listitem').nth(2);
    await expect
      .poll(() => end.textContent(), { timeout: 30_000 })
      .toMatch(/^← db: starting — health check: probe \d+ failed: exit 1: db: not accepting connections yet$/);
    // Behind it, what the engine's own health check of db answered, and when it probes next.
    // (Docker's first probe comes a second after the start: until then it says only when.)
    await expect
      .poll(() => chain.locator('[data-engine-health]').textContent(), { timeout: 30_000 })
      .toMatch(
        /^db's health \(Docker\): starting, \d+ probes? failed in a row \(exit 1: "db: not accepting connections yet"\)(, the engine's next probe (in ~\d+ s|is due))?$/,
      );
    await page.screenshot({ path: join(SCREENSHOTS, 'wait-chain.png') });
    // db's own Overview lists the engine's probes, each with its exit code and output.
    await page.locator('[data-service="db"]').click();
    const log = page.getByRole('region', { name: 'db health log' });
    await expect
      .poll(() => log.locator('[data-exit-code="1"]').count(), { timeout: ENGINE_WAIT_MS })
      .toBeGreaterThan(0);
    expect(await log.locator('[data-exit-code="1"]').first().textContent()).toContain(
      'db: not accepting connections yet',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'health-log.png') });
    await page.locator('[data-service="api"]').click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'wait-chain-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    execFileSync('docker', ['exec', `${project}-db-1`, 'touch', '/tmp/go']);
    await page.locator('[data-service="api"] [data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await chain.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
