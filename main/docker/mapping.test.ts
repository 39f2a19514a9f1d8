import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../test/support/stack-dir';
import type { ContainerSpec } from '../orchestrator/driver';
import { containerSpec } from '../orchestrator/runtime/container-spec';
import { createOptions, hostSettings, toContainerInfo } from './containers';
import { engineErrorFrom, portInMessage } from './errors';
import { chunksToLines, parseLogFrames } from './log-frames';
import { parseEvent } from './streams';

describe("mapping the engine's errors", () => {
  it('no socket, refused, no permission, timed out: engine-unreachable, saying which', () => {
    const e = (code: string) =>
      engineErrorFrom(
        Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code }),
        'unix:///var/run/docker.sock',
      );
    expect(e('ENOENT')).toMatchObject({
      code: 'engine-unreachable',
      message: 'cannot reach the Docker engine at unix:///var/run/docker.sock: no socket there',
    });
    expect(e('EACCES').message).toContain('permission denied (is your user in the docker group?)');
    expect(e('ECONNREFUSED').code).toBe('engine-unreachable');
    expect(e('ETIMEDOUT').code).toBe('engine-unreachable');
  });

  it("anything else the engine answers is engine-error, with the engine's own message", () => {
    const answered = engineErrorFrom(
      Object.assign(new Error('(HTTP code 500) server error'), {
        statusCode: 500,
        json: { message: 'driver failed programming external connectivity' },
      }),
      'x',
    );
    expect(answered).toMatchObject({
      code: 'engine-error',
      message: 'the engine answered: driver failed programming external connectivity',
    });
  });

  it('a TLS handshake that fails, or plain HTTP to a TLS engine: unreachable, with what to set', () => {
    const handshake = engineErrorFrom(
      Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
      'tcp://h:2376',
    );
    expect(handshake).toMatchObject({
      code: 'engine-unreachable',
      message: expect.stringContaining('the TLS handshake failed (UNABLE_TO_VERIFY_LEAF_SIGNATURE') as string,
    });
    expect(handshake.hint).toContain('DOCKER_CERT_PATH');
    const plain = engineErrorFrom(
      Object.assign(new Error('(HTTP code 400) bad request'), {
        statusCode: 400,
        json: 'Client sent an HTTP request to an HTTPS server.\n',
      }),
      'tcp://h:2376',
    );
    expect(plain.message).toContain('the engine speaks TLS');
    expect(plain.hint).toContain('DOCKER_TLS_VERIFY=1');
  });

  it('says what to install when Podman has no init binary for init: true', () => {
    const err = engineErrorFrom(
      Object.assign(new Error('(HTTP code 500)'), {
        statusCode: 500,
        json: {
          message:
            'container-init binary not found on the host: stat /usr/libexec/podman/catatonit: no such file or directory',
        },
      }),
      'x',
    );
    expect(err.message).toContain('Podman cannot run a service with init: true');
    expect(err.hint).toContain('install catatonit');
  });

  it('finds the port in "address already in use" messages', () => {
    expect(portInMessage('Bind for 0.0.0.0:8080 failed: port is already allocated')).toBe(8080);
    expect(portInMessage('listen tcp4 [::]:5432: bind: address already in use')).toBe(5432);
    expect(portInMessage('something else')).toBeUndefined();
  });
});

describe("parsing the engine's events", () => {
  const raw = (Action: string, Attributes: Record<string, string> = {}) => ({
    Type: 'container',
    Action,
    Actor: { ID: 'abc', Attributes: { 'com.docker.compose.service': 'db', ...Attributes } },
    timeNano: 1_700_000_000_123_456_000,
  });

  it('takes the action, the labels and the time in milliseconds', () => {
    expect(parseEvent(raw('start'))).toEqual({
      action: 'start',
      containerId: 'abc',
      labels: { 'com.docker.compose.service': 'db' },
      time: 1_700_000_000_123,
    });
  });

  it('reads health from "health_status: healthy" and the exit code from die', () => {
    expect(parseEvent(raw('health_status: healthy'))?.health).toBe('healthy');
    expect(parseEvent(raw('die', { exitCode: '137' }))).toMatchObject({ action: 'die', exitCode: 137 });
  });

  it("reads Podman's events as Docker's: its exit code attribute, its remove, its bare health_status", () => {
    expect(parseEvent(raw('die', { containerExitCode: '3' }))).toMatchObject({ action: 'die', exitCode: 3 });
    expect(parseEvent(raw('remove'))?.action).toBe('destroy');
    expect(parseEvent(raw('health_status'))).toMatchObject({ action: 'health_status' });
    expect(parseEvent(raw('health_status'))?.health).toBeUndefined();
  });

  it('drops what is not a container event of interest (exec, images, networks)', () => {
    expect(parseEvent(raw('exec_start: test -f /tmp/ready'))).toBeUndefined();
    expect(parseEvent({ ...raw('start'), Type: 'network' })).toBeUndefined();
    expect(parseEvent({ Type: 'container', Action: 'start' })).toBeUndefined();
  });
});

describe('container inspect and create options', () => {
  it('reads an inspect answer: no leading slash, no zero times, health and its log', () => {
    const info = toContainerInfo({
      Id: 'abc',
      Name: '/t-db-1',
      State: {
        Status: 'running',
        ExitCode: 0,
        OOMKilled: false,
        StartedAt: '2026-12-01T10:00:00.5Z',
        FinishedAt: '0001-01-01T00:00:00Z',
        Health: { Status: 'healthy', Log: [{ ExitCode: 0, Output: 'ok', End: '2026-12-01T10:00:01Z' }] },
      },
      RestartCount: 2,
      Config: { Image: 'db:1', Labels: { a: 'b' } },
    } as unknown as Docker.ContainerInspectInfo);
    expect(info).toEqual({
      id: 'abc',
      name: 't-db-1',
      state: 'running',
      health: 'healthy',
      healthLog: [{ exitCode: 0, output: 'ok', at: Date.parse('2026-12-01T10:00:01Z') }],
      exitCode: 0,
      oomKilled: false,
      startedAt: Date.parse('2026-12-01T10:00:00.5Z'),
      restartCount: 2,
      image: 'db:1',
      labels: { a: 'b' },
    });
  });

  const spec: ContainerSpec = {
    name: 't-api-1',
    image: 'api:1',
    command: ['serve'],
    entrypoint: null,
    env: ['A=1'],
    labels: { 'com.docker.compose.service': 'api' },
    exposedPorts: ['9000-9001/udp'],
    ports: [{ containerPort: 8000, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: '18000' }],
    mounts: [
      { type: 'bind', source: '/src', target: '/app', readOnly: true, createHostPath: true },
      { type: 'bind', source: '/cfg', target: '/cfg', readOnly: false, createHostPath: false },
      { type: 'volume', source: 't_data', target: '/data', readOnly: false, noCopy: true },
    ],
    tmpfs: ['/run:size=64m'],
    networks: [{ name: 't_default', aliases: ['api'] }],
    healthcheck: {
      test: ['CMD', 'check'],
      intervalMs: 5000,
      timeoutMs: 2000,
      retries: 3,
      startPeriodMs: 1000,
      startIntervalMs: 250,
    },
    restartPolicy: { name: 'on-failure', maxRetries: 3 },
    stopSignal: 'SIGINT',
    stopTimeoutSeconds: 5,
    init: true,
    extraHosts: ['host.docker.internal:host-gateway'],
  };

  it('maps ports, mounts (long-syntax binds that must exist as Mounts), health times in ns, and the first network', () => {
    const o = createOptions(spec, '1.44');
    expect(o.ExposedPorts).toEqual({ '9000/udp': {}, '9001/udp': {}, '8000/tcp': {} });
    expect(o.HostConfig?.PortBindings).toEqual({ '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '18000' }] });
    expect(o.HostConfig?.Binds).toEqual(['/src:/app:ro']);
    expect(o.HostConfig?.Mounts).toEqual([
      { Type: 'bind', Source: '/cfg', Target: '/cfg', ReadOnly: false },
      { Type: 'volume', Source: 't_data', Target: '/data', ReadOnly: false, VolumeOptions: { NoCopy: true } },
    ]);
    expect(o.HostConfig?.Tmpfs).toEqual({ '/run': 'size=64m' });
    expect(o.Healthcheck).toEqual({
      Test: ['CMD', 'check'],
      Interval: 5e9,
      Timeout: 2e9,
      Retries: 3,
      StartPeriod: 1e9,
      StartInterval: 2.5e8,
    });
    expect(o.HostConfig?.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(o.HostConfig).toMatchObject({
      Init: true,
      NetworkMode: 't_default',
      ExtraHosts: ['host.docker.internal:host-gateway'],
    });
    expect(o).toMatchObject({ name: 't-api-1', Image: 'api:1', Cmd: ['serve'], StopSignal: 'SIGINT', StopTimeout: 5 });
  });

  it('leaves out start_interval for an engine older than API 1.44, and disables a check with NONE', () => {
    expect(createOptions(spec, '1.41').Healthcheck).not.toHaveProperty('StartInterval');
    expect(createOptions({ ...spec, healthcheck: 'disabled' }, '1.41').Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('sends each attachment’s settings on the first network, and refuses gw_priority and interface_name an older engine would drop', () => {
    const net = {
      name: 't_back',
      aliases: ['api'],
      ipv4Address: '10.0.0.5',
      linkLocalIps: ['169.254.1.1'],
      macAddress: '02:42:ac:11:00:02',
      gwPriority: 2,
      driverOpts: { 'com.docker.network.endpoint.ifname': 'eth-b' },
    };
    const o = createOptions({ ...spec, networks: [net] }, '1.49');
    expect(o.NetworkingConfig?.EndpointsConfig?.t_back).toEqual({
      Aliases: ['api'],
      IPAMConfig: { IPv4Address: '10.0.0.5', LinkLocalIPs: ['169.254.1.1'] },
      MacAddress: '02:42:ac:11:00:02',
      DriverOpts: { 'com.docker.network.endpoint.ifname': 'eth-b' },
      GwPriority: 2,
    });
    expect(() => createOptions({ ...spec, networks: [net] }, '1.47')).toThrow(
      'gw_priority (service api) needs Docker Engine API 1.48 or later; this engine speaks 1.47',
    );
    expect(() =>
      createOptions({ ...spec, networks: [{ name: net.name, aliases: [], driverOpts: net.driverOpts }] }, '1.48'),
    ).toThrow('interface_name (service api) needs Docker Engine API 1.49');
  });
});

describe('device settings', () => {
  it('passes a CDI device name as a device request to the engine’s cdi driver, beside device nodes', () => {
    const { stack, errors } = load(
      writeStack({
        'compose.yaml': 'name: t\nservices:\n  api:\n    image: x\n    devices: ["nvidia.com/gpu=all", "/dev/fuse"]\n',
      }),
    );
    expect(errors).toEqual([]);
    const host = hostSettings(stack!.services.api!.settings);
    expect(host.Devices).toEqual([{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }]);
    expect(host.DeviceRequests).toEqual([{ Driver: 'cdi', DeviceIDs: ['nvidia.com/gpu=all'] }]);
  });
});

describe('log frames', () => {
  const frame = (kind: number, text: string): Buffer => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = kind;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };

  it('splits stdout and stderr frames, and lines across frames per stream', () => {
    const chunks = parseLogFrames(Buffer.concat([frame(1, 'one\ntw'), frame(2, 'oops\n'), frame(1, 'o\n')]));
    expect(chunks).toEqual([
      { stream: 'stdout', text: 'one\ntw' },
      { stream: 'stderr', text: 'oops\n' },
      { stream: 'stdout', text: 'o\n' },
    ]);
    expect(chunksToLines(chunks)).toEqual([
      { stream: 'stdout', line: 'one' },
      { stream: 'stderr', line: 'oops' },
      { stream: 'stdout', line: 'two' },
    ]);
  });

  it('takes output without frame headers (a TTY container) as stdout', () => {
    expect(parseLogFrames(Buffer.from('plain text\n'))).toEqual([{ stream: 'stdout', text: 'plain text\n' }]);
  });
});

describe('container settings in the create options', () => {
  afterEach(removeStacks);
  const loadOne = (yaml: string) =>
    load(writeStack({ 'compose.yaml': `name: t\nservices:\n  api:\n    image: x\n${yaml}` }));
  it('passes them to the engine in the fields compose fills', () => {
    const { stack } = loadOne(
      `    privileged: true\n    tty: true\n    mac_address: 02:42:ac:11:00:02\n    cpus: 0.5\n    ulimits: { nofile: 1024 }\n    logging: { driver: local }\n`,
    );
    if (!stack?.services.api) throw new Error('no stack');
    const opts = createOptions(containerSpec(stack, stack.services.api), '1.41');
    expect(opts).toMatchObject({ Tty: true, OpenStdin: false, MacAddress: '02:42:ac:11:00:02' });
    expect(opts.HostConfig).toMatchObject({
      Privileged: true,
      NanoCpus: 500_000_000,
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 1024 }],
      LogConfig: { Type: 'local', Config: {} },
    });
  });
});

describe('network_mode in the create options', () => {
  afterEach(removeStacks);
  it('gives the engine the mode (service:NAME as NAME’s container) and no stack network', () => {
    const { stack } = load(
      writeStack({
        'compose.yaml':
          'name: t\nservices:\n  vpn: { image: x }\n  app: { image: x, network_mode: "service:vpn" }\n  probe: { image: x, network_mode: host }\n',
      }),
    );
    if (!stack?.services.app || !stack.services.probe) throw new Error('no stack');
    const app = createOptions(containerSpec(stack, stack.services.app), '1.41');
    expect(app.HostConfig?.NetworkMode).toBe('container:t-vpn-1');
    expect(app).not.toHaveProperty('NetworkingConfig');
    expect(createOptions(containerSpec(stack, stack.services.probe), '1.41').HostConfig?.NetworkMode).toBe('host');
  });
});
