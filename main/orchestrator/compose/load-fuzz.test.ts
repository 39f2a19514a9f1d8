import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { toComposeJson } from './compose-json';
import { goYamlText } from './go-yaml';

afterEach(removeStacks);

/**
 * Whatever the file, loading it ends in a stack or in errors, never in an exception (which the CLI
 * would print as an internal error): compose-shaped trees with hostile names and values, and the
 * corpus's real files damaged at random. A fixed seed and a bounded count in `npm test`; the
 * benchmarks run it longer with another seed (STACKPILOT_FUZZ_RUNS, STACKPILOT_FUZZ_SEED).
 */
const FUZZ_SEED = Number(process.env.STACKPILOT_FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.STACKPILOT_FUZZ_RUNS ?? 300);

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'compose-corpus');
function corpusTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(CORPUS);
  return out.filter((t) => /^services:/m.test(t));
}

const NAMES = [
  'web',
  'db',
  'toString',
  '__proto__',
  'constructor',
  'a-b',
  '0',
  '',
  'x'.repeat(300),
  'é',
  '$HOME',
  '${X:?boom}',
  'default',
];
const name = fc.constantFrom(...NAMES);
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  name,
  fc.constantFrom('1-65535', '8080:80', '99999999h', '1g', '0440', 'service:web', '${A:-${B:-c}}', '$$', '~'),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { maxDepth: 3 },
    scalar,
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(name, tie('any'), { maxKeys: 4 }),
  ),
})).any;
const SERVICE_KEYS = [
  'image',
  'build',
  'command',
  'depends_on',
  'ports',
  'volumes',
  'environment',
  'env_file',
  'healthcheck',
  'deploy',
  'networks',
  'extends',
  'secrets',
  'configs',
  'profiles',
  'scale',
  'platform',
  'develop',
  'ulimits',
  'x-stackpilot',
  'links',
  'network_mode',
];
const service = fc.dictionary(fc.constantFrom(...SERVICE_KEYS), value, { maxKeys: 6 });
const composeTree = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 12 }), name),
    services: fc.dictionary(name, service, { maxKeys: 4 }),
    networks: fc.dictionary(name, value, { maxKeys: 2 }),
    volumes: fc.dictionary(name, value, { maxKeys: 2 }),
    secrets: fc.dictionary(name, value, { maxKeys: 2 }),
    include: value,
  },
  { requiredKeys: ['services'] },
);

/** Loads a text and prints what loaded, in both formats: any exception is the failure. */
function loadAndPrint(text: string): void {
  const { stack } = load(writeStack({ 'compose.yaml': text }), { env: { A: '1' } });
  if (!stack) return;
  JSON.stringify(toComposeJson(stack, 'json'));
  goYamlText(toComposeJson(stack, 'yaml'));
}

describe('the loader under random input', { timeout: 600_000 }, () => {
  it('ends in a stack or in errors for compose-shaped trees', () => {
    fc.assert(
      fc.property(composeTree, (tree) => {
        expect(() => loadAndPrint(stringify(tree))).not.toThrow();
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
  });

  it('ends in a stack or in errors for damaged real files', () => {
    const texts = corpusTexts();
    const damage = fc.record({
      file: fc.nat({ max: texts.length - 1 }),
      cuts: fc.array(
        fc.record({
          at: fc.nat(),
          length: fc.nat({ max: 40 }),
          insert: fc.constantFrom(
            '',
            ':',
            '- ',
            '  ',
            '{',
            '[',
            '&a ',
            '*a',
            '<<: *a',
            '!reset ',
            '!override ',
            '${',
            '$',
            '\n',
            '\t',
            '"',
            "'",
            '---\n',
          ),
        }),
        { maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(damage, ({ file, cuts }) => {
        let text = texts[file] ?? '';
        for (const c of cuts) {
          const at = text.length === 0 ? 0 : c.at % text.length;
          text = text.slice(0, at) + c.insert + text.slice(at + c.length);
        }
        expect(() => loadAndPrint(text)).not.toThrow();
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
  });
});
