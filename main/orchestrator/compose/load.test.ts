import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { toComposeJson } from './compose-json';
import { checkConfigToRun } from '../runtime/start-checks';

afterEach(removeStacks);

const ok = (dir: string, opts: Parameters<typeof load>[1] = {}) => {
  const result = load(dir, opts);
  expect(result.errors).toEqual([]);
  if (!result.stack) throw new Error('no stack');
  return { stack: result.stack, warnings: result.warnings };
};

describe('finding compose files', () => {
  it.each(['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'])('finds %s', (name) => {
    const dir = writeStack({ [name]: 'services:\n  a:\n    image: x\n' });
    expect(ok(dir).stack.files).toEqual([`${dir}/${name}`]);
  });

  it('prefers compose.yaml and warns when several exist', () => {
    const dir = writeStack({
      'compose.yaml': 'services:\n  a:\n    image: x\n',
      'docker-compose.yml': 'services:\n  b:\n    image: y\n',
    });
    const { stack, warnings } = ok(dir);
    expect(Object.keys(stack.services)).toEqual(['a']);
    expect(warnings.map((w) => w.code)).toContain('multiple-files');
  });

  it('adds the matching override file and merges it', () => {
    const dir = writeStack({
      'docker-compose.yml':
        'services:\n  a:\n    image: x\n    environment: [A=1, B=2]\n    ports: ["80:80"]\n    command: run\n',
      'docker-compose.override.yml':
        'services:\n  a:\n    environment:\n      B: three\n      C: "4"\n    ports: ["81:81"]\n    command: ["debug", "--verbose"]\n',
    });
    const { stack } = ok(dir);
    expect(stack.files).toEqual([`${dir}/docker-compose.yml`, `${dir}/docker-compose.override.yml`]);
    const a = stack.services.a;
    expect(a?.environment).toEqual({ A: '1', B: 'three', C: '4' });
    expect(a?.ports.map((p) => p.published)).toEqual(['80', '81']);
    expect(a?.command).toEqual(['debug', '--verbose']);
  });

  it('searches parent folders, and takes the project directory from the file', () => {
    const dir = writeStack({ 'compose.yaml': 'services:\n  a:\n    image: x\n', 'src/deep/file.txt': '' });
    const { stack } = ok(`${dir}/src/deep`);
    expect(stack.projectDir).toBe(dir);
  });

  it('merges explicit -f files in order, later winning', () => {
    const dir = writeStack({
      'base.yml':
        'services:\n  a:\n    image: base\n    volumes: ["./one:/data", "./logs:/logs"]\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 30s\n',
      'dev.yml':
        'services:\n  a:\n    image: dev\n    volumes: ["./two:/data"]\n    healthcheck:\n      interval: 1s\n',
    });
    const a = ok(dir, { files: ['base.yml', 'dev.yml'] }).stack.services.a;
    expect(a?.image).toBe('dev');
    expect(a?.volumes.map((v) => [v.source, v.target])).toEqual([
      [`${dir}/two`, '/data'],
      [`${dir}/logs`, '/logs'],
    ]);
    expect(a?.healthcheck).toMatchObject({ test: ['CMD', 'true'], interval: 1000 });
  });

  it('reads COMPOSE_FILE when no -f is given', () => {
    const dir = writeStack({
      'one.yml': 'services:\n  a:\n    image: x\n',
      'two.yml': 'services:\n  b:\n    image: y\n',
    });
    expect(Object.keys(ok(dir, { env: { COMPOSE_FILE: 'one.yml:two.yml' } }).stack.services)).toEqual(['a', 'b']);
  });
});

describe('variables', () => {
  it('reads .env beside the file; the process environment wins', () => {
    const dir = writeStack({
      'compose.yaml': 'services:\n  a:\n    image: "app:${TAG}"\n    environment:\n      WHO: ${WHO}\n',
      '.env': 'TAG=from-dotenv\nWHO=dotenv\n',
    });
    const a = ok(dir, { env: { WHO: 'shell' } }).stack.services.a;
    expect(a?.image).toBe('app:from-dotenv');
    expect(a?.environment.WHO).toBe('shell');
  });

  it('warns once per unset variable, with its location', () => {
    const dir = writeStack({
      'compose.yaml': 'services:\n  a:\n    image: "x:${MISSING}"\n    command: "echo ${MISSING}"\n',
    });
    const { warnings } = ok(dir);
    const unset = warnings.filter((w) => w.code === 'unset-variable');
    expect(unset).toHaveLength(1);
    expect(unset[0]?.location).toEqual({ file: `${dir}/compose.yaml`, line: 3, column: 12 });
  });

  it('reads env_file entries below environment, with required: false for optional files', () => {
    const dir = writeStack({
      'compose.yaml':
        'services:\n  a:\n    image: x\n    env_file:\n      - common.env\n      - path: local.env\n        required: false\n    environment:\n      LEVEL: override\n',
      'common.env': 'LEVEL=from-file\nONLY_FILE=yes\n',
    });
    expect(ok(dir).stack.services.a?.environment).toEqual({ LEVEL: 'override', ONLY_FILE: 'yes' });
  });

  it('gives a bare environment entry its value from the environment, else null', () => {
    const dir = writeStack({
      'compose.yaml': 'services:\n  a:\n    image: x\n    environment: [FROM_SHELL, NOWHERE]\n',
    });
    expect(ok(dir, { env: { FROM_SHELL: 'hi' } }).stack.services.a?.environment).toEqual({
      FROM_SHELL: 'hi',
      NOWHERE: null,
    });
  });
});

describe('YAML features', () => {
  it('follows anchors, aliases and merge keys, and keeps x- extensions', () => {
    const dir = writeStack({
      'compose.yaml': [
        'x-defaults: &defaults',
        '  image: base:1',
        '  restart: always',
        '  environment: &env',
        '    A: "1"',
        'services:',
        '  one:',
        '    <<: *defaults',
        '  two:',
        '    <<: *defaults',
        '    restart: "no"',
        '    environment:',
        '      <<: *env',
        '      B: "2"',
        '    x-owner: team-a',
      ].join('\n'),
    });
    const { stack, warnings } = ok(dir);
    expect(warnings).toEqual([]);
    expect(stack.services.one).toMatchObject({ image: 'base:1', restart: 'always', environment: { A: '1' } });
    expect(stack.services.two).toMatchObject({
      image: 'base:1',
      restart: 'no',
      environment: { A: '1', B: '2' },
      extensions: { 'x-owner': 'team-a' },
    });
    expect(stack.extensions['x-defaults']).toBeDefined();
  });
});

describe('normalisation', () => {
  it('reads every port form', () => {
    const dir = writeStack({
      'compose.yaml': `services:
  a:
    image: x
    ports:
      - 3000
      - "8080:80"
      - "127.0.0.1:5432:5432"
      - "[::1]:6379:6379/tcp"
      - "9000-9001:9000-9001"
      - "53:53/udp"
      - "8000-8010:80"
      - target: 443
        published: 8443
        host_ip: 0.0.0.0
        protocol: tcp
        mode: host
`,
    });
    expect(ok(dir).stack.services.a?.ports).toEqual([
      { target: 3000, protocol: 'tcp', mode: 'ingress' },
      { target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' },
      { target: 5432, published: '5432', hostIp: '127.0.0.1', protocol: 'tcp', mode: 'ingress' },
      { target: 6379, published: '6379', hostIp: '::1', protocol: 'tcp', mode: 'ingress' },
      { target: 9000, published: '9000', protocol: 'tcp', mode: 'ingress' },
      { target: 9001, published: '9001', protocol: 'tcp', mode: 'ingress' },
      { target: 53, published: '53', protocol: 'udp', mode: 'ingress' },
      { target: 80, published: '8000-8010', protocol: 'tcp', mode: 'ingress' },
      { target: 443, published: '8443', hostIp: '0.0.0.0', protocol: 'tcp', mode: 'host' },
    ]);
  });

  it('reads every volume form', () => {
    const dir = writeStack({
      'compose.yaml': `services:
  a:
    image: x
    volumes:
      - data:/data
      - ./src:/app:ro
      - ~/cache:/cache
      - /anon
      - type: tmpfs
        target: /tmp
      - type: bind
        source: ./conf
        target: /conf
        bind: { create_host_path: true }
volumes:
  data:
`,
    });
    expect(ok(dir).stack.services.a?.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: false, volume: {} },
      { type: 'bind', source: `${dir}/src`, target: '/app', readOnly: true, bind: { createHostPath: true } },
      { type: 'bind', source: '/home/dev/cache', target: '/cache', readOnly: false, bind: { createHostPath: true } },
      { type: 'volume', target: '/anon', readOnly: false, volume: {} },
      { type: 'tmpfs', target: '/tmp', readOnly: false },
      { type: 'bind', source: `${dir}/conf`, target: '/conf', readOnly: false, bind: { createHostPath: true } },
    ]);
  });

  it('reads depends_on lists and maps with their defaults', () => {
    const dir = writeStack({
      'compose.yaml': `services:
  db: { image: x }
  cache: { image: x }
  one: { image: x, depends_on: [db] }
  two:
    image: x
    depends_on:
      db: { condition: service_healthy, restart: true }
      cache: { required: false }
      ghost: { required: false }
`,
    });
    const { stack, warnings } = ok(dir);
    expect(stack.services.one?.dependsOn).toEqual({
      db: { condition: 'service_started', restart: false, required: true },
    });
    expect(stack.services.two?.dependsOn).toEqual({
      db: { condition: 'service_healthy', restart: true, required: true },
      cache: { condition: 'service_started', restart: false, required: false },
    });
    expect(warnings.find((w) => w.code === 'skipped-dependency')?.message).toBe(
      'optional dependency "ghost" of "two" is not defined; skipped',
    );
  });

  it('reads healthcheck forms and durations', () => {
    const dir = writeStack({
      'compose.yaml': `services:
  a: { image: x, healthcheck: { test: "curl -f http://localhost", interval: 1m30s, timeout: 500ms, start_period: 2s, start_interval: 100ms, retries: 3 } }
  b: { image: x, healthcheck: { test: ["CMD", "true"] } }
  c: { image: x, healthcheck: { test: ["NONE"] } }
  d: { image: x, healthcheck: { disable: true } }
`,
    });
    const s = ok(dir).stack.services;
    expect(s.a?.healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f http://localhost'],
      interval: 90_000,
      timeout: 500,
      startPeriod: 2000,
      startInterval: 100,
      retries: 3,
      disable: false,
    });
    expect(s.b?.healthcheck).toEqual({ test: ['CMD', 'true'], disable: false });
    expect(s.c?.healthcheck?.disable).toBe(true);
    expect(s.d?.healthcheck?.disable).toBe(true);
  });

  it('loads what compose loads and the engine refuses (an unknown restart policy), printing it, and refuses it at start', () => {
    const dir = writeStack({
      'compose.yaml':
        'services:\n  api:\n    image: x\n    restart: sometimes\n    expose: [abc]\n    profiles: ["-x"]\n',
    });
    const stack = load(dir, { profiles: ['-x'] }).stack;
    const api = stack?.services.api;
    expect(api).toMatchObject({ restartRefused: 'sometimes', expose: ['abc'], profiles: ['-x'] });
    expect(api?.restart).toBeUndefined();
    expect((toComposeJson(stack!, 'json').services as Record<string, Record<string, unknown>>).api?.restart).toBe(
      'sometimes',
    );
    expect(() => checkConfigToRun(api!)).toThrow('service "api": the engine has no restart policy "sometimes"');
  });

  it('splits string commands like a shell, and keeps lists', () => {
    const dir = writeStack({
      'compose.yaml': `services:\n  a: { image: x, command: "sh -c 'echo hi && sleep 1'", entrypoint: ["/init", "--"] }\n`,
    });
    const a = ok(dir).stack.services.a;
    expect(a?.command).toEqual(['sh', '-c', 'echo hi && sleep 1']);
    expect(a?.entrypoint).toEqual(['/init', '--']);
  });

  it('reads the x-stackpilot extension with its defaults', () => {
    const dir = writeStack({
      'compose.yaml': `x-stackpilot:
  description: Demo
  docs: https://example.org/docs
  env:
    API_KEY: { description: Key, secret: true }
services:
  api:
    image: x
    x-stackpilot:
      group: app
      open: http://localhost:8000
      ready: { http: "http://localhost:8000/health", interval: 250ms }
      startup_timeout: 2m
      retry: { attempts: 3 }
      crash_loop: { restarts: 4, window: 1m }
`,
    });
    const { stack } = ok(dir);
    expect(stack.stackpilot).toEqual({
      description: 'Demo',
      docs: 'https://example.org/docs',
      env: { API_KEY: { description: 'Key', secret: true } },
    });
    expect(stack.services.api?.stackpilot).toEqual({
      group: 'app',
      open: 'http://localhost:8000',
      ready: { kind: 'http', url: 'http://localhost:8000/health', interval: 250, timeout: 2000 },
      startupTimeout: 120_000,
      retry: { attempts: 3, delay: 1000, maxDelay: 30_000 },
      crashLoop: { restarts: 4, window: 60_000 },
    });
  });
});

describe('every key applied, refused or said to be ignored: never a silent drop', () => {
  it('refuses unknown keys (naming the nearest real one) and keys it cannot honour, at the key; says why a key is ignored', () => {
    const dir = writeStack({
      'compose.yaml':
        'version: "3.8"\nservices:\n  a:\n    image: x\n    imagee: typo\n    privileged: true\n    deploy:\n      placement: { constraints: [node.role==manager] }\nmodels: {}\nfoo: bar\n',
    });
    const result = load(dir);
    expect(result.stack).toBeUndefined();
    expect(result.errors.map((e) => [e.code, e.location?.line, e.location?.column, e.message])).toEqual([
      ['unknown-key', 5, 5, '"imagee" is not a key of the Compose Specification: did you mean "image"?'],
      [
        'unsupported-key',
        9,
        1,
        'top-level "models" is not supported by Stackpilot: models (AI models served by the engine) need Docker Model Runner, which Stackpilot does not drive',
      ],
      ['unknown-key', 10, 1, 'top-level "foo" is not a key of the Compose Specification'],
    ]);
    expect(result.warnings.map((w) => [w.code, w.location?.line, w.location?.column])).toEqual([
      ['obsolete-key', 1, 1],
      ['ignored-key', 8, 7],
    ]);
    expect(result.warnings[1]?.message).toMatch(/^"placement" is ignored: it tells a swarm scheduler/);
  });
});

describe('profiles', () => {
  const files = {
    'compose.yaml':
      'services:\n  app: { image: x }\n  debug: { image: x, profiles: [tools] }\n  docs: { image: x, profiles: [docs, tools] }\n',
  };

  it('leaves services outside the active profiles inactive', () => {
    const { stack } = ok(writeStack(files));
    expect(Object.keys(stack.services)).toEqual(['app']);
    expect(Object.keys(stack.inactiveServices)).toEqual(['debug', 'docs']);
  });

  it('activates profiles from options, COMPOSE_PROFILES, or "*"', () => {
    const dir = writeStack(files);
    expect(Object.keys(ok(dir, { profiles: ['docs'] }).stack.services)).toEqual(['app', 'docs']);
    expect(Object.keys(ok(dir, { env: { COMPOSE_PROFILES: 'tools' } }).stack.services)).toEqual([
      'app',
      'debug',
      'docs',
    ]);
    expect(Object.keys(ok(dir, { profiles: ['*'] }).stack.services)).toEqual(['app', 'debug', 'docs']);
  });
});

describe('project name', () => {
  const file = { 'compose.yaml': 'services:\n  a: { image: x }\n' };

  it('comes from the folder, normalised as compose does', () => {
    expect(ok(writeStack(file, 'My_Shop.v2!')).stack.name).toBe('my_shopv2');
  });

  it('prefers -p, then COMPOSE_PROJECT_NAME, then name:', () => {
    const dir = writeStack({ 'compose.yaml': 'name: from-file\nservices:\n  a: { image: x }\n' });
    expect(ok(dir).stack.name).toBe('from-file');
    expect(ok(dir, { env: { COMPOSE_PROJECT_NAME: 'from-env' } }).stack.name).toBe('from-env');
    expect(ok(dir, { env: { COMPOSE_PROJECT_NAME: 'from-env' }, projectName: 'from-flag' }).stack.name).toBe(
      'from-flag',
    );
  });

  it('names the default network and volumes after the project', () => {
    const dir = writeStack({
      'compose.yaml':
        'name: shop\nservices:\n  a: { image: x, volumes: ["data:/d"] }\nvolumes:\n  data:\n  ext: { external: true }\n',
    });
    const { stack } = ok(dir);
    expect(stack.networks.default?.name).toBe('shop_default');
    expect(stack.volumes.data?.name).toBe('shop_data');
    expect(stack.volumes.ext?.name).toBe('ext');
  });
});

describe('config output (docker compose config shape)', () => {
  it('prints long forms, Go durations and escaped dollars', () => {
    const dir = writeStack({
      'compose.yaml': `name: shop
services:
  api:
    image: x
    command: echo $$HOME
    ports: ["8080:80"]
    depends_on: { db: { condition: service_healthy, restart: true } }
    healthcheck: { test: "true", interval: 1m, timeout: 1500ms }
    stop_grace_period: 90s
  db: { image: y }
`,
    });
    const json = toComposeJson(ok(dir).stack, 'json');
    expect(json).toMatchObject({
      name: 'shop',
      networks: { default: { name: 'shop_default' } },
      services: {
        api: {
          command: ['echo', '$$HOME'],
          entrypoint: null,
          ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
          depends_on: { db: { condition: 'service_healthy', required: true, restart: true } },
          healthcheck: { test: ['CMD-SHELL', 'true'], interval: '1m0s', timeout: '1.5s' },
          stop_grace_period: '1m30s',
          networks: { default: null },
        },
        db: { image: 'y', command: null },
      },
    });
  });
});
