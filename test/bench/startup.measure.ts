import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeReference } from '../support/compose-reference';

/**
 * Start-up speed, side by side with docker compose v2 (the reference): `stackpilot --version` against
 * `node -e 0` (goal: within 30 ms), and `config` on a one-service file (goal: no slower than compose)
 * and on a 200-service file (goal: at least 2x faster). Figures, never pass or fail on time; then a
 * longer run of the loader's fuzz test with another seed.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');
const reference = composeReference();
const dir = mkdtempSync(join(tmpdir(), 'stackpilot-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const one = join(dir, 'one.yaml');
writeFileSync(one, 'services:\n  web:\n    image: nginx:1.25\n    ports: ["8080:80"]\n');
const many = join(dir, 'many.yaml');
writeFileSync(
  many,
  `services:\n${Array.from({ length: 200 }, (_, i) => `  s${i}:\n    image: busybox\n    command: ["sleep", "${i}"]\n    environment: { N: "${i}" }\n    healthcheck: { test: ["CMD", "true"], interval: 5s }\n${i > 0 ? `    depends_on: [s${i - 1}]\n` : ''}`).join('')}`,
);

/** The median wall time of `runs` runs of a command, in ms. */
function median(cmd: string, args: string[], runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    execFileSync(cmd, args, { stdio: 'ignore', cwd: dir });
    if (i >= 2) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

describe('start-up, against docker compose', () => {
  it('prints the figures', () => {
    const node = median(process.execPath, ['-e', '0']);
    const version = median(process.execPath, [CLI, '--version']);
    const ours1 = median(process.execPath, [CLI, 'config', '-f', one]);
    const ours200 = median(process.execPath, [CLI, 'config', '-f', many]);
    const lines = [
      `node -e 0:                      ${node.toFixed(0)} ms`,
      `stackpilot --version:           ${version.toFixed(0)} ms (+${(version - node).toFixed(0)} ms over node; goal: within 30 ms)`,
      `stackpilot config, 1 service:   ${ours1.toFixed(0)} ms`,
      `stackpilot config, 200 services: ${ours200.toFixed(0)} ms`,
    ];
    if (reference) {
      const ref1 = median(reference, ['-f', one, 'config']);
      const ref200 = median(reference, ['-f', many, 'config']);
      lines.push(
        `docker compose config, 1 service:   ${ref1.toFixed(0)} ms (Stackpilot ${(ref1 / ours1).toFixed(2)}x compose's speed; goal: at least 1x)`,
        `docker compose config, 200 services: ${ref200.toFixed(0)} ms (Stackpilot ${(ref200 / ours200).toFixed(2)}x compose's speed; goal: at least 2x)`,
      );
    }
    console.log(`\nStart-up (median of 15 runs):\n  ${lines.join('\n  ')}\n`);
    expect(version).toBeGreaterThan(0);
  });

  // A fixed seed of its own (not the one npm test uses): a benchmark's outcome never rests on luck.
  it('runs the fuzz test longer, with another seed', () => {
    const out = execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'test/vitest.config.ts',
        '--project',
        'unit',
        'main/orchestrator/compose/load-fuzz.test.ts',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          STACKPILOT_FUZZ_RUNS: '3000',
          STACKPILOT_FUZZ_SEED: '7',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
        },
        encoding: 'utf8',
      },
    );
    console.log(`\nLoader fuzz, 2 x 3000 inputs: ${/Tests\s+.*passed.*/.exec(out)?.[0] ?? 'see output'}\n`);
  });
});
