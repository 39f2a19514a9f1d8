import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { buildSpecOf } from '../runtime/image-fetch';
import { ConfigRefused } from '../errors';

afterEach(removeStacks);

const one = (build: string) =>
  load(writeStack({ 'compose.yaml': `name: t\nservices:\n  api:\n    image: x\n    build:\n${build}` }));

describe('the build section', () => {
  it('reads every key the engine’s builder takes', () => {
    const { stack, errors } = one(`      context: ./app
      dockerfile_inline: "FROM scratch"
      args: [A=1]
      labels: { l: v }
      network: host
      shm_size: 1g
      extra_hosts: { db: 10.0.0.2 }
      no_cache: true
      pull: true
      tags: [x:extra]
      ulimits: { nofile: 1024 }
      cache_from: [x:cache]
      platforms: [linux/amd64]
      privileged: false
      provenance: false
      sbom: false
`);
    expect(errors).toEqual([]);
    expect(stack?.services.api?.build).toMatchObject({
      dockerfileInline: 'FROM scratch',
      args: { A: '1' },
      labels: { l: 'v' },
      network: 'host',
      shmSize: 1024 ** 3,
      extraHosts: ['db:10.0.0.2'],
      noCache: true,
      pull: true,
      tags: ['x:extra'],
      ulimits: { nofile: { soft: 1024, hard: 1024 } },
      cacheFrom: ['x:cache'],
      platforms: ['linux/amd64'],
    });
  });

  it('reads what needs BuildKit (as compose does), and refuses a build that needs it, naming the keys and what to do instead', () => {
    const { errors, stack } = one(
      '      context: .\n      secrets: [token]\n      ssh: [default]\n      privileged: true\n      platforms: [linux/amd64, linux/arm64]\n',
    );
    expect(errors).toEqual([]);
    const api = stack?.services.api;
    if (!stack || !api) throw new Error('no stack');
    expect(api.build?.buildkitOnly).toEqual({ secrets: ['token'], ssh: ['default'], privileged: true });
    let refused: unknown;
    try {
      buildSpecOf(stack, api, 'api:dev');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ConfigRefused);
    expect((refused as ConfigRefused).message).toBe(
      'service "api": build.secrets, build.ssh, build.privileged, build.platforms need BuildKit, and Stackpilot builds with the engine\'s classic builder',
    );
    expect((refused as ConfigRefused).hint).toContain('docker compose build');
  });

  it('refuses dockerfile with dockerfile_inline, and a platform the build does not list', () => {
    expect(
      one('      dockerfile: Dockerfile\n      dockerfile_inline: FROM scratch\n').errors.map((e) => e.message),
    ).toEqual(['build sets both dockerfile and dockerfile_inline']);
    const { errors } = load(
      writeStack({
        'compose.yaml':
          'name: t\nservices:\n  api:\n    image: x\n    platform: linux/arm64\n    build: { context: ., platforms: [linux/amd64] }\n',
      }),
    );
    expect(errors.map((e) => e.message)).toEqual([
      'service "api" runs on linux/arm64, which build.platforms does not list',
    ]);
  });
});
