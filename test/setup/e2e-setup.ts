import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { browserAvailability } from './browser';
import { ensureEngine } from './engine';
import { buildFixtureImages } from './images';
import { ensurePodman } from './podman';
import { ensureSshd, stopSshd } from './sshd';
import type { BrowserAvailability } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserAvailability;
  }
}

/** End-to-end tests: Debian's Chromium, a Docker engine with the local images, and a built app. */
export default async function setup(project: TestProject): Promise<() => void> {
  const { engine, availability } = await ensureEngine();
  if (engine) await buildFixtureImages(engine);
  else console.warn(`[e2e] skipping engine tests: ${availability.reason}`);
  project.provide('engine', availability);
  const browser = browserAvailability();
  const root = project.config.root;
  if (!existsSync(join(root, 'out', 'renderer', 'index.html')) || !existsSync(join(root, 'out', 'main', 'web.js'))) {
    execFileSync('npm', ['run', 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
  }
  if (!browser.available) console.warn(`[e2e] skipping browser tests: ${browser.reason}`);
  project.provide('browser', browser);
  // The engine picker's run: Podman and Docker over SSH, as in the integration tests.
  const ssh = await ensureSshd();
  const engines = { Podman: await ensurePodman(), 'Docker over SSH': ssh };
  for (const [name, e] of Object.entries(engines))
    if (!e.available) console.warn(`[e2e] skipping ${name} tests: ${e.reason}`);
  project.provide('engines', engines);
  return () => stopSshd(ssh.fixture);
}
