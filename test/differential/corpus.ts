import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The real compose files the differential tests run both tools on (SOURCES.md says where each is from). */
export const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'compose-corpus');
const OWN_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'compose');

export interface CorpusCase {
  /** What the case is called in the test's output and in accepted-differences.json. */
  id: string;
  /** The folder both tools run in (and the project directory). */
  dir: string;
  /** `-f` files in merge order; none: each tool finds the files itself, as from a prompt in `dir`. */
  files: string[];
  /** Profiles to activate (`--profile`). */
  profiles?: string[];
}

/** Override pairs and other multi-file cases: their files, relative to the corpus. */
const MULTI_FILE: readonly string[][] = [
  ['compose-go/cli/testdata/simple/compose.yaml', 'compose-go/cli/testdata/simple/compose-with-overrides.yaml'],
  ['overrides/merge/compose.yaml', 'overrides/merge/compose.override.yaml'],
  ['overrides/reset/compose.yaml', 'overrides/reset/compose.override.yaml'],
];
/** Folders run without -f: what the tools find there themselves (compose.yaml plus its override). */
const DISCOVERED: readonly string[] = ['overrides/merge', 'overrides/discovery'];

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

/**
 * Every compose file of the corpus on its own (a YAML file with a top-level services: or include:,
 * so the other tools' configs beside them are left out), then the multi-file and discovered cases.
 */
export function corpusCases(): CorpusCase[] {
  const single = [...walk(CORPUS)]
    .filter((f) => /\.ya?ml$/.test(f) && /^(services|include):/m.test(readFileSync(f, 'utf8')))
    .sort()
    .map((f) => ({ id: relative(CORPUS, f), dir: dirname(f), files: [f] }));
  const multi = MULTI_FILE.map((files) => ({
    id: files.join(' + '),
    dir: dirname(join(CORPUS, files[0] ?? '')),
    files: files.map((f) => join(CORPUS, f)),
  }));
  const discovered = DISCOVERED.map((d) => ({ id: `${d}/ (discovered)`, dir: join(CORPUS, d), files: [] }));
  // The project's own test stacks (test/fixtures/compose), as their tests load them: with the tools profile.
  const own = readdirSync(OWN_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      id: `test/fixtures/compose/${d.name} (--profile tools)`,
      dir: join(OWN_FIXTURES, d.name),
      files: [],
      profiles: ['tools'],
    }));
  return [...single, ...multi, ...discovered, ...own];
}
