import type { EngineAvailability } from '../setup/engine';
import type { ExtraEngine } from '../setup/podman';

export interface TestEngine {
  name: string;
  available: boolean;
  reason: string;
  /** What the engine calls itself: "Docker" or "Podman". */
  product: string;
  env: Record<string, string>;
}

/** Every engine the tests run on: the local Docker, and those the setup made (Podman, Docker over SSH). */
export function testEngines(docker: EngineAvailability, extra: Record<string, ExtraEngine>): TestEngine[] {
  return [
    { name: 'Docker', available: docker.available, reason: docker.reason, product: 'Docker', env: {} },
    ...Object.entries(extra).map(([name, e]) => ({ name, ...e })),
  ];
}
