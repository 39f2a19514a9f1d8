import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate } from './interpolate';

const env: Record<string, string> = { SET: 'value', EMPTY: '', PORT: '8080', NESTED: 'inner' };
const lookup = (name: string): string | undefined => env[name];

describe('interpolate', () => {
  it.each([
    ['no variables', 'plain text', 'plain text'],
    ['$VAR', 'x-$SET-y', 'x-value-y'],
    ['${VAR}', '${SET}', 'value'],
    ['$VAR stops at a non-name character', '$SET.txt', 'value.txt'],
    ['$$ is a literal $', 'cost: $$5 and $$SET', 'cost: $5 and $SET'],
    [':- uses the default when unset', '${UNSET:-d}', 'd'],
    [':- uses the default when empty', '${EMPTY:-d}', 'd'],
    [':- keeps a set value', '${SET:-d}', 'value'],
    ['- uses the default only when unset', '${UNSET-d}', 'd'],
    ['- keeps an empty value', '${EMPTY-d}', ''],
    [':+ gives the alternative when set and not empty', '${SET:+alt}', 'alt'],
    [':+ gives nothing when empty', '${EMPTY:+alt}', ''],
    ['+ gives the alternative when set, even empty', '${EMPTY+alt}', 'alt'],
    ['+ gives nothing when unset', '${UNSET+alt}', ''],
    [':? passes a set value through', '${SET:?must be set}', 'value'],
    ['? accepts an empty value', '${EMPTY?must be set}', ''],
    ['nested default', '${UNSET:-${NESTED}}', 'inner'],
    ['doubly nested default', '${UNSET:-${ALSO_UNSET:-${PORT}}}', '8080'],
    ['default with text around nested', 'http://${HOST:-localhost}:${PORT}/', 'http://localhost:8080/'],
    ['default containing $$', '${UNSET:-a$$b}', 'a$b'],
    ['default containing colon and dash', '${UNSET:-a:-b}', 'a:-b'],
    ['unset without default is empty', '[${UNSET}]', '[]'],
  ])('%s', (_name, input, expected) => {
    const result = interpolate(input, lookup);
    expect(result.problem).toBeUndefined();
    expect(result.value).toBe(expected);
  });

  it('lists unset variables without a default, once each', () => {
    expect(interpolate('$A ${A} ${B:-x} $C', lookup).unset).toEqual(['A', 'C']);
  });

  it.each([
    ['${UNSET:?you must set UNSET}', 'required variable UNSET is missing a value: you must set UNSET'],
    ['${EMPTY:?no empties}', 'required variable EMPTY is missing a value: no empties'],
    ['${UNSET?gone}', 'required variable UNSET is missing a value: gone'],
    ['${UNSET:?}', 'required variable UNSET is missing a value'],
  ])('%s is a missing-variable error', (input, message) => {
    const result = interpolate(input, lookup);
    expect(result.problem).toEqual({ kind: 'missing', variable: input.slice(2).split(/[:?]/)[0], message });
  });

  it.each([
    ['${UNCLOSED', 'has no closing'],
    ['${}', 'does not start with a variable name'],
    ['${1ABC}', 'does not start with a variable name'],
    ['${A*B}', 'unknown operator'],
  ])('%s is invalid', (input, why) => {
    const result = interpolate(input, lookup);
    expect(result.problem?.kind).toBe('invalid');
    expect(result.problem?.message).toContain(why);
  });

  it.each([
    ['price $5', 'price $5'],
    ['ends with $', 'ends with $'],
    ['RUN echo "built at $(date)"', 'RUN echo "built at $(date)"'],
    ['echo $(seq 10)', 'echo $(seq 10)'],
    ['^REGEX$', '^REGEX$'],
    ['a $ string', 'a $ string'],
    ['$}', '$}'],
  ])('leaves a "$" that starts no variable as it is, as compose does: %s', (input, want) => {
    expect(interpolate(input, lookup)).toEqual({ value: want, unset: [] });
  });

  it('skips a default that holds braces whole', () => {
    expect(interpolate('${JSON:-{"json":1}}', (n) => (n === 'JSON' ? '{"json":2}' : undefined)).value).toBe(
      '{"json":2}',
    );
    expect(interpolate('${JSON:-{"json":1}}', () => undefined).value).toBe('{"json":1}');
    expect(interpolate('${A:-{${B:-{x}}}}!', () => undefined).value).toBe('{{x}}!');
  });

  it('is the identity on strings without "$" (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (s) => {
          const r = interpolate(s, () => 'SHOULD-NOT-APPEAR');
          return r.value === s && r.unset.length === 0 && r.problem === undefined;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('turns $$ into $ and leaves the rest alone (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string().filter((s) => !s.includes('$'))), (parts) => {
        return interpolate(parts.join('$$'), lookup).value === parts.join('$');
      }),
    );
  });
});
