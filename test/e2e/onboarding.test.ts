import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_IMAGE } from '../setup/images';
import { SCREENSHOTS, closeUiStack, launchChromium, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';

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
`;

describe.skipIf(!browserState.available || !engineState.available)('onboarding: a stack that needs variables (browser mode, real engine)', () => {
  let dir: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sp-onboarding-'));
    writeFileSync(join(dir, 'compose.yaml'), compose);
    app = await startWebApp([dir], { STACKPILOT_CONFIG_DIR: join(dir, 'config') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await closeUiStack({ page, browser, app }, project);
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
    await page.getByRole('button', { name: 'Save and continue' }).click();

    await page.locator('[data-service="hello"]').waitFor();
    const env = join(dir, '.env');
    expect(readFileSync(env, 'utf8')).toBe(`GREETING='hello from onboarding'\nSERVICE_TOKEN='${SECRET}'\n`);
    expect(statSync(env).mode & 0o777).toBe(0o600);
    // The secret went to the file, not back to the page.
    expect(await page.content()).not.toContain(SECRET);
  });

  it('checks engine, variables, ports and images, then starts', async () => {
    const checklist = page.getByRole('region', { name: /Ready to start/ });
    await checklist.waitFor({ timeout: 15_000 });
    await checklist.getByRole('button', { name: 'Details' }).click();
    const items = await checklist.getByRole('list', { name: 'checklist' }).getByRole('listitem').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(items).toEqual(['Engine reachable: ok', 'Variables set: ok', 'Host ports free: ok', 'Images present: ok']);
    await page.screenshot({ path: join(SCREENSHOTS, 'onboarding-checklist.png'), fullPage: true });

    await page.getByRole('button', { name: 'Up', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'up: ready' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-service="hello"] [data-state]').getAttribute('data-state')).toBe('ready');
    await page.locator('[role="log"]').getByText('greeting: hello from onboarding').waitFor({ timeout: 15_000 });
  });
});
