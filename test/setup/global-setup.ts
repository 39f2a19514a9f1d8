import type { TestProject } from 'vitest/node';
import { ensureEngine } from './engine';
import type { EngineAvailability } from './engine';
import { buildFixtureImages } from './images';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: EngineAvailability;
  }
}

/** Integration tests: a real engine (started here in CI) and the local busybox images. */
export default async function setup(project: TestProject): Promise<void> {
  process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
  const { engine, availability } = await ensureEngine();
  if (engine) await buildFixtureImages(engine);
  else console.warn(`[integration] skipping engine tests: ${availability.reason}`);
  project.provide('engine', availability);
}
