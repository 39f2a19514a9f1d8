import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';

afterEach(removeStacks);

describe('include', () => {
  it('adds another application’s services and resources, each read from its own folder with its own variables', () => {
    const dir = writeStack({
      'compose.yaml': `name: shop
include:
  - ./db/compose.yaml
  - path: ./cache/compose.yaml
    env_file: ./cache/settings.env
services:
  api:
    image: api
    depends_on: [db, cache]
`,
      'db/compose.yaml':
        'services:\n  db:\n    image: postgres:${PG_VERSION}\n    volumes: ["./init:/docker-entrypoint-initdb.d", "pgdata:/var/lib/postgresql/data"]\nvolumes:\n  pgdata: {}\n',
      'db/.env': 'PG_VERSION=16\n',
      'cache/compose.yaml': 'services:\n  cache:\n    image: redis:${REDIS_VERSION}\n',
      'cache/settings.env': 'REDIS_VERSION=7\n',
    });
    const { stack, errors } = load(dir);
    expect(errors).toEqual([]);
    expect(Object.keys(stack?.services ?? {}).sort()).toEqual(['api', 'cache', 'db']);
    expect(stack?.services.db?.image).toBe('postgres:16');
    expect(stack?.services.cache?.image).toBe('redis:7');
    // Paths from the included file's folder; names in this project.
    expect(stack?.services.db?.volumes[0]).toMatchObject({ type: 'bind', source: `${dir}/db/init` });
    expect(stack?.volumes.pgdata?.name).toBe('shop_pgdata');
    expect(stack?.networks.default?.name).toBe('shop_default');
  });

  it('refuses a service defined on both sides, a file that includes itself, and one that is not there', () => {
    const dir = writeStack({
      'compose.yaml': 'include: [./other.yaml, ./loop.yaml, ./missing.yaml]\nservices:\n  api: { image: api }\n',
      'other.yaml': 'services:\n  api: { image: other }\n',
      'loop.yaml': 'include: [./compose.yaml]\nservices:\n  l: { image: l }\n',
    });
    const { errors } = load(dir);
    expect(errors.map((e) => [e.code, e.location?.file.replace(`${dir}/`, ''), e.path])).toEqual([
      ['invalid-value', 'compose.yaml', 'include[0]'],
      ['file-unreadable', 'compose.yaml', 'include[2]'],
      ['dependency-cycle', 'loop.yaml', 'include[0]'],
    ]);
  });
});
