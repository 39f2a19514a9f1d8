import { describe, expect, it } from 'vitest';
import { parseDotenv } from './dotenv';

describe('parseDotenv', () => {
  it('reads the forms compose reads', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = padded value  ',
      'INLINE=abc # trailing comment',
      "SINGLE='literal $PLAIN # not a comment'",
      'DOUBLE="line1\\nline2 ${PLAIN}"',
      'EMPTY=',
      'REF=${PLAIN}-x',
      'HASH=a#b',
      'MULTI="first',
      'second"',
    ].join('\n');
    const { values, errors } = parseDotenv('/p/.env', text);
    expect(errors).toEqual([]);
    expect(Object.fromEntries(values)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'padded value',
      INLINE: 'abc',
      SINGLE: 'literal $PLAIN # not a comment',
      DOUBLE: 'line1\nline2 value',
      EMPTY: '',
      REF: 'value-x',
      HASH: 'a#b',
      MULTI: 'first\nsecond',
    });
  });

  it('takes a bare KEY from the outer environment', () => {
    const { values } = parseDotenv('/p/.env', 'FROM_SHELL\nMISSING', (n) => (n === 'FROM_SHELL' ? 'shell' : undefined));
    expect(Object.fromEntries(values)).toEqual({ FROM_SHELL: 'shell' });
  });

  it('reports bad lines with their line number', () => {
    const { errors } = parseDotenv('/p/.env', 'OK=1\n9BAD=2\nQUOTE="open', () => undefined);
    expect(errors.map((e) => [e.message, e.location?.line])).toEqual([
      ['"9BAD" is not a valid variable name', 2],
      ['the value of QUOTE has no closing "', 3],
    ]);
  });
});
