import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = new URL('..', import.meta.url).pathname;
/** What the app and the CLI keep between runs (settings, run history), away from the machine's own. */
const env = { STACKPILOT_CONFIG_DIR: join(tmpdir(), `stackpilot-test-config-${process.pid}`) };

/**
 * Projects with the same groupOrder run side by side; the engine's two (integration, then e2e) run
 * one after the other, because some of their tests stop and restart dockerd, which must not happen
 * in the middle of the other's 57-service Up.
 */
export default defineConfig({
  test: {
    root,
    projects: [
      {
        test: {
          name: 'unit',
          root,
          sequence: { groupOrder: 0 },
          include: ['main/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/setup/leak-warnings.ts'],
        },
      },
      {
        test: {
          name: 'differential',
          root,
          sequence: { groupOrder: 0 },
          include: ['test/differential/**/*.test.ts'],
          testTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'security',
          root,
          sequence: { groupOrder: 0 },
          include: ['test/security/**/*.test.ts'],
          testTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'integration',
          root,
          env,
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          root,
          env,
          sequence: { groupOrder: 2 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/e2e-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'compose-e2e',
          root,
          env,
          // After the engine's other two: those stop and restart dockerd.
          sequence: { groupOrder: 3 },
          include: ['test/compose-e2e/**/*.test.ts'],
          globalSetup: ['test/setup/compose-e2e-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
