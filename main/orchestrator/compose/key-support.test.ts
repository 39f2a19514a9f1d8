import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { ENGINE_SETTING_KEYS } from './engine-settings';
import { KEY_SUPPORT, nearestKey } from './key-support';
import type { KeySection } from './key-support';
import { SERVICE_KEYS_READ } from './service-layer';
import { buildSpecOf } from '../runtime/image-fetch';
import { ConfigRefused } from '../errors';

afterEach(removeStacks);

/** Every key name of the Compose Specification, by where it is written (a copy of the list in ../shared, kept in the repo so a clean clone has it). */
const SPEC = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'compose-spec-keys.json'), 'utf8'),
) as Record<string, unknown>;
const SECTIONS = Object.entries(SPEC).filter((e): e is [KeySection, string[]] => Array.isArray(e[1]));

describe('every key of the Compose Specification is applied, refused or ignored with a reason', () => {
  it.each(SECTIONS)('%s: no key unaccounted for', (section, keys) => {
    const table = KEY_SUPPORT[section];
    expect(table, `no section "${section}" in KEY_SUPPORT`).toBeDefined();
    expect(keys.filter((k) => !(k in table))).toEqual([]);
    for (const [key, support] of Object.entries(table))
      if (support.status !== 'applied') expect(support.why, `${section}.${key}`).toMatch(/\w{3,}/);
  });

  it('covers every section of the specification', () => {
    expect(SECTIONS.map(([s]) => s).sort()).toEqual(
      [
        'config',
        'network',
        'secret',
        'service',
        'service.build',
        'service.deploy',
        'service.deploy.resources',
        'service.deploy.resources.limits',
        'service.deploy.resources.reservations',
        'service.develop',
        'service.healthcheck',
        'top_level',
        'volume',
      ].sort(),
    );
  });

  it('says "applied" of exactly the service keys that have a reader', () => {
    const applied = Object.entries(KEY_SUPPORT.service)
      .filter(([, s]) => s.status === 'applied')
      .map(([k]) => k);
    expect(SERVICE_KEYS_READ.filter((k) => !k.startsWith('x-')).sort()).toEqual(applied.sort());
  });

  const notApplied = (section: KeySection, status: 'refused' | 'ignored'): string[] =>
    Object.entries(KEY_SUPPORT[section])
      .filter(([, s]) => s.status === status)
      .map(([k]) => k);

  it.each(notApplied('service', 'refused'))('service key %s: the file is refused, at the key, saying why', (key) => {
    const result = load(writeStack({ 'compose.yaml': `services:\n  api:\n    image: x\n    ${key}: {}\n` }));
    expect(result.stack).toBeUndefined();
    expect(result.errors.map((e) => [e.code, e.location?.line, e.location?.column])).toEqual([
      ['unsupported-key', 4, 5],
    ]);
    expect(result.errors[0]?.message).toContain(`"${key}" is not supported by Stackpilot:`);
  });

  it.each(notApplied('service', 'ignored'))('service key %s: loads, with one warning that says why', (key) => {
    const result = load(writeStack({ 'compose.yaml': `services:\n  api:\n    image: x\n    ${key}: {}\n` }));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => [w.code, w.message.startsWith(`"${key}" is ignored: `)])).toEqual([
      ['ignored-key', true],
    ]);
  });

  it.each(notApplied('top_level', 'refused'))('top-level key %s: the file is refused, saying why', (key) => {
    const result = load(writeStack({ 'compose.yaml': `services:\n  api:\n    image: x\n${key}: {}\n` }));
    expect(result.errors.map((e) => [e.code, e.location?.line])).toEqual([['unsupported-key', 4]]);
  });

  it.each([...notApplied('service.deploy', 'ignored'), ...notApplied('service.deploy', 'refused')])(
    'deploy key %s: said once, with the reason',
    (key) => {
      const result = load(
        writeStack({ 'compose.yaml': `services:\n  api:\n    image: x\n    deploy:\n      ${key}: {}\n` }),
      );
      expect([...result.errors, ...result.warnings].map((d) => d.location?.line)).toEqual([5]);
    },
  );

  it.each(notApplied('service.build', 'refused'))(
    'build key %s: loads (compose reads it), and a build that needs it is refused',
    (key) => {
      const result = load(
        writeStack({
          'compose.yaml': `services:\n  api:\n    image: api:dev\n    build:\n      context: .\n      ${key}: {}\n`,
        }),
      );
      expect(result.errors).toEqual([]);
      const stack = result.stack;
      const api = stack?.services.api;
      if (!stack || !api) throw new Error('no stack');
      expect(() => buildSpecOf(stack, api, 'api:dev')).toThrow(ConfigRefused);
    },
  );

  it.each(notApplied('network', 'refused'))('network key %s: the file is refused', (key) => {
    const result = load(
      writeStack({ 'compose.yaml': `services:\n  api:\n    image: x\nnetworks:\n  back:\n    ${key}: {}\n` }),
    );
    expect(result.errors.map((e) => [e.code, e.location?.line])).toEqual([['unsupported-key', 6]]);
  });

  it('names the nearest real key for a typo, and none for a word too far from every key', () => {
    expect(nearestKey('depend_on', 'service')).toBe('depends_on');
    expect(nearestKey('healtcheck', 'service')).toBe('healthcheck');
    expect(nearestKey('servces', 'top_level')).toBe('services');
    expect(nearestKey('colour', 'service')).toBeUndefined();
  });
});

describe('the README says exactly what is refused and what is ignored', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What it reads'), readme.indexOf('## The demo stack'));
  const part = (title: string): string =>
    section.slice(section.indexOf(title), section.indexOf('\n- **', section.indexOf(title) + 1));
  it.each([
    'top_level',
    'service',
    'service.build',
    'service.deploy',
    'service.deploy.resources.reservations',
    'service.networks.*',
    'network',
    'secret',
    'config',
  ] as const)('%s', (s) => {
    for (const [key, support] of Object.entries(KEY_SUPPORT[s])) {
      if (support.status === 'applied') continue;
      const where = support.status === 'refused' ? part('- **Refused**') : part('- **Ignored');
      expect(where, `${s}.${key} (${support.status})`).toContain(`\`${key}\``);
    }
  });
  it('lists every applied container setting', () => {
    for (const key of Object.keys(ENGINE_SETTING_KEYS)) expect(part('- **Applied**'), key).toContain(`\`${key}\``);
  });
});
