import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadStack } from '../../main/orchestrator/compose/load';
import type { LoadOptions, LoadResult } from '../../main/orchestrator/compose/load';

const made: string[] = [];

/** Writes files into a new temporary project folder (named `folder`, for project-name tests). */
export function writeStack(files: Record<string, string>, folder = 'project'): string {
  const root = mkdtempSync(join(tmpdir(), 'stackpilot-unit-'));
  made.push(root);
  const dir = join(root, folder);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeStacks(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Loads a stack from `dir` with an empty process environment unless given. */
export function load(dir: string, opts: Partial<LoadOptions> = {}): LoadResult {
  return loadStack({ cwd: dir, env: {}, homeDir: '/home/dev', ...opts });
}
