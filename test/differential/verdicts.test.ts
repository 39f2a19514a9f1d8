import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeReference } from '../support/compose-reference';
import { run } from './run-tool';

/**
 * The verdict on broken files, proven against docker compose itself: on each case of
 * test/fixtures/compose-broken (the mistakes people make: YAML, types, unknown keys, references,
 * ports, durations, sizes, cycles, variables, includes, extends, overrides), compose and Stackpilot
 * refuse the same files and accept the same files; where they accept, they print the same model.
 * Stackpilot's refusal names the file, line and column, what is wrong, and what to do.
 */
const reference = composeReference();
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
const CASES = join(import.meta.dirname, '..', 'fixtures', 'compose-broken');

/**
 * Where the verdicts may differ, and why. replicas -1: compose 2.26 loads it, then panics at up
 * (a Go runtime crash with a stack trace, pkg/compose/convergence.go); Stackpilot refuses it at load, saying where.
 */
const STACKPILOT_REFUSES: Readonly<Record<string, string>> = {
  'deploy-replicas-neg': 'docker compose 2.26 loads replicas: -1 and crashes at up; Stackpilot refuses it at load',
};

const cases = readdirSync(CASES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe.skipIf(!reference)('the verdict on broken files, against docker compose v2', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses what compose refuses, with file:line:col, what and what to do; accepts and prints what compose accepts', async () => {
    const bin = reference ?? '';
    const mismatches: string[] = [];
    const queue = [...cases];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let name = queue.shift(); name; name = queue.shift()) {
          const dir = join(CASES, name);
          const [ref, ours] = await Promise.all([
            run(bin, ['config', '--format', 'json'], dir),
            run(process.execPath, [CLI, 'config', '--format', 'json'], dir),
          ]);
          const refused = ref.code !== 0;
          if (STACKPILOT_REFUSES[name]) {
            if (refused || ours.code !== 2)
              mismatches.push(
                `${name}: listed as refused by Stackpilot only, but compose exited ${ref.code} and Stackpilot ${ours.code}`,
              );
            continue;
          }
          if (refused && ours.code !== 2)
            mismatches.push(
              `${name}: compose refuses it (${ref.stderr.trim().slice(0, 200)}); Stackpilot exits ${ours.code}`,
            );
          else if (!refused && ours.code !== 0)
            mismatches.push(`${name}: compose accepts it; Stackpilot refuses it:\n${ours.stderr.slice(0, 400)}`);
          else if (!refused && ours.stdout !== ref.stdout)
            mismatches.push(`${name}: both accept it, but the models differ`);
          else if (refused && !/^\/\S+\.ya?ml:\d+:\d+: error: .+\n {2}hint: .+/m.test(ours.stderr))
            mismatches.push(
              `${name}: the refusal does not say file:line:col, what and what to do:\n${ours.stderr.slice(0, 400)}`,
            );
        }
      }),
    );
    expect(mismatches).toEqual([]);
  });
});
