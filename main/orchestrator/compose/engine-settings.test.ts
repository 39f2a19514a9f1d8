import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { containerSpec } from '../runtime/container-spec';
import { parseBytes } from './engine-settings';

afterEach(removeStacks);

const files = (f: Record<string, string>) => load(writeStack(f));
const one = (yaml: string) => files({ 'compose.yaml': `name: t\nservices:\n  api:\n    image: x\n${yaml}` });

describe('container settings read from compose keys', () => {
  it('reads sizes as compose does: bytes, or a number and a unit', () => {
    expect([
      parseBytes(1024),
      parseBytes('512m'),
      parseBytes('1.5g'),
      parseBytes('64kb'),
      parseBytes('10B'),
      parseBytes('2 GB'),
    ]).toEqual([1024, 512 * 1024 ** 2, 1.5 * 1024 ** 3, 64 * 1024, 10, 2 * 1024 ** 3]);
    expect([parseBytes('lots'), parseBytes('12x'), parseBytes(-1), parseBytes('')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads every form: lists, mappings, ulimits short and long, devices short and long', () => {
    const { stack, errors } = one(`    cap_add: [SYS_PTRACE]
    dns: 8.8.8.8
    sysctls: [net.ipv4.ip_forward=1]
    ulimits: { nproc: 65535, nofile: { soft: 20000, hard: 40000 } }
    devices: ["/dev/fuse", { source: /dev/kvm, target: /dev/kvm, permissions: rw }]
    cpus: "1.5"
    memswap_limit: -1
    cgroup: host
`);
    expect(errors).toEqual([]);
    expect(stack?.services.api?.settings).toEqual({
      capAdd: ['SYS_PTRACE'],
      dns: ['8.8.8.8'],
      sysctls: { 'net.ipv4.ip_forward': '1' },
      ulimits: { nproc: { soft: 65535, hard: 65535 }, nofile: { soft: 20000, hard: 40000 } },
      devices: [
        { source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' },
        { source: '/dev/kvm', target: '/dev/kvm', permissions: 'rw' },
      ],
      cpus: 1.5,
      memswapLimit: -1,
      cgroup: 'host',
    });
  });

  it('refuses bad values at their place, saying what would do', () => {
    const { errors } = one(
      `    mem_limit: lots\n    cpus: many\n    oom_score_adj: 5000\n    cgroup: shared\n    devices: ["not-a-device", "/dev/x:/dev/x:rwx"]\n`,
    );
    expect(errors.map((e) => [e.path, e.location?.line])).toEqual([
      ['services.api.mem_limit', 5],
      ['services.api.cpus', 6],
      ['services.api.oom_score_adj', 7],
      ['services.api.cgroup', 8],
      ['services.api.devices[0]', 9],
      ['services.api.devices[1]', 9],
    ]);
    expect(errors[4]?.message).toBe(
      'device "not-a-device" is neither a path (/dev/…) nor a CDI name (vendor.com/class=name)',
    );
  });

  it('takes deploy.resources over the service keys, and refuses the two set to different values', () => {
    expect(
      one(`    cpus: 2\n    deploy: { resources: { limits: { cpus: 2, memory: 1g } } }\n`).stack?.services.api
        ?.settings,
    ).toEqual({ cpus: 2, memLimit: 1024 ** 3 });
    const { errors } = one(`    mem_limit: 512m\n    deploy: { resources: { limits: { memory: 1g } } }\n`);
    expect(errors.map((e) => e.message)).toEqual([
      'service "api" sets mem_limit and deploy.resources.limits.memory to different values',
    ]);
  });

  it('merges across files as compose does: lists appended, mappings by key, the rest replaced', () => {
    const { stack } = files({
      'compose.yaml':
        'services:\n  api:\n    image: x\n    cap_add: [NET_ADMIN]\n    sysctls: { a.b: "1", c.d: "2" }\n    mem_limit: 1g\n',
      'compose.override.yaml':
        'services:\n  api:\n    cap_add: [SYS_TIME, NET_ADMIN]\n    sysctls: { c.d: "3" }\n    mem_limit: 2g\n',
    });
    expect(stack?.services.api?.settings).toEqual({
      capAdd: ['NET_ADMIN', 'SYS_TIME'],
      sysctls: { 'a.b': '1', 'c.d': '3' },
      memLimit: 2 * 1024 ** 3,
    });
  });

  it('maps a deploy restart policy onto the engine’s when restart is not set', () => {
    const policy = (deploy: string, restart = '') =>
      one(`${restart}    deploy: { restart_policy: ${deploy} }\n`).stack?.services.api?.restart;
    expect([
      policy('{ condition: none }'),
      policy('{ condition: any }'),
      policy('{ condition: on-failure, max_attempts: 3 }'),
      policy('{ condition: any }', '    restart: "no"\n'),
    ]).toEqual(['no', 'always', 'on-failure:3', 'no']);
  });

  it('leaves the container hash of a service without settings as it was', () => {
    const { stack } = one('');
    if (!stack?.services.api) throw new Error('no stack');
    expect(containerSpec(stack, stack.services.api)).not.toHaveProperty('settings');
  });
});

describe('network_mode', () => {
  const stackOf = (yaml: string) => files({ 'compose.yaml': `name: t\nservices:\n${yaml}` });

  it('joins none of the stack networks, and service:NAME makes NAME a dependency', () => {
    const { stack, errors } = stackOf(
      '  vpn: { image: x }\n  app: { image: x, network_mode: "service:vpn" }\n  probe: { image: x, network_mode: host }\n',
    );
    expect(errors).toEqual([]);
    expect(stack?.services.app).toMatchObject({
      networkMode: 'service:vpn',
      networks: {},
      dependsOn: { vpn: { condition: 'service_started', required: true } },
    });
    expect(stack?.services.probe).toMatchObject({ networkMode: 'host', networks: {} });
  });

  it('refuses networks beside it, an unknown service, and a mode compose does not know, each at network_mode', () => {
    const { errors } = stackOf(
      '  a: { image: x, network_mode: host, networks: [default] }\n  b: { image: x, network_mode: "service:nope" }\n  c: { image: x, network_mode: "bridge2" }\n',
    );
    expect(errors.map((e) => [e.code, e.path, e.location?.line])).toEqual([
      ['invalid-value', 'services.a.network_mode', 3],
      ['unknown-dependency', 'services.b.network_mode', 4],
      ['invalid-value', 'services.c.network_mode', 5],
    ]);
  });
});

describe('environment passed through', () => {
  it('sends a variable unset in the shell as a bare name, which unsets the image’s value too', () => {
    const { stack } = load(
      writeStack({
        'compose.yaml':
          'name: t\nservices:\n  api:\n    image: x\n    environment: [SP_TEST_SET, SP_TEST_UNSET, "PLAIN=1"]\n',
      }),
      { env: { SP_TEST_SET: 'yes' } },
    );
    if (!stack?.services.api) throw new Error('no stack');
    expect(containerSpec(stack, stack.services.api).env).toEqual(['SP_TEST_SET=yes', 'SP_TEST_UNSET', 'PLAIN=1']);
  });
});

describe('volumes_from, links and external_links', () => {
  it('reads each form, makes the services named dependencies, and names their containers to the engine', () => {
    const { stack, errors } = load(
      writeStack({
        'compose.yaml':
          'name: t\nservices:\n  data: { image: x }\n  app:\n    image: x\n    volumes_from: ["data:ro", "container:backup"]\n    links: ["data:storage"]\n    external_links: ["legacy-db-1:db"]\n  bad: { image: x, links: [nope], volumes_from: ["data:rx"] }\n',
      }),
    );
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['unknown-dependency', 'services.bad.links[0]'],
      ['invalid-value', 'services.bad.volumes_from[0]'],
    ]);
    const ok = load(
      writeStack({
        'compose.yaml':
          'name: t\nservices:\n  data: { image: x }\n  app:\n    image: x\n    volumes_from: ["data:ro", "container:backup"]\n    links: ["data:storage"]\n    external_links: ["legacy-db-1:db"]\n',
      }),
    ).stack;
    const app = ok?.services.app;
    if (!ok || !app) throw new Error(JSON.stringify(stack));
    expect(app.dependsOn).toEqual({ data: { condition: 'service_started', restart: true, required: true } });
    const spec = containerSpec(ok, app);
    expect(spec.volumesFrom).toEqual(['t-data-1:ro', 'backup:rw']);
    expect(spec.links).toEqual(['t-data-1:storage', 'legacy-db-1:db']);
  });
});

describe('env_file format: raw', () => {
  it('keeps values as written: quotes, dollars and hashes', () => {
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  api:\n    image: x\n    env_file: [{ path: ./raw.env, format: raw }, ./plain.env]\n',
      'raw.env': '# comment\nQUOTED="keep me"\nPRICE=$5 ${HOME}\nHASH=a#b\n',
      'plain.env': 'PLAIN="unquoted"\n',
    });
    const { stack, errors } = load(dir);
    expect(errors).toEqual([]);
    expect(stack?.services.api?.environment).toEqual({
      QUOTED: '"keep me"',
      PRICE: '$5 ${HOME}',
      HASH: 'a#b',
      PLAIN: 'unquoted',
    });
  });
});
