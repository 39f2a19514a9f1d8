import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { TEST_IMAGE } from '../setup/images';
import { freePort } from '../support/free-port';
import { SCREENSHOTS, launchChromium, startWebApp } from '../support/web-app';
import type { WebApp } from '../support/web-app';

const browserState = inject('browser');
const engineState = inject('engine');
const { Podman: podman, 'Docker over SSH': ssh } = inject('engines');
const project = `sp-e2e-engines-${randomBytes(3).toString('hex')}`;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '0.0.0.0', () => s.close(() => resolve(true)));
  });
}

/** A docker config folder with these contexts, as `docker context create` writes them. */
function dockerConfig(contexts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sp-e2e-docker-config-'));
  for (const [name, host] of Object.entries(contexts)) {
    const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      join(meta, 'meta.json'),
      JSON.stringify({
        Name: name,
        Metadata: { Description: `${name} (test)` },
        Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
      }),
    );
  }
  return dir;
}

// The window's engine picker on real engines: the local Docker, Podman, and Docker over SSH (whose
// published port the window opens through a tunnel). Picked per stack, remembered, and in the title.
describe.skipIf(!browserState.available || !engineState.available || !podman?.available || !ssh?.available)(
  'picking the engine in the window (browser mode)',
  () => {
    let app: WebApp | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let port: number;
    const dir = mkdtempSync(join(tmpdir(), `${project}-`));
    const configDir = mkdtempSync(join(tmpdir(), 'sp-e2e-engines-config-'));
    const docker = dockerConfig({ podman: podman?.env.DOCKER_HOST ?? '', devbox: ssh?.env.DOCKER_HOST ?? '' });
    const env = {
      STACKPILOT_CONFIG_DIR: configDir,
      DOCKER_CONFIG: docker,
      DOCKER_HOST: '',
      STACKPILOT_SSH: ssh?.env.STACKPILOT_SSH ?? '',
    };
    const engineFor = (e: Record<string, string>) => DockerEngine.connect({ ...process.env, ...e }, '/root');

    async function open(): Promise<void> {
      app = await startWebApp([dir], env);
      page = await (browser ??= await launchChromium()).newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(app.url);
      await page.locator('[data-service="web"]').waitFor({ timeout: 30_000 });
    }

    async function pick(name: string, product: RegExp): Promise<void> {
      await page.getByLabel('engine', { exact: true }).selectOption(name);
      await expect
        .poll(() => page.locator('[data-engine-product]').textContent(), { timeout: 30_000 })
        .toMatch(product);
    }

    async function upAndReady(shot: string): Promise<void> {
      await page.getByRole('button', { name: 'Up', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'up: ready' })
        .waitFor({ timeout: 60_000 })
        .catch(async (err: unknown) => {
          await page.screenshot({ path: join(SCREENSHOTS, `${shot}-failed.png`) });
          throw err;
        });
    }

    beforeAll(async () => {
      port = await freePort();
      writeFileSync(
        join(dir, 'compose.yaml'),
        `name: ${project}
services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 3600"]
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30 }
  web:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo far-side > /www/index.html; exec httpd -f -p 8080 -h /www"]
    ports: ["${port}:8080"]
    depends_on: { db: { condition: service_healthy } }
    x-stackpilot: { ready: { http: "http://localhost:${port}/" } }
`,
      );
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      for (const e of [{}, podman?.env ?? {}]) {
        const driver = await engineFor(e);
        for (const c of await driver.listContainers({ 'com.docker.compose.project': project }))
          await driver.removeContainer(c.id).catch(() => undefined);
        await driver.removeNetwork(`${project}_default`).catch(() => undefined);
      }
      for (const d of [dir, configDir, docker]) rmSync(d, { recursive: true, force: true });
    });

    it('lists the contexts, docker’s current one marked; runs the stack on Podman when picked, and says so in the title', async () => {
      await open();
      const options = await page.getByLabel('engine', { exact: true }).locator('option').allTextContents();
      expect(options).toEqual([
        'default (docker’s current) — unix:///var/run/docker.sock',
        `devbox — ${ssh?.env.DOCKER_HOST}`,
        `podman — ${podman?.env.DOCKER_HOST}`,
      ]);
      await expect.poll(() => page.title()).toBe(`${project} — Docker — Stackpilot`);
      await pick('podman', /^Podman$/);
      await expect.poll(() => page.title()).toBe(`${project} — Podman — Stackpilot`);
      await upAndReady('engine-podman');
      await page.screenshot({ path: join(SCREENSHOTS, 'engine-podman.png') });
      const onPodman = await (
        await engineFor(podman?.env ?? {})
      ).listContainers({ 'com.docker.compose.project': project });
      expect(onPodman.map((c) => [c.labels['com.docker.compose.service'], c.state]).sort()).toEqual([
        ['db', 'running'],
        ['web', 'running'],
      ]);
      // Nothing of it on the local Docker: the stack ran where it was told to.
      expect(await (await engineFor({})).listContainers({ 'com.docker.compose.project': project })).toEqual([]);
    }, 240_000);

    it('remembers the engine for the stack when the app is opened again', async () => {
      await app?.stop();
      await open();
      expect(await page.getByLabel('engine', { exact: true }).inputValue()).toBe('podman');
      await expect.poll(() => page.locator('[data-engine-product]').textContent(), { timeout: 30_000 }).toBe('Podman');
      await page.getByRole('button', { name: 'Down', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^removed \d+ containers/ })
        .waitFor({ timeout: 60_000 });
    }, 240_000);

    it('over SSH: the port opens through a tunnel, and the window says where it really is', async () => {
      // Podman lets go of a removed container's host port when its conmon exits, a moment after the
      // removal: the far host here is this machine, where Docker is about to bind the same port.
      await expect.poll(() => portIsFree(port), { timeout: 30_000 }).toBe(true);
      await pick('devbox', /^Docker on 127\.0\.0\.1$/);
      await upAndReady('engine-ssh');
      const link = page.locator('[data-service="web"] a', { hasText: `${port}→8080` });
      const href = await link.getAttribute('href');
      // The far host is this machine, where the port is taken: the tunnel's end is another port.
      expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(href).not.toBe(`http://127.0.0.1:${port}`);
      expect(await link.getAttribute('title')).toMatch(
        new RegExp(`^127\\.0\\.0\\.1:${port}, here through an SSH tunnel at 127\\.0\\.0\\.1:\\d+$`),
      );
      expect(await (await fetch(href ?? '')).text()).toBe('far-side\n');
      await page.screenshot({ path: join(SCREENSHOTS, 'engine-ssh.png') });
      await page.getByRole('button', { name: 'Down', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^removed \d+ containers/ })
        .waitFor({ timeout: 60_000 });
    }, 240_000);
  },
);
