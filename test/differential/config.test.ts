import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeReference } from '../support/compose-reference';
import { run } from './run-tool';
import type { Run } from './run-tool';
import { corpusCases } from './corpus';
import type { CorpusCase } from './corpus';

/**
 * The model, proven against docker compose itself: `stackpilot config` and `docker compose config`
 * (v2, the reference) run on every file of the corpus, in the same folder with the same
 * environment. Where compose prints a model, Stackpilot prints the same text, byte for byte, in
 * JSON and in YAML; where compose refuses a file, Stackpilot refuses it too (exit 2). The lists config prints (--services,
 * --volumes, --images, --profiles), compose's config hash of each service (--hash) and the model as written
 * (--no-normalize) are compared too. The only
 * exceptions are listed, each with its reason and source, in accepted-differences.json.
 */
const reference = composeReference();
const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');

interface Accepted {
  /** The corpus cases this entry covers (they differ for the same reason). */
  cases: string[];
  /** What differs: compose 2.26 refuses a file compose v5 reads (and Stackpilot follows v5), or the reverse. */
  kind: 'compose-2.26-refuses' | 'stackpilot-refuses';
  /** Only for these outputs (else for all). */
  formats?: Output[];
  why: string;
  source: string;
}
const ACCEPTED: Accepted[] = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'accepted-differences.json'), 'utf8')) as {
    differences: Accepted[];
  }
).differences;

/** What is compared: the model as JSON, as YAML, and the lists and hashes config prints. */
type Output = 'json' | 'yaml' | 'lists' | 'unnormalized';
const OUTPUT_ARGS: Record<Output, string[][]> = {
  json: [['--format', 'json']],
  yaml: [['--format', 'yaml']],
  lists: [['--hash', '*'], ['--services'], ['--volumes'], ['--images'], ['--profiles']],
  unnormalized: [
    ['--no-normalize', '--format', 'json'],
    ['--no-normalize', '--format', 'yaml'],
  ],
};
/** The lists on every tenth case (each is five runs of each tool); the model on every case. */
const LIST_SAMPLE = 10;
/** Cases whose lists are always compared: config hashes, volumes and profiles that matter. */
const LIST_ALWAYS = [
  'docker-compose/pkg/e2e/fixtures/config_hash/',
  'sentry-self-hosted/',
  'airflow/',
  'compose-go/loader/testdata/compose-test-with-version',
  'overrides/',
];

/** Both tools on one case, for one output (the lists: each printed, then as sorted lines). */
async function both(c: CorpusCase, output: Output, bin: string): Promise<{ ref: Run; ours: Run }> {
  const project = [
    ...c.files.flatMap((f) => ['-f', f]),
    ...(c.profiles ?? []).flatMap((p) => ['--profile', p]),
    '--project-directory',
    c.dir,
  ];
  const runs = await Promise.all(
    OUTPUT_ARGS[output].map(async (args) => {
      const [ref, ours] = await Promise.all([
        run(bin, [...project, 'config', ...args], c.dir),
        run(process.execPath, [CLI, 'config', ...project, ...args], c.dir),
      ]);
      // Compose prints these lists in its maps' order, which Go leaves random: compared as sets of lines.
      const lines = (r: Run): Run =>
        output === 'lists'
          ? { ...r, stdout: `${args.join(' ')}\n${r.stdout.split('\n').filter(Boolean).sort().join('\n')}` }
          : r;
      return { ref: lines(ref), ours: lines(ours) };
    }),
  );
  const join = (side: 'ref' | 'ours'): Run => ({
    code: runs.reduce<number | null>((code, r) => (code === 0 ? r[side].code : code), 0),
    stdout: runs.map((r) => r[side].stdout).join('\n'),
    stderr: runs.map((r) => r[side].stderr).join(''),
  });
  return { ref: join('ref'), ours: join('ours') };
}

const cases = corpusCases();

describe.skipIf(!reference)('config against docker compose v2 on the corpus', () => {
  it('has at least 120 real compose files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(120);
  });

  it('lists only accepted differences that still exist', () => {
    const ids = new Set(cases.map((c) => c.id));
    expect(ACCEPTED.flatMap((a) => a.cases.filter((c) => !ids.has(c)))).toEqual([]);
    for (const a of ACCEPTED) expect(a.why.length > 20 && a.source.length > 10, a.cases[0]).toBe(true);
  });

  it.each(['json', 'yaml', 'lists', 'unnormalized'] as const)(
    'prints what compose prints (%s), or refuses what compose refuses',
    async (format) => {
      const bin = reference ?? '';
      const mismatches: string[] = [];
      const queue = [...cases];
      // A few at a time: each case is two short-lived processes.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let c = queue.shift(); c; c = queue.shift()) {
            if (
              format === 'lists' &&
              cases.indexOf(c) % LIST_SAMPLE !== 0 &&
              !LIST_ALWAYS.some((id) => c.id.startsWith(id))
            )
              continue;
            // The model as written (--no-normalize) on every third case, and every case with includes or overrides.
            if (format === 'unnormalized' && cases.indexOf(c) % 3 !== 0 && !/include|override|overrides\//.test(c.id))
              continue;
            const { ref, ours } = await both(c, format, bin);
            // The lists of a file compose cannot print a model of are not compared (compose skips some checks there).
            if (
              format === 'lists' &&
              (
                await run(
                  bin,
                  [
                    ...c.files.flatMap((f) => ['-f', f]),
                    ...(c.profiles ?? []).flatMap((p) => ['--profile', p]),
                    '--project-directory',
                    c.dir,
                    'config',
                    '-q',
                  ],
                  c.dir,
                )
              ).code !== 0
            )
              continue;
            const accepted = ACCEPTED.find((a) => a.cases.includes(c.id) && (!a.formats || a.formats.includes(format)));
            if (accepted) {
              const holds =
                accepted.kind === 'compose-2.26-refuses'
                  ? ref.code !== 0 && ours.code === 0
                  : ref.code === 0 && ours.code === 2;
              if (!holds)
                mismatches.push(
                  `${c.id}: listed as ${accepted.kind}, but compose exited ${ref.code} and Stackpilot ${ours.code}`,
                );
              continue;
            }
            if (ref.code === 0 && ours.code !== 0)
              mismatches.push(`${c.id}: compose reads it, Stackpilot refuses it:\n${ours.stderr.slice(0, 600)}`);
            else if (ref.code !== 0 && ours.code !== 2)
              mismatches.push(
                `${c.id}: compose refuses it (${ref.stderr.trim().slice(0, 300)}), Stackpilot exits ${ours.code}`,
              );
            else if (ref.code === 0 && ref.stdout !== ours.stdout)
              mismatches.push(`${c.id}: the models differ:\n${firstDifference(ref.stdout, ours.stdout)}`);
          }
        }),
      );
      expect(mismatches).toEqual([]);
    },
  );
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
