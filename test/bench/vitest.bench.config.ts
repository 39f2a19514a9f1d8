import { defineConfig } from 'vitest/config';

const root = new URL('../..', import.meta.url).pathname;

/** Benchmarks print figures; they never pass or fail on time (the targets are in their names). */
export default defineConfig({
  test: {
    root,
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
});
