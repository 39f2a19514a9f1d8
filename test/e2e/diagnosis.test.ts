import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, closeUiStack, openUiStack } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { freePort } from '../support/free-port';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-diag-${randomBytes(3).toString('hex')}`;

// The api's health endpoint answers 503 with the JSON its services use until the test makes the
// database "connect" (a file in the container); then 200.
const HEALTH_CGI = `#!/bin/sh
if [ -f /tmp/db-up ]; then
  printf 'Status: 200 OK\\r\\nContent-Type: application/json\\r\\n\\r\\n{"status":"ok","database":"connected"}'
else
  printf 'Status: 503 Service Unavailable\\r\\nContent-Type: application/json\\r\\n\\r\\n{"status":"unhealthy","database":"disconnected","cache":"ok"}'
fi
`;

const compose = (port: number): string => `name: ${project}
services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["httpd", "-f", "-p", "8000", "-h", "/www"]
    ports: ["127.0.0.1:${port}:8000"]
    volumes: ["./health:/www/cgi-bin/health:ro"]
    x-stackpilot:
      ready: { http: "http://127.0.0.1:${port}/cgi-bin/health", interval: 300ms }
  hungry:
    image: ${TEST_IMAGE}
    init: true
    mem_limit: 16m
    memswap_limit: 16m
    command: ["sh", "-c", "sleep 2; x=$$(head -c 200000000 /dev/zero | tr '\\\\0' a); echo survived"]
    x-stackpilot: { retry: { delay: 30s }, crash_loop: { restarts: 5, window: 5m } }
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'why a service is not well (browser mode, real engine)',
  () => {
    let app: WebApp;
    let browser: Browser;
    let page: Page;
    let pageErrors: string[] = [];
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), `${project}-`));
      writeFileSync(join(dir, 'compose.yaml'), compose(await freePort()));
      writeFileSync(join(dir, 'health'), HEALTH_CGI);
      chmodSync(join(dir, 'health'), 0o755);
      ({ app, browser, page, pageErrors } = await openUiStack(dir, 'api', false));
    }, 240_000);

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      rmSync(dir, { recursive: true, force: true });
    });

    it('a JSON health body: the status code and the component that is down, until it is up', async () => {
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      const reason = page.locator('[data-service="api"] [data-reason]');
      await expect
        .poll(() => reason.textContent(), { timeout: 30_000 })
        .toMatch(/probe \d+ failed: HTTP 503 — database: disconnected$/);
      await page.locator('[data-service="api"]').click();
      expect(await page.locator('[data-detail="api"] [data-why]').textContent()).toContain(
        'HTTP 503 — database: disconnected',
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'health-body.png') });
      execFileSync('docker', ['exec', `${project}-api-1`, 'touch', '/tmp/db-up']);
      await page.locator('[data-service="api"] [data-state="ready"]').waitFor({ timeout: 30_000 });
      expect(await reason.textContent()).toMatch(
        /^ready: http probe http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/health passed/,
      );
      expect(pageErrors).toEqual([]);
    }, 240_000);

    it('an OOM-killed service says so with its memory limit, its exit kept with the rate', async () => {
      await page.locator('[data-service="hungry"]').click();
      const exits = page.getByRole('region', { name: 'hungry exits' });
      await exits.waitFor({ timeout: 60_000 });
      await expect
        .poll(() => exits.locator('summary').first().textContent(), { timeout: 30_000 })
        .toMatch(/killed: out of memory \(limit 16 MiB; exit code 137\)/);
      expect(await exits.getByRole('heading').textContent()).toMatch(
        /^1 exit this session · 1 in the last 10 min · [01] restarts?$/,
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'oom-killed.png') });
      expect(pageErrors).toEqual([]);
    }, 240_000);
  },
);
