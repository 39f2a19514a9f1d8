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
const project = `sp-e2e-chain-${randomBytes(3).toString('hex')}`;

// db is healthy only once the test says so (a file it makes): the chain stays put until then.
const COMPOSE = `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/go"], interval: 1s, retries: 600 }
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
  }, 120_000);

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
      .poll(() => chain.getByRole('listitem').allTextContents(), { timeout: 30_000 })
      .toEqual(['api waits for migrate (completed)', '← migrate waits for db (healthy)', expect.stringMatching(/^← db: starting — /) as unknown as string]);
    // The chain's end follows db as it moves on, though api itself has nothing new to say.
    const end = chain.getByRole('listitem').last();
    await expect.poll(() => end.textContent(), { timeout: 30_000 }).toMatch(/^← db: starting — (?!starting the container)/);
    await page.screenshot({ path: join(SCREENSHOTS, 'wait-chain.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'wait-chain-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    execFileSync('docker', ['exec', `${project}-db-1`, 'touch', '/tmp/go']);
    await page.locator('[data-service="api"] [data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await chain.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
