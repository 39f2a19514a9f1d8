import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { composeReference } from '../support/compose-reference';
import { ensureEngine } from './engine';
import { buildFixtureImages } from './images';

declare module 'vitest' {
  export interface ProvidedContext {
    /** docker compose v2's binary, when it is here (missing in CI fails in composeReference). */
    composeBinary: string | undefined;
  }
}

/** The ported compose scenarios: an engine with the local images, the built CLI, and compose itself. */
export default async function setup(project: TestProject): Promise<void> {
  process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
  const { engine, availability } = await ensureEngine();
  if (engine) await buildFixtureImages(engine);
  else console.warn(`[compose-e2e] skipping the scenarios: ${availability.reason}`);
  project.provide('engine', availability);
  project.provide('composeBinary', composeReference());
  const root = project.config.root;
  if (!existsSync(join(root, 'out', 'main', 'cli.js')))
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
