import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { hasDockerCompose, withDockerCompose } from '../support/docker-compose';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/**
 * The container settings compose keys map to (process, security, DNS, resources), created by
 * Stackpilot on the real engine and read back with `docker inspect`; and, for the keys Debian's
 * docker-compose 1.29 applies too, the same HostConfig fields as the container it creates.
 */
const engine = inject('engine');
let current: EngineStack | undefined;
afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) await s.cleanup();
});

const inspect = (name: string): { HostConfig: Record<string, unknown>; Config: Record<string, unknown> } =>
  (
    JSON.parse(execFileSync('docker', ['inspect', name], { encoding: 'utf8' })) as {
      HostConfig: Record<string, unknown>;
      Config: Record<string, unknown>;
    }[]
  )[0] ?? { HostConfig: {}, Config: {} };

/** Keys both Stackpilot and docker-compose 1.29 apply, with values this VM's engine accepts. */
const SHARED = `    cap_add: [NET_ADMIN]
    cap_drop: [MKNOD]
    security_opt: ["no-new-privileges:true"]
    read_only: true
    group_add: ["100"]
    dns: [10.0.0.53]
    dns_search: [corp.example]
    dns_opt: [ndots:2]
    domainname: corp.example
    sysctls: { net.core.somaxconn: "1024" }
    ulimits: { nofile: { soft: 512, hard: 1024 } }
    shm_size: 128m
    oom_score_adj: 200
    mem_limit: 256m
    mem_reservation: 64m
    cpus: 0.5
    cpu_shares: 512
    cpuset: "0"
    pids_limit: 100
    stdin_open: true
    tty: true
    logging: { driver: json-file, options: { max-size: 10m, max-file: "3" } }
`;

/** The HostConfig fields SHARED sets, as the engine reports them. */
const SHARED_FIELDS = [
  'CapAdd',
  'CapDrop',
  'SecurityOpt',
  'ReadonlyRootfs',
  'GroupAdd',
  'Dns',
  'DnsSearch',
  'DnsOptions',
  'Sysctls',
  'Ulimits',
  'ShmSize',
  'OomScoreAdj',
  'Memory',
  'MemoryReservation',
  'NanoCpus',
  'CpuShares',
  'CpusetCpus',
  'PidsLimit',
  'LogConfig',
] as const;

describe.skipIf(!engine.available)(`container settings on the real engine (${engine.reason})`, () => {
  it('creates the container with every setting, as docker inspect shows, and it runs', async () => {
    const s = (current = await EngineStack.create(
      `services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo tty-line; exec sleep 3600"]
${SHARED}    privileged: false
    ipc: private
    oom_kill_disable: false
    memswap_limit: 512m
    device_cgroup_rules: ["c 1:3 mr"]
    devices: ["/dev/null:/dev/sp-null:rwm"]
`,
      { collectLogs: true },
    ));
    expect((await s.runner.up()).ok).toBe(true);
    const { HostConfig: hc, Config: config } = inspect(s.runner.get('api')?.containerName ?? '');
    expect(hc).toMatchObject({
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['MKNOD'],
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: true,
      GroupAdd: ['100'],
      Dns: ['10.0.0.53'],
      DnsSearch: ['corp.example'],
      DnsOptions: ['ndots:2'],
      Sysctls: { 'net.core.somaxconn': '1024' },
      Ulimits: [{ Name: 'nofile', Soft: 512, Hard: 1024 }],
      ShmSize: 128 * 1024 * 1024,
      OomScoreAdj: 200,
      Memory: 256 * 1024 * 1024,
      MemoryReservation: 64 * 1024 * 1024,
      MemorySwap: 512 * 1024 * 1024,
      NanoCpus: 500_000_000,
      CpuShares: 512,
      CpusetCpus: '0',
      PidsLimit: 100,
      IpcMode: 'private',
      DeviceCgroupRules: ['c 1:3 mr'],
      Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/sp-null', CgroupPermissions: 'rwm' }],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
    });
    expect(config).toMatchObject({ Tty: true, OpenStdin: true, Domainname: 'corp.example' });
    // A TTY container's log is one raw stream: its lines still arrive whole.
    await expect.poll(() => s.runner.logs?.lines(['api']).map((l) => l.text) ?? []).toContain('tty-line');
  });

  it('applies deploy.resources limits to every replica', async () => {
    const s = (current = await EngineStack.create(`services:
  worker:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    deploy:
      replicas: 2
      resources:
        limits: { cpus: "0.25", memory: 128M, pids: 50 }
        reservations: { memory: 32M }
      restart_policy: { condition: on-failure, max_attempts: 3 }
`));
    expect((await s.runner.up()).ok).toBe(true);
    for (const n of [1, 2]) {
      const { HostConfig: hc } = inspect(`${s.stack.name}-worker-${n}`);
      expect(hc).toMatchObject({
        NanoCpus: 250_000_000,
        Memory: 128 * 1024 * 1024,
        PidsLimit: 50,
        MemoryReservation: 32 * 1024 * 1024,
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      });
    }
  });

  it('creates the same HostConfig as docker-compose 1.29 for the keys both apply', async () => {
    if (!hasDockerCompose()) return;
    const yaml = `services:\n  api:\n    image: ${TEST_IMAGE}\n    init: true\n    command: ["sleep", "3600"]\n${SHARED}`;
    const s = (current = await EngineStack.create(yaml));
    expect((await s.runner.up()).ok).toBe(true);
    const project = `${s.stack.name}-dc`;
    withDockerCompose(project, yaml, () => {
      const ours = inspect(s.runner.get('api')?.containerName ?? '');
      const theirs = inspect(`${project}_api_1`);
      for (const field of SHARED_FIELDS) expect(ours.HostConfig[field], field).toEqual(theirs.HostConfig[field]);
      for (const field of ['Tty', 'OpenStdin', 'Domainname'])
        expect(ours.Config[field], field).toEqual(theirs.Config[field]);
    });
  });
});

describe.skipIf(!engine.available)(`network_mode on the real engine (${engine.reason})`, () => {
  const serve = (port: number, bind = ''): string =>
    `["sh", "-c", "mkdir -p /www && echo served > /www/index.html && exec httpd -f -p ${bind}${port} -h /www"]`;

  it('host: the service listens on the host itself, reachable on 127.0.0.1', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const s = (current = await EngineStack.create(`services:
  web:
    image: ${TEST_IMAGE}
    network_mode: host
    command: ${serve(port, '127.0.0.1:')}
    x-stackpilot:
      ready: { http: "http://127.0.0.1:${port}/" }
`));
    expect((await s.runner.up()).ok).toBe(true);
    expect(inspect(s.runner.get('web')?.containerName ?? '').HostConfig.NetworkMode).toBe('host');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('served\n');
  });

  it('service:NAME: starts after NAME and shares its network (its localhost is NAME’s)', async () => {
    const s = (current = await EngineStack.create(`services:
  box:
    image: ${TEST_IMAGE}
    command: ${serve(8080)}
  sidecar:
    image: ${TEST_IMAGE}
    network_mode: "service:box"
    command: ["sleep", "3600"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      retries: 30
`));
    expect((await s.runner.up()).ok).toBe(true);
    expect(s.at('sidecar', 'start')).toBeGreaterThan(s.at('box', 'start'));
    // The engine keeps the mode with the id of the container it names.
    expect(inspect(s.runner.get('sidecar')?.containerName ?? '').HostConfig.NetworkMode).toBe(
      `container:${s.runner.get('box')?.containerId ?? ''}`,
    );
    // Ready means its health check reached box's server on its own 127.0.0.1.
    expect(s.runner.get('sidecar')?.status).toBe('ready');
  });
});

describe.skipIf(!engine.available)(`extends on the real engine (${engine.reason})`, () => {
  it('runs a service built on one in another file: its settings merged, its paths from its own folder', async () => {
    const s = (current = await EngineStack.create(
      `services:\n  placeholder: { image: ${TEST_IMAGE}, command: ["true"] }\n`,
    ));
    mkdirSync(join(s.dir, 'shared', 'conf'), { recursive: true });
    writeFileSync(join(s.dir, 'shared', 'conf', 'app.conf'), 'from-shared\n');
    writeFileSync(
      join(s.dir, 'shared', 'common.yaml'),
      `services:\n  base:\n    image: ${TEST_IMAGE}\n    init: true\n    command: ["sh", "-c", "cat /conf/app.conf; exec sleep 3600"]\n    volumes: ["./conf:/conf:ro"]\n    environment: { MODE: prod, PORT: "80" }\n    cap_drop: [MKNOD]\n`,
    );
    s.write(
      `services:\n  api:\n    extends: { file: shared/common.yaml, service: base }\n    environment: { MODE: dev }\n`,
    );
    s.reload({ collectLogs: true });
    expect((await s.runner.up()).ok).toBe(true);
    const { HostConfig: hc, Config: config } = inspect(s.runner.get('api')?.containerName ?? '');
    expect(config.Env).toEqual(expect.arrayContaining(['MODE=dev', 'PORT=80']));
    expect(hc.CapDrop).toEqual(['MKNOD']);
    await expect.poll(() => s.runner.logs?.lines(['api']).map((l) => l.text) ?? []).toContain('from-shared');
  });
});

describe.skipIf(!engine.available)(`secrets and configs on the real engine (${engine.reason})`, () => {
  it('puts each where compose puts it: files bind-mounted read-only, content and variables written in with owner and mode', async () => {
    const s = (current = await EngineStack.create(
      `services:\n  placeholder: { image: ${TEST_IMAGE}, command: ["true"] }\n`,
      { collectLogs: true },
    ));
    writeFileSync(join(s.dir, 'db.txt'), 'db-secret\n');
    // A bind mount shows the host file's own mode (whatever the umask made it).
    chmodSync(join(s.dir, 'db.txt'), 0o644);
    writeFileSync(join(s.dir, '.env'), 'API_KEY=k-123\n');
    s.write(`services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "for f in /run/secrets/db_password /run/secrets/api.key /etc/app/app.conf; do echo \\"$$f $$(stat -c '%a %u' $$f) $$(cat $$f)\\"; done; exec sleep 3600"]
    secrets:
      - db_password
      - { source: api_key, target: api.key, uid: "1000", mode: 0400 }
    configs:
      - { source: app, target: /etc/app/app.conf, mode: 0440 }
secrets:
  db_password: { file: ./db.txt }
  api_key: { environment: API_KEY }
configs:
  app: { content: "level=debug" }
`);
    s.reload({ collectLogs: true });
    expect((await s.runner.up()).ok).toBe(true);
    const lines = (): string[] => s.runner.logs?.lines(['api']).map((l) => l.text) ?? [];
    await expect.poll(lines).toEqual(expect.arrayContaining(['/etc/app/app.conf 440 0 level=debug']));
    expect(lines()).toEqual(
      expect.arrayContaining(['/run/secrets/db_password 644 0 db-secret', '/run/secrets/api.key 400 1000 k-123']),
    );
    const mount = inspect(s.runner.get('api')?.containerName ?? '') as unknown as {
      Mounts: { Source: string; Destination: string; RW: boolean }[];
    };
    expect(mount.Mounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Source: join(s.dir, 'db.txt'), Destination: '/run/secrets/db_password', RW: false }),
      ]),
    );
  });
});

describe.skipIf(!engine.available)(`include on the real engine (${engine.reason})`, () => {
  it('runs an included application’s service beside this one’s, on one network, its variables from its own folder', async () => {
    const s = (current = await EngineStack.create(
      `services:\n  placeholder: { image: ${TEST_IMAGE}, command: ["true"] }\n`,
    ));
    mkdirSync(join(s.dir, 'web'), { recursive: true });
    writeFileSync(join(s.dir, 'web', '.env'), 'WEB_PORT=8080\n');
    writeFileSync(
      join(s.dir, 'web', 'compose.yaml'),
      `services:\n  web:\n    image: ${TEST_IMAGE}\n    command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p \${WEB_PORT} -h /www"]\n`,
    );
    s.write(`include: [./web/compose.yaml]
services:
  probe:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: [web]
    healthcheck: { test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://web:8080/"], interval: 1s, retries: 30 }
`);
    s.reload();
    expect((await s.runner.up()).ok).toBe(true);
    expect(s.runner.get('probe')?.status).toBe('ready');
    expect(inspect(s.runner.get('web')?.containerName ?? '').HostConfig.NetworkMode).toBe(`${s.project}_default`);
  });
});

describe.skipIf(!engine.available)(`volumes_from and links on the real engine (${engine.reason})`, () => {
  it('mounts another service’s volumes and reaches it under a link alias, after it has started', async () => {
    const s = (current = await EngineStack.create(`services:
  data:
    image: ${TEST_IMAGE}
    volumes: ["/data"]
    command: ["sh", "-c", "echo kept > /data/index.html && exec httpd -f -p 8080 -h /data"]
  reader:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    volumes_from: ["data:ro"]
    links: ["data:storage"]
    healthcheck: { test: ["CMD", "sh", "-c", "grep -q kept /data/index.html && wget -q -O /dev/null http://storage:8080/"], interval: 1s, retries: 30 }
`));
    const result = await s.runner.up();
    expect(result.problems).toEqual([]);
    expect(s.runner.get('reader')?.status).toBe('ready');
    expect(s.at('reader', 'start')).toBeGreaterThan(s.at('data', 'start'));
    expect(inspect(s.runner.get('reader')?.containerName ?? '').HostConfig.VolumesFrom).toEqual([
      `${s.runner.get('data')?.containerName ?? ''}:ro`,
    ]);
  });
});
