import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';

afterEach(removeStacks);

const loadYaml = (yaml: string) => load(writeStack({ 'compose.yaml': `name: t\nservices:\n${yaml}` }));

describe('replicas in the compose file', () => {
  it('reads scale and deploy.replicas; one when neither is set', () => {
    const { stack } = loadYaml(
      '  a: { image: a, scale: 3 }\n  b: { image: b, deploy: { replicas: 2 } }\n  c: { image: c }\n  d: { image: d, scale: 0 }\n',
    );
    expect(Object.values(stack?.services ?? {}).map((s) => [s.name, s.replicas])).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
      ['d', 0],
    ]);
  });

  it('refuses container_name with more than one replica, naming the service and where', () => {
    const { stack, errors } = loadYaml(
      '  db:\n    image: db\n    container_name: the-db\n    deploy: { replicas: 2 }\n',
    );
    expect(stack).toBeUndefined();
    expect(errors).toMatchObject([
      {
        code: 'invalid-value',
        path: 'services.db.container_name',
        message: 'service "db" has container_name "the-db" and 2 replicas: container names must be unique',
        location: { line: 5 },
      },
    ]);
  });

  it('refuses scale and deploy.replicas that disagree', () => {
    const { errors } = loadYaml('  api: { image: api, scale: 2, deploy: { replicas: 3 } }\n');
    expect(errors.map((e) => [e.code, e.path, e.message])).toEqual([
      ['invalid-value', 'services.api.scale', 'service "api" sets scale: 2 and deploy.replicas: 3'],
    ]);
  });

  it('applies deploy.resources to every replica, and says which deploy keys only a swarm uses', () => {
    const { stack } = loadYaml(
      '  api:\n    image: api\n    deploy:\n      replicas: 2\n      resources: { limits: { memory: 512M } }\n      update_config: { parallelism: 1 }\n',
    );
    expect(stack?.services.api?.settings.memLimit).toBe(512 * 1024 * 1024);
    expect(stack?.warnings.map((w) => [w.code, w.path])).toEqual([
      ['ignored-key', 'services.api.deploy.update_config'],
    ]);
  });
});
