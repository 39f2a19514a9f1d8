import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeReference } from '../support/compose-reference';
import { corpusCases } from './corpus';
import type { CorpusCase } from './corpus';

/**
 * The model, proven against docker compose itself: `stackpilot config` and `docker compose config`
 * (v2, the reference) run on every file of the corpus, in the same folder with the same
 * environment. Where compose prints a model, Stackpilot prints the same text, byte for byte, in
 * JSON and in YAML; where compose refuses a file, Stackpilot refuses it too (exit 2). The only
 * exceptions are listed, each with its reason and source, in accepted-differences.json.
 */
const reference = composeReference();
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');

interface Accepted {
  case: string;
  /** What differs: compose 2.26 refuses a file compose v5 reads (and Stackpilot follows v5), or the reverse. */
  kind: 'compose-2.26-refuses' | 'stackpilot-refuses';
  /** Only in these output formats (else in both). */
  formats?: ('json' | 'yaml')[];
  why: string;
  source: string;
}
const ACCEPTED: Accepted[] = (JSON.parse(readFileSync(join(import.meta.dirname, 'accepted-differences.json'), 'utf8')) as { differences: Accepted[] }).differences;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((done, fail) => {
    // The same small environment for both: what a variable in the files resolves to is the corpus's own .env.
    const child = spawn(cmd, args, { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent-home' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Both tools on one case, in one format. */
async function both(c: CorpusCase, format: 'json' | 'yaml', bin: string): Promise<{ ref: Run; ours: Run }> {
  const project = [...c.files.flatMap((f) => ['-f', f]), '--project-directory', c.dir];
  const [ref, ours] = await Promise.all([run(bin, [...project, 'config', '--format', format], c.dir), run(process.execPath, [CLI, 'config', ...project, '--format', format], c.dir)]);
  return { ref, ours };
}

const cases = corpusCases();

describe.skipIf(!reference)('config against docker compose v2 on the corpus', () => {
  it('has at least 120 real compose files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(120);
  });

  it('lists only accepted differences that still exist', () => {
    const ids = new Set(cases.map((c) => c.id));
    expect(ACCEPTED.filter((a) => !ids.has(a.case)).map((a) => a.case)).toEqual([]);
    for (const a of ACCEPTED) expect(a.why.length > 20 && a.source.length > 10, a.case).toBe(true);
  });

  it.each(['json', 'yaml'] as const)('prints what compose prints (--format %s), or refuses what compose refuses', async (format) => {
    const bin = reference ?? '';
    const mismatches: string[] = [];
    const queue = [...cases];
    // A few at a time: each case is two short-lived processes.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const { ref, ours } = await both(c, format, bin);
          const accepted = ACCEPTED.find((a) => a.case === c.id && (!a.formats || a.formats.includes(format)));
          if (accepted) {
            const holds = accepted.kind === 'compose-2.26-refuses' ? ref.code !== 0 && ours.code === 0 : ref.code === 0 && ours.code === 2;
            if (!holds) mismatches.push(`${c.id}: listed as ${accepted.kind}, but compose exited ${ref.code} and Stackpilot ${ours.code}`);
            continue;
          }
          if (ref.code === 0 && ours.code !== 0) mismatches.push(`${c.id}: compose reads it, Stackpilot refuses it:\n${ours.stderr.slice(0, 600)}`);
          else if (ref.code !== 0 && ours.code !== 2) mismatches.push(`${c.id}: compose refuses it (${ref.stderr.trim().slice(0, 300)}), Stackpilot exits ${ours.code}`);
          else if (ref.code === 0 && ref.stdout !== ours.stdout) mismatches.push(`${c.id}: the models differ:\n${firstDifference(ref.stdout, ours.stdout)}`);
        }
      }),
    );
    expect(mismatches).toEqual([]);
  });
});

/** The first differing line of two outputs, with a little context, to say where they part. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && la[i] === lb[i]) i++;
  const around = (l: string[]): string => l.slice(Math.max(0, i - 3), i + 3).join('\n');
  return `line ${i + 1}\n--- docker compose\n${around(la)}\n--- stackpilot\n${around(lb)}`;
}
