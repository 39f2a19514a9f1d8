import type { TestProject } from 'vitest/node';
import { ensureEngine } from './engine';
import type { EngineAvailability } from './engine';
import { buildFixtureImages } from './images';
import { ensurePodman } from './podman';
import { ensureSshd, stopSshd } from './sshd';
import type { ExtraEngine } from './podman';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: EngineAvailability;
    /** The engines beyond the local Docker: Podman, Docker over SSH. */
    engines: Record<string, ExtraEngine>;
  }
}

/** Integration tests: a real engine (started here in CI) and the local busybox images, on each engine. */
export default async function setup(project: TestProject): Promise<() => void> {
  process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
  const { engine, availability } = await ensureEngine();
  if (engine) await buildFixtureImages(engine);
  else console.warn(`[integration] skipping engine tests: ${availability.reason}`);
  project.provide('engine', availability);
  const ssh = await ensureSshd();
  const engines = { Podman: await ensurePodman(), 'Docker over SSH': ssh };
  for (const [name, e] of Object.entries(engines))
    if (!e.available) console.warn(`[integration] skipping ${name} tests: ${e.reason}`);
  project.provide('engines', engines);
  return () => stopSshd(ssh.fixture);
}
