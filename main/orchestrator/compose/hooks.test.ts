import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { toComposeJson } from './compose-json';

afterEach(removeStacks);

const one = (yaml: string) => load(writeStack({ 'compose.yaml': `name: t\nservices:\n  api:\n    image: x\n${yaml}` }));

describe('lifecycle hooks', () => {
  it('reads each hook’s command (a string split as a shell would), user, privileges, folder and variables', () => {
    const { stack, errors } = one(`    post_start:
      - command: chown -R 1001 "/data dir"
        user: root
        privileged: true
        working_dir: /data
        environment: [MODE=fast, TOKEN]
    pre_stop:
      - command: [./flush.sh]
`);
    expect(errors).toEqual([]);
    expect(stack?.services.api?.postStart).toEqual([
      {
        command: ['chown', '-R', '1001', '/data dir'],
        user: 'root',
        privileged: true,
        workingDir: '/data',
        environment: ['MODE=fast', 'TOKEN'],
      },
    ]);
    expect(stack?.services.api?.preStop).toEqual([{ command: ['./flush.sh'], environment: [] }]);
    expect((toComposeJson(stack!).services as Record<string, Record<string, unknown>>).api?.pre_stop).toEqual([
      { command: ['./flush.sh'] },
    ]);
  });

  it('refuses a hook without a command, a key hooks do not have, and a hook that is not a list', () => {
    expect(
      one('    post_start:\n      - user: root\n      - command: [x]\n        timeout: 5\n').errors.map((e) => [
        e.location?.line,
        e.message,
      ]),
    ).toEqual([
      [6, 'a lifecycle hook needs a command'],
      [8, '"timeout" is not a key of a lifecycle hook'],
    ]);
    expect(one('    pre_stop: { command: x }\n').errors.map((e) => e.code)).toEqual(['wrong-type']);
  });

  it('reads pre_start hooks (compose v5.3): an optional command, an image that defaults to the service’s, and prints them as compose v5 does', () => {
    const { stack, errors } = one(`    pre_start:
      - command: sh -c 'echo ready > /data/flag'
        environment: { MODE: init, TOKEN: }
      - image: busybox
        user: "1000"
        privileged: "true"
        working_dir: /data
        per_replica: false
`);
    expect(errors).toEqual([]);
    expect(stack?.services.api?.preStart).toEqual([
      { command: ['sh', '-c', 'echo ready > /data/flag'], image: 'x', environment: ['MODE=init', 'TOKEN'] },
      { image: 'busybox', user: '1000', privileged: true, workingDir: '/data', perReplica: false, environment: [] },
    ]);
    expect((toComposeJson(stack!, 'json').services as Record<string, Record<string, unknown>>).api?.pre_start).toEqual([
      { command: ['sh', '-c', 'echo ready > /data/flag'], image: 'x', environment: { MODE: 'init', TOKEN: null } },
      { command: null, image: 'busybox', user: '1000', privileged: true, working_dir: '/data' },
    ]);
  });

  it('leaves a pre_start hook of a service that is only built without an image, and refuses keys hooks do not have', () => {
    const built = load(
      writeStack({
        'compose.yaml': 'name: t\nservices:\n  api:\n    build: .\n    pre_start:\n      - command: [init]\n',
      }),
    );
    expect(built.errors).toEqual([]);
    expect(built.stack?.services.api?.preStart).toEqual([{ command: ['init'], environment: [] }]);
    expect(
      one('    pre_start:\n      - command: [x]\n        timeout: 5\n').errors.map((e) => [
        e.location?.line,
        e.message,
      ]),
    ).toEqual([[7, '"timeout" is not a key of a pre_start hook']]);
    expect(one('    pre_start: { command: x }\n').errors.map((e) => e.code)).toEqual(['wrong-type']);
  });
});
