import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../.config/eslint-layers.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
const texts = tracked.filter(
  (f) => /\.(ts|tsx|mjs|md|json|yaml|yml)$/.test(f) && !f.startsWith('test/fixtures/') && existsSync(join(ROOT, f)),
);

describe("the repository's own references", () => {
  it('names no Markdown page the repository does not have', () => {
    const pages = new Set(tracked.filter((f) => f.endsWith('.md')).map((f) => basename(f)));
    const missing: string[] = [];
    for (const file of texts) {
      for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/\b([A-Z][A-Z_-]+\.md)\b/g)) {
        if (!pages.has(m[1] ?? '')) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('ARCHITECTURE.md names every part the layer rule knows, and no other', () => {
    const page = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const table = page.slice(page.indexOf('| Part |'), page.indexOf('\n\n', page.indexOf('| Part |')));
    const named = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => (m[1] ?? '').replace(/\/$/, ''));
    const parts = Object.keys(LAYERS).filter((l) => !l.endsWith('.ts'));
    expect(named.sort()).toEqual(parts.sort());
  });
});
