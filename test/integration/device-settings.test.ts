import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { blockDevice } from '../support/block-device';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/**
 * Device requests (gpus, reserved devices), block I/O limits, annotations, label files and the
 * platform, on the containers the real engine creates, read back with docker inspect.
 */
const engine = inject('engine');
let current: EngineStack | undefined;
afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) await s.cleanup();
});

interface Inspected {
  Platform: string;
  Config: { Labels: Record<string, string> };
  HostConfig: Record<string, unknown>;
}
const inspect = (name: string): Inspected =>
  (JSON.parse(execFileSync('docker', ['inspect', name], { encoding: 'utf8' })) as Inspected[])[0] as Inspected;

describe.skipIf(!engine.available)(
  `device requests, block I/O, labels and platform on the real engine (${engine.reason})`,
  () => {
    it('passes gpus and reserved devices as the engine’s device requests, and block I/O rates per device', async () => {
      const device = blockDevice();
      const s = (current = await EngineStack.create(`services:
  trainer:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    gpus: all
    deploy:
      resources:
        reservations:
          devices:
            - { driver: nvidia, device_ids: ["0", "1"], capabilities: [gpu, utility], options: { a: b } }
  io:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    blkio_config:
      device_read_bps: [{ path: ${device}, rate: 12mb }]
      device_write_bps: [{ path: ${device}, rate: 1048576 }]
      device_read_iops: [{ path: ${device}, rate: 120 }]
      device_write_iops: [{ path: ${device}, rate: 30 }]
`));
      const result = await s.runner.up();
      // No GPU here: the engine refuses to start it, as it refuses docker compose's container.
      expect(s.runner.get('trainer')?.status).toBe('failed');
      expect(JSON.stringify(s.runner.get('trainer')?.why)).toMatch(/device driver|gpu/i);
      expect(s.runner.get('io')?.status).toBe('ready');
      expect(result.ok).toBe(false);
      expect(inspect(s.runner.get('trainer')?.containerName ?? '').HostConfig.DeviceRequests).toEqual([
        { Driver: '', Count: -1, DeviceIDs: null, Capabilities: [['gpu']], Options: {} },
        { Driver: 'nvidia', Count: 0, DeviceIDs: ['0', '1'], Capabilities: [['gpu', 'utility']], Options: { a: 'b' } },
      ]);
      const io = inspect(s.runner.get('io')?.containerName ?? '').HostConfig;
      expect(io.BlkioDeviceReadBps).toEqual([{ Path: device, Rate: 12 * 1024 * 1024 }]);
      expect(io.BlkioDeviceWriteBps).toEqual([{ Path: device, Rate: 1048576 }]);
      expect(io.BlkioDeviceReadIOps).toEqual([{ Path: device, Rate: 120 }]);
      expect(io.BlkioDeviceWriteIOps).toEqual([{ Path: device, Rate: 30 }]);
    });

    it('labels from label_file under those of labels, and the platform the container is made for', async () => {
      const s = (current = await EngineStack.create(`services:\n  api: { image: ${TEST_IMAGE} }\n`));
      writeFileSync(join(s.dir, 'team.labels'), 'owner=from-file\ncom.example.tier=backend\n');
      s.write(`services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    platform: linux/amd64
    label_file: [./team.labels]
    labels: { owner: from-labels }
`);
      s.reload();
      const result = await s.runner.up();
      expect(result.problems).toEqual([]);
      const c = inspect(s.runner.get('api')?.containerName ?? '');
      expect(c.Config.Labels).toMatchObject({ owner: 'from-labels', 'com.example.tier': 'backend' });
      expect(c.Platform).toBe('linux');
    });

    it('a platform the local image is not for is fetched for that platform, not run as the wrong one', async () => {
      const s = (current = await EngineStack.create(`services:
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    platform: linux/arm64
`));
      const result = await s.runner.up();
      expect(result.ok).toBe(false);
      // No registry is reachable here: the pull for linux/arm64 fails and says so.
      expect(s.runner.get('api')?.why).toMatchObject({ code: 'error', errorCode: 'image-missing' });
      expect(await s.containers()).toBe(0);
    });

    it('annotations: on the container with an engine new enough, refused by an older one', async () => {
      const s = (current = await EngineStack.create(`services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    annotations: { com.example.note: hello }
`));
      const result = await s.runner.up();
      const api = s.driver.info().apiVersion;
      if (Number(api.split('.')[1]) < 43) {
        expect(result.ok).toBe(false);
        expect(s.runner.get('api')?.why).toMatchObject({
          errorCode: 'engine-too-old',
          message: `annotations (service api) needs Docker Engine API 1.43 or later; this engine speaks ${api}`,
        });
        return;
      }
      expect(result.problems).toEqual([]);
      expect(inspect(s.runner.get('api')?.containerName ?? '').HostConfig.Annotations).toEqual({
        'com.example.note': 'hello',
      });
    });
  },
);

describe.skipIf(!engine.available)(`use_api_socket on the real engine (${engine.reason})`, () => {
  it('binds the engine socket in and gives the user’s registry credentials through DOCKER_CONFIG, as the docker CLI does', async () => {
    const config = mkdtempSync(join(tmpdir(), 'sp-dockercfg-'));
    writeFileSync(
      join(config, 'config.json'),
      JSON.stringify({ auths: { 'registry.local': { auth: Buffer.from('dev:pw').toString('base64') } } }),
    );
    const before = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = config;
    try {
      const s = (current = await EngineStack.create(`services:
  tools:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    use_api_socket: true
`));
      expect((await s.runner.up()).problems).toEqual([]);
      const name = s.runner.get('tools')?.containerName ?? '';
      const sh = (cmd: string): string =>
        execFileSync('docker', ['exec', name, 'sh', '-c', cmd], { encoding: 'utf8' }).trim();
      expect(sh('test -S /var/run/docker.sock && echo socket')).toBe('socket');
      expect(sh('echo $DOCKER_CONFIG')).toBe('/run/secrets/docker');
      expect(JSON.parse(sh('cat /run/secrets/docker/config.json'))).toEqual({
        auths: { 'registry.local': { auth: Buffer.from('dev:pw').toString('base64') } },
      });
      expect(sh('stat -c %a /run/secrets/docker/config.json')).toBe('600');
    } finally {
      if (before === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = before;
      rmSync(config, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!engine.available)(`CDI devices on the real engine (${engine.reason})`, () => {
  it('a CDI device name goes to the engine as a cdi device request, or is refused by an engine too old for it', async () => {
    const s = (current = await EngineStack.create(`services:
  gpu:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    devices: ["vendor.example/gpu=all"]
`));
    const result = await s.runner.up();
    expect(result.ok).toBe(false);
    const api = s.driver.info().apiVersion;
    if (Number(api.split('.')[1]) < 44) {
      expect(s.runner.get('gpu')?.why).toMatchObject({
        errorCode: 'engine-too-old',
        message: `CDI devices (service gpu) needs Docker Engine API 1.44 or later; this engine speaks ${api}`,
      });
      return;
    }
    // No such CDI device here: the engine refuses to start it; the container has the request.
    expect(inspect(s.runner.get('gpu')?.containerName ?? '').HostConfig.DeviceRequests).toEqual([
      { Driver: 'cdi', Count: 0, DeviceIDs: ['vendor.example/gpu=all'], Capabilities: null, Options: null },
    ]);
  });
});
