import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, closeUiStack, launchChromium, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';
import { ENGINE_WAIT_MS } from '../support/wait-until';

const browserState = inject('browser');
const engineState = inject('engine');
const project = `sp-e2e-onb-${randomBytes(3).toString('hex')}`;
const SECRET = `tok-${randomBytes(6).toString('hex')}`;

const compose = `name: ${project}
x-stackpilot:
  description: A stack that cannot start without a greeting and a token.
  env:
    GREETING: { description: What the service says when it starts }
    SERVICE_TOKEN: { description: The token the service checks, secret: true }
services:
  hello:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo \\"greeting: $$GREETING\\"; test -n \\"$$SERVICE_TOKEN\\" && exec sleep 3600"]
    environment:
      GREETING: \${GREETING:?say something}
      SERVICE_TOKEN: \${SERVICE_TOKEN:?a token is required}
    ports: ["127.0.0.1:28765:8080"]
  tool:
    image: ${project}/tool:1
    build: ./tool
    command: ["sh", "-c", "cat /built; exec sleep 3600"]
`;

describe.skipIf(!browserState.available || !engineState.available)(
  'onboarding: a stack that needs variables (browser mode, real engine)',
  () => {
    let dir: string;
    let app: WebApp;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sp-onboarding-'));
      writeFileSync(join(dir, 'compose.yaml'), compose);
      mkdirSync(join(dir, 'tool'));
      writeFileSync(join(dir, 'tool', 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo "tool: built here" > /built\n`);
      app = await startWebApp([dir], { STACKPILOT_CONFIG_DIR: join(dir, 'config') });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(app.url);
    });

    afterAll(async () => {
      await closeUiStack({ page, browser, app }, project);
      await (await DockerEngine.connect(process.env, '/root')).removeImage(`${project}/tool:1`).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });

    it('asks for the missing variables, secrets masked, and writes .env only when told to', async () => {
      await page.getByRole('heading', { name: 'This stack needs values before it can load' }).waitFor();
      expect(await page.getByRole('heading', { name: '2 variables are needed' }).isVisible()).toBe(true);
      const greeting = page.getByLabel(/GREETING/);
      const token = page.getByLabel(/SERVICE_TOKEN/);
      expect(await greeting.getAttribute('type')).toBe('text');
      expect(await token.getAttribute('type')).toBe('password');
      expect(await page.getByText('The token the service checks').isVisible()).toBe(true);
      const submit = page.getByRole('button', { name: 'Use these values' });
      await greeting.fill('hello from onboarding');
      expect(await submit.isDisabled()).toBe(true);
      await token.fill(SECRET);
      await page.getByRole('checkbox').check();
      await page.screenshot({ path: join(SCREENSHOTS, 'onboarding-variables.png'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'onboarding-variables-dark.png'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('button', { name: 'Save and continue' }).click();

      await page.locator('[data-service="hello"]').waitFor();
      const env = join(dir, '.env');
      expect(readFileSync(env, 'utf8')).toBe(`GREETING='hello from onboarding'\nSERVICE_TOKEN='${SECRET}'\n`);
      expect(statSync(env).mode & 0o777).toBe(0o600);
      // The secret went to the file, not back to the page.
      expect(await page.content()).not.toContain(SECRET);
    });

    it('checks engine, variables, ports and images, fetches the missing image, then starts', async () => {
      const before = page.getByRole('region', { name: /Before you start: 1 to look at/ });
      await before.waitFor({ timeout: ENGINE_WAIT_MS });
      const list = page.getByRole('list', { name: 'checklist' });
      const states = (): Promise<(string | null)[]> =>
        list.locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      expect(await states()).toEqual([
        'Engine reachable: ok',
        'Variables set: ok',
        'Host ports free: ok',
        '1 image to build or pull: needs attention',
        'Disk space: ok',
      ]);
      expect(await before.textContent()).toContain(`${project}/tool:1 not built yet`);
      await page.screenshot({ path: join(SCREENSHOTS, 'onboarding-checklist.png'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: join(SCREENSHOTS, 'onboarding-checklist-dark.png'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'light' });
      await before.getByRole('button', { name: 'Fetch images now' }).click();

      const checklist = page.getByRole('region', { name: /Ready to start/ });
      await checklist.waitFor({ timeout: 60_000 });
      expect(await page.getByRole('status').textContent()).toContain(`fetched ${project}/tool:1`);
      // Fetching started nothing.
      expect(await page.locator('[data-service="tool"] [data-state]').getAttribute('data-state')).toBe('defined');
      await checklist.getByRole('button', { name: 'Details' }).click();
      expect(await states()).toEqual([
        'Engine reachable: ok',
        'Variables set: ok',
        'Host ports free: ok',
        'Images present: ok',
        'Disk space: ok',
      ]);
      expect(await list.locator(':scope > li').nth(3).textContent()).toMatch(/2 images, [\d.]+ (MiB|GiB) on disk/);
      expect(await list.locator(':scope > li').nth(4).textContent()).toMatch(/[\d.]+ (MiB|GiB) free in \//);

      await page.getByRole('button', { name: 'Up', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'up: ready' }).waitFor({ timeout: 60_000 });
      for (const service of ['hello', 'tool'])
        expect(await page.locator(`[data-service="${service}"] [data-state]`).getAttribute('data-state')).toBe('ready');
      await page
        .locator('[data-logs="stack"] [role="log"]')
        .getByText('greeting: hello from onboarding')
        .waitFor({ timeout: ENGINE_WAIT_MS });
      await page
        .locator('[data-logs="stack"] [role="log"]')
        .getByText('tool: built here')
        .waitFor({ timeout: ENGINE_WAIT_MS });
    });
  },
);
