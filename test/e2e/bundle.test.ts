import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, closeUiStack, openUiStack } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-bundle-${randomBytes(3).toString('hex')}`;

/** Planted where secrets come from; the services print them too, so the logs hold them. */
const PLANTED = {
  dotenv: `dotenv-${randomBytes(6).toString('hex')}`,
  file: `secretfile-${randomBytes(6).toString('hex')}`,
  literal: `literal-${randomBytes(6).toString('hex')}`,
};

const COMPOSE = `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
    command: ["sh", "-c", "echo \\"db: password is $$POSTGRES_PASSWORD\\"; exec sleep 3600"]
    healthcheck: { test: ["CMD-SHELL", "echo checking $$POSTGRES_PASSWORD"], interval: 1s }
  api:
    image: ${TEST_IMAGE}
    init: true
    environment:
      API_SECRET_KEY: ${PLANTED.literal}
    secrets: [signing_key]
    command: ["sh", "-c", "echo \\"api: key $$API_SECRET_KEY and $$(cat /run/secrets/signing_key)\\"; exec sleep 3600"]
    depends_on: { db: { condition: service_healthy } }
secrets:
  signing_key:
    file: ./signing_key.txt
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'the diagnostic bundle (browser mode, real engine)',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    let pageErrors: string[] = [];
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `${project}-`));
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
      writeFileSync(join(dir, '.env'), `DB_PASSWORD=${PLANTED.dotenv}\n`);
      writeFileSync(join(dir, 'signing_key.txt'), `${PLANTED.file}\n`);
      ({ app, browser, page, pageErrors } = await openUiStack(dir, 'api', true, {
        STACKPILOT_CONFIG_DIR: join(dir, 'config'),
      }));
    }, 240_000);

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    it('one click writes the archive; opened, it has every part and none of the secrets', async () => {
      // The logs hold the secrets first (what the bundle must mask).
      await expect
        .poll(async () => (await page.locator('[data-log-service]').allTextContents()).join('\n'), {
          timeout: ENGINE_WAIT_MS,
        })
        .toContain(PLANTED.file);
      await page.getByRole('button', { name: 'Diagnostic bundle' }).click();
      const status = page.getByRole('status').filter({ hasText: /^bundle written: / });
      await status.waitFor({ timeout: 30_000 });
      const file = /^bundle written: (\S+\.tar\.gz) \(8 files, secrets masked\)/.exec(
        (await status.textContent()) ?? '',
      )?.[1];
      expect(file, (await status.textContent()) ?? '').toBeDefined();
      expect(file?.startsWith(join(dir, 'config', 'bundles'))).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, 'bundle.png') });

      const into = mkdtempSync(join(tmpdir(), 'sp-bundle-open-'));
      try {
        execFileSync('tar', ['-xzf', file ?? '', '-C', into]);
        const root = join(into, readdirSync(into)[0] ?? '');
        expect(readdirSync(root).sort()).toEqual([
          'README.txt',
          'config.yaml',
          'history.json',
          'logs',
          'preflight.json',
          'services.json',
          'versions.json',
        ]);
        expect(readdirSync(join(root, 'logs')).sort()).toEqual(['api.log', 'db.log']);
        expect(readFileSync(join(root, 'logs', 'api.log'), 'utf8')).toContain('api: key ******** and ********');
        const services = JSON.parse(readFileSync(join(root, 'services.json'), 'utf8')) as {
          name: string;
          status: string;
          health?: { log: unknown[] };
        }[];
        expect(services.map((s) => [s.name, s.status]).sort()).toEqual([
          ['api', 'ready'],
          ['db', 'ready'],
        ]);
        // Docker's own health status of db is there (its first probe may not have run yet: its log may be empty).
        expect(services.find((s) => s.name === 'db')?.health).toBeDefined();
        expect((JSON.parse(readFileSync(join(root, 'versions.json'), 'utf8')) as { engine: string }).engine).toMatch(
          /^Docker /,
        );
        // Byte for byte: no planted value anywhere in the archive.
        const raw = gunzipSync(readFileSync(file ?? '')).toString('utf8');
        for (const [where, value] of Object.entries(PLANTED))
          expect(raw.includes(value), `the ${where} secret is in the bundle`).toBe(false);
      } finally {
        rmSync(into, { recursive: true, force: true });
      }
      expect(pageErrors).toEqual([]);
    }, 240_000);
  },
);
