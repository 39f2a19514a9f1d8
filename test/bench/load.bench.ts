import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, bench, describe, expect } from 'vitest';
import { loadStackOrThrow } from '../../main/orchestrator/compose/load';
import { buildGraph, startLevels } from '../../main/orchestrator/graph';
import { generatedCompose } from './generated-stack';

const dir = mkdtempSync(join(tmpdir(), 'stackpilot-bench-'));
writeFileSync(join(dir, 'compose.yaml'), generatedCompose(200, 400));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadAndPlan(): number {
  const stack = loadStackOrThrow({ cwd: dir, env: {}, homeDir: '/home/dev' });
  return startLevels(buildGraph(stack.services)).length;
}

// Sanity outside the timing: the file is what it claims to be.
const check = loadStackOrThrow({ cwd: dir, env: {}, homeDir: '/home/dev' });
expect(Object.keys(check.services)).toHaveLength(200);
expect(Object.values(check.services).reduce((n, s) => n + Object.keys(s.dependsOn).length, 0)).toBe(400);

describe('compose model', () => {
  bench(
    'load + validate + plan, 200 services / 400 edges (target: mean < 50 ms)',
    () => {
      loadAndPlan();
    },
    { time: 3000, warmupTime: 500 },
  );
});
