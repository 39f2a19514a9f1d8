import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { toComposeJson } from './compose-json';

afterEach(removeStacks);

const BASE = `services:
  app:
    image: app:1
    command: ["serve"]
    ports: ["8000:8000", "9229:9229"]
    environment: { A: "1", B: "2" }
    depends_on: [db]
  db:
    image: postgres:16
`;

describe('files as compose merges them', () => {
  it('!reset removes what earlier files said, !override replaces it', () => {
    const dir = writeStack({
      'compose.yaml': BASE,
      'compose.override.yaml':
        'services:\n  app:\n    ports: !override ["9000:8000"]\n    environment: !reset {}\n    depends_on: !reset []\n    command: !reset\n',
    });
    const { stack, errors } = load(dir);
    expect(errors).toEqual([]);
    const app = stack?.services.app;
    expect(app?.ports.map((p) => `${p.published}:${p.target}`)).toEqual(['9000:8000']);
    expect(app?.environment).toEqual({});
    expect(app?.dependsOn).toEqual({});
    expect(app?.command).toBeNull();
  });

  it('!reset in a service that extends another drops the inherited value', () => {
    const dir = writeStack({
      'compose.yaml':
        'services:\n  init:\n    image: alpine\n    command: sleep infinity\n  base:\n    extends: { service: init }\n    command: !reset\n',
    });
    const { stack, errors } = load(dir);
    expect(errors).toEqual([]);
    expect(stack?.services.base?.command).toBeNull();
    expect(stack?.services.init?.command).toEqual(['sleep', 'infinity']);
  });

  it('reads several YAML documents in one file as files merged in order', () => {
    const dir = writeStack({
      'compose.yaml':
        'services:\n  a:\n    image: busybox\n---\nservices:\n  b:\n    image: busybox\n    depends_on: [a]\n    ports: [8080:80]\n',
    });
    const { stack, errors } = load(dir);
    expect(errors).toEqual([]);
    expect(Object.keys(stack?.services ?? {})).toEqual(['a', 'b']);
    expect(Object.keys(stack?.services.b?.dependsOn ?? {})).toEqual(['a']);
  });

  it('places an error in the second document at its own line', () => {
    const dir = writeStack({
      'compose.yaml':
        'services:\n  a:\n    image: busybox\n---\nservices:\n  b:\n    image: busybox\n    depend_on: [a]\n',
    });
    expect(load(dir).errors.map((e) => [e.code, e.location?.line])).toEqual([['unknown-key', 8]]);
  });

  it("makes the file's name: a valid project name, as compose does", () => {
    const dir = writeStack({ 'compose.yaml': 'name: "My App"\nservices:\n  a:\n    image: busybox\n' });
    const { stack } = load(dir);
    expect(stack?.name).toBe('myapp');
    expect(toComposeJson(stack ?? ({} as never), 'json').name).toBe('myapp');
    expect(load(dir, { projectName: 'My App' }).errors.map((e) => e.code)).toEqual(['invalid-name']);
  });

  it('takes an empty platform as unset (getsentry/self-hosted writes platform: ${DOCKER_PLATFORM:-})', () => {
    const dir = writeStack({
      'compose.yaml':
        'services:\n  a:\n    image: busybox\n    platform: ${DOCKER_PLATFORM:-}\n    container_name: ""\n',
    });
    const { stack, errors } = load(dir);
    expect(errors).toEqual([]);
    expect(stack?.services.a?.platform).toBeUndefined();
    expect(stack?.services.a?.containerName).toBeUndefined();
  });
});
