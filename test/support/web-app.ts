import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { DockerEngine } from '../../main/docker/engine-client';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../setup/browser';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface WebApp {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts browser mode (`node out/main/web.js`) as a user would, and reads the URL it prints. */
export function startWebApp(args: string[], env: Record<string, string> = {}): Promise<WebApp> {
  // Settings (recent stacks) go to a folder of the test's own, never to the user's ~/.config.
  const configDir = env.STACKPILOT_CONFIG_DIR ?? mkdtempSync(join(tmpdir(), 'stackpilot-config-'));
  const child = spawn(process.execPath, [join(ROOT, 'out', 'main', 'web.js'), '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, STACKPILOT_CONFIG_DIR: configDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser mode did not print its URL within 20 s:\n${output}`)),
      20_000,
    );
    const onData = (data: Buffer): void => {
      output += data.toString('utf8');
      const url = /Stackpilot is serving on (\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            const finish = (): void => {
              if (!env.STACKPILOT_CONFIG_DIR) rmSync(configDir, { recursive: true, force: true });
              done();
            };
            if (child.exitCode !== null) return finish();
            child.once('exit', finish);
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${output}`)));
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export interface CardView {
  state: string | null;
  reason: string | null;
}

/**
 * Records, in the page, every combination of states and reasons the service cards show from now on
 * (a MutationObserver sees each change React commits). A state that lasts half a second — a retry's
 * backoff — is then checked from the record, not by reading the page twice and hoping it is still
 * showing between the two reads.
 */
export async function recordCards(
  page: Page,
  only?: readonly string[],
): Promise<() => Promise<Record<string, CardView>[]>> {
  await page.evaluate((only) => {
    const w = window as unknown as { __cards: Record<string, { state: string | null; reason: string | null }>[] };
    w.__cards = [];
    let last = '';
    const take = (): void => {
      const now: Record<string, { state: string | null; reason: string | null }> = {};
      // Only the services asked for: on a big stack, reading every row at every change slows the page.
      const cards = only
        ? only.map((n) => document.querySelector(`[data-service="${n}"]`)).filter((c): c is Element => c !== null)
        : [...document.querySelectorAll('[data-service]')];
      for (const card of cards) {
        const name = card.getAttribute('data-service') ?? '';
        const state = card.querySelector('[data-state]')?.getAttribute('data-state') ?? null;
        if (name && state && !now[name])
          now[name] = { state, reason: card.querySelector('[data-reason]')?.textContent ?? null };
      }
      const key = JSON.stringify(now);
      if (key !== last) w.__cards.push(now);
      last = key;
    };
    take();
    new MutationObserver(take).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  }, only);
  return () => page.evaluate(() => (window as unknown as { __cards: Record<string, CardView>[] }).__cards);
}

/**
 * Ends a UI test that ran a stack: Down from the UI (as a user would), then closes the browser and
 * the app, and removes whatever of the project is still on the engine.
 */
export async function closeUiStack(
  parts: { page?: Page; browser?: Browser; app?: WebApp },
  project: string,
): Promise<void> {
  await parts.page
    ?.getByRole('button', { name: 'Down', exact: true })
    .click()
    .catch(() => undefined);
  await parts.page
    ?.getByRole('status')
    .filter({ hasText: /removed|nothing to remove/ })
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  await parts.browser?.close();
  await parts.app?.stop();
  const engine = await DockerEngine.connect(process.env, '/root');
  for (const c of await engine.listContainers({ 'com.docker.compose.project': project }))
    await engine.removeContainer(c.id);
  await engine.removeNetwork(`${project}_default`).catch(() => undefined);
}

/**
 * The app on `dir` in a 1400×900 page, with the page's errors collected; `up`: brought up from the
 * window and waited on until ready. `waitFor` is a service whose row must show first.
 */
export async function openUiStack(
  dir: string,
  waitFor: string,
  up = true,
  env: Record<string, string> = {},
): Promise<{ app: WebApp; browser: Browser; page: Page; pageErrors: string[] }> {
  const app = await startWebApp([dir], env);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(app.url);
  await page.locator(`[data-service="${waitFor}"]`).waitFor();
  if (up) {
    await page.getByRole('button', { name: 'Up', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^up: ready/ })
      .waitFor({ timeout: 60_000 });
  }
  return { app, browser, page, pageErrors };
}
