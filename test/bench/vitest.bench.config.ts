import { defineConfig } from 'vitest/config';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Benchmarks print figures; they never pass or fail on time (the targets are printed beside them).
 * `*.bench.ts` are micro-benchmarks (vitest bench); `*.measure.ts` are whole runs against the engine.
 */
export default defineConfig({
  test: {
    root,
    include: ['test/bench/**/*.measure.ts'],
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
    // The e2e setup: an engine with the local images, Chromium, and a built app (UI benchmarks).
    globalSetup: ['test/setup/e2e-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
