import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStacks, writeStack } from '../../test/support/stack-dir';
import { parseDotenv } from '../orchestrator/compose/dotenv';
import { DotenvWriteError, writeDotenvValues } from './dotenv-writer';

afterEach(removeStacks);

describe('writing .env', () => {
  it('replaces a key in place, appends new ones, keeps comments and order', () => {
    const dir = writeStack({ '.env': '# db\nexport DB_USER=app\nTOKEN=old # comment\n\nEMPTY\n' });
    writeDotenvValues(dir, { TOKEN: 'new', EMPTY: 'now', ADDED: 'x y' });
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(
      "# db\nexport DB_USER=app\nTOKEN='new'\n\nEMPTY='now'\nADDED='x y'\n",
    );
  });

  it('creates the file readable by its owner only, and keeps the mode of one that exists', () => {
    const dir = writeStack({});
    writeDotenvValues(dir, { A: '1' });
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, '.env'), 'B=2\n');
    chmodSync(join(dir, '.env'), 0o644);
    writeDotenvValues(dir, { A: '1' });
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o644);
  });

  it('refuses names compose could not read back', () => {
    const dir = writeStack({});
    expect(() => writeDotenvValues(dir, { 'A B': '1' })).toThrow(DotenvWriteError);
  });

  it('writes any value so that compose reads back exactly it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        const dir = writeStack({});
        writeDotenvValues(dir, { V: value });
        const file = join(dir, '.env');
        expect(parseDotenv(file, readFileSync(file, 'utf8')).values.get('V')).toBe(value);
      }),
      { numRuns: 200 },
    );
  });
});
