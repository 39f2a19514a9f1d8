import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { toComposeJson } from './compose-json';

afterEach(removeStacks);

const stackWith = (provider: string) =>
  load(
    writeStack({
      'compose.yaml': `name: t\nservices:\n  app:\n    image: x\n    depends_on: [db]\n  db:\n    provider:\n${provider}`,
    }),
  );

describe('provider services', () => {
  it('reads type and options (numbers, booleans and lists as the text the program gets); no image and no network needed', () => {
    const { stack, errors } = stackWith(
      '      type: awesomecloud\n      options:\n        type: mysql\n        size: 256\n        ha: true\n        zone: [a, b]\n',
    );
    expect(errors).toEqual([]);
    expect(stack?.services.db?.provider).toEqual({
      type: 'awesomecloud',
      options: { type: ['mysql'], size: ['256'], ha: ['true'], zone: ['a', 'b'] },
    });
    expect(stack?.services.db?.networks).toEqual({});
    const db = (toComposeJson(stack!, 'json').services as Record<string, Record<string, unknown>>).db;
    expect(db?.provider).toEqual({
      type: 'awesomecloud',
      options: { ha: ['true'], size: ['256'], type: ['mysql'], zone: ['a', 'b'] },
    });
    expect(db?.networks).toBeUndefined();
  });

  it('refuses a provider without a type, of type compose, with an unknown key or an option that is a map', () => {
    const messages = (yaml: string) => stackWith(yaml).errors.map((e) => [e.location?.line, e.message]);
    expect(messages('      options: { a: 1 }\n')).toEqual([
      [8, 'a provider needs a type: the program that runs the service'],
    ]);
    expect(messages('      type: compose\n')).toEqual([[8, "'compose' is not a valid provider type"]]);
    expect(messages('      type: x\n      image: y\n')).toEqual([[9, '"image" is not a key of provider']]);
    expect(stackWith('      type: x\n      options: { a: { b: 1 } }\n').errors.map((e) => e.code)).toEqual([
      'wrong-type',
    ]);
  });
});
