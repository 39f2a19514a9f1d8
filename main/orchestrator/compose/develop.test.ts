import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { toComposeJson } from './compose-json';

afterEach(removeStacks);

const one = (yaml: string) => {
  const dir = writeStack({ 'compose.yaml': `name: t\nservices:\n  web:\n    build: .\n    develop:\n${yaml}` });
  return { dir, ...load(dir) };
};

describe('develop.watch', () => {
  it('reads each rule: its action, its path from the project folder, the target, ignore, include, initial_sync and exec', () => {
    const { dir, stack, errors, warnings } = one(`      watch:
        - action: sync
          path: ./src
          target: /app/src
          ignore: [node_modules/, "*.tmp"]
          include: ["*.js"]
          initial_sync: true
        - action: sync+exec
          path: conf
          target: etc/app
          exec:
            command: app reload --now
            user: root
        - action: rebuild
          path: package.json
`);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(stack?.services.web?.watch).toEqual([
      {
        action: 'sync',
        path: join(dir, 'src'),
        target: '/app/src',
        ignore: ['node_modules/', '*.tmp'],
        include: ['*.js'],
        initialSync: true,
      },
      {
        action: 'sync+exec',
        path: join(dir, 'conf'),
        target: '/etc/app',
        ignore: [],
        include: [],
        initialSync: false,
        exec: { command: ['app', 'reload', '--now'], user: 'root', environment: [] },
      },
      { action: 'rebuild', path: join(dir, 'package.json'), ignore: [], include: [], initialSync: false },
    ]);
    const printed = (toComposeJson(stack!).services as Record<string, Record<string, unknown>>).web?.develop as {
      watch: unknown[];
    };
    expect(printed.watch[0]).toEqual({
      action: 'sync',
      path: join(dir, 'src'),
      target: '/app/src',
      ignore: ['node_modules/', '*.tmp'],
      include: ['*.js'],
      initial_sync: true,
    });
    expect(printed.watch[2]).toEqual({ action: 'rebuild', path: join(dir, 'package.json') });
  });

  it('refuses, at the line, an unknown action, a rule without an action or a path, and keys no rule has', () => {
    const { errors } = one(`      watch:
        - action: copy
          path: ./src
        - path: ./src
        - action: restart
        - action: restart
          path: x
          delay: 3
      poll: true
`);
    expect(errors.map((e) => [e.location?.line, e.message])).toEqual([
      [7, '"copy" is not a watch action'],
      [9, 'a watch rule needs an action'],
      [10, 'a watch rule needs a path'],
      [13, '"delay" is not a key of a watch rule'],
      [14, '"poll" is not a key of develop'],
    ]);
  });

  it('a service without develop has no watch rules', () => {
    const plain = load(writeStack({ 'compose.yaml': 'services:\n  a:\n    image: x\n' }));
    expect(plain.stack?.services.a?.watch).toEqual([]);
  });
});
