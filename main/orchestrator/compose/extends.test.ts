import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';

afterEach(removeStacks);

describe('extends', () => {
  it('builds a service on another of the same file: the base merged under it, its depends_on not inherited', () => {
    const { stack, errors } = load(
      writeStack({
        'compose.yaml': `services:
  db: { image: db }
  base:
    image: app:1
    environment: { LEVEL: info, REGION: eu }
    ports: ["8000:8000"]
    cap_add: [NET_ADMIN]
    depends_on: [db]
  api:
    extends: base
    environment: { LEVEL: debug }
    cap_add: [SYS_TIME]
  worker:
    extends: { service: api }
    command: ["work"]
`,
      }),
    );
    expect(errors).toEqual([]);
    expect(stack?.services.api).toMatchObject({
      image: 'app:1',
      environment: { LEVEL: 'debug', REGION: 'eu' },
      settings: { capAdd: ['NET_ADMIN', 'SYS_TIME'] },
      dependsOn: {},
    });
    expect(stack?.services.api?.ports.map((p) => p.published)).toEqual(['8000']);
    // A chain: worker extends api extends base.
    expect(stack?.services.worker).toMatchObject({
      image: 'app:1',
      command: ['work'],
      environment: { LEVEL: 'debug', REGION: 'eu' },
    });
    expect(stack?.services.base?.dependsOn).toHaveProperty('db');
  });

  it('reads a base from another file, its relative paths from that file’s folder', () => {
    const dir = writeStack({
      'compose.yaml':
        'services:\n  api:\n    extends: { file: shared/common.yaml, service: web }\n    environment: { MODE: dev }\n',
      'shared/common.yaml':
        'services:\n  web:\n    build: .\n    volumes: ["./static:/srv"]\n    env_file: [./web.env]\n    environment: { MODE: prod, PORT: "80" }\n',
      'shared/web.env': 'FROM_FILE=shared\n',
    });
    const { stack, errors } = load(dir);
    expect(errors).toEqual([]);
    expect(stack?.services.api?.build?.context).toBe(`${dir}/shared`);
    expect(stack?.services.api?.volumes[0]).toMatchObject({
      type: 'bind',
      source: `${dir}/shared/static`,
      target: '/srv',
    });
    // env_file too is read from the base's folder, not this one's.
    expect(stack?.services.api?.environment).toEqual({ FROM_FILE: 'shared', MODE: 'dev', PORT: '80' });
    // Only the service extended comes from that file: web is not a service of this stack.
    expect(Object.keys(stack?.services ?? {})).toEqual(['api']);
  });

  it('says where extends goes wrong: a circle, an unknown service, a file that is not there', () => {
    const { errors } = load(
      writeStack({
        'compose.yaml': `services:
  a: { extends: b, image: x }
  b: { extends: a }
  c: { extends: nope, image: x }
  d: { extends: { file: missing.yaml, service: x }, image: x }
`,
      }),
    );
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['dependency-cycle', 'services.a.extends'],
      ['unknown-dependency', 'services.c.extends'],
      ['file-unreadable', 'services.d.extends'],
    ]);
    expect(errors[1]?.message).toBe('service "c" extends "nope", which is not defined');
  });
});
