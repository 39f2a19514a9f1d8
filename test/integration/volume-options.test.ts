import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { blockDevice } from '../support/block-device';
import { hasDockerCompose, withDockerCompose } from '../support/docker-compose';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/** Mount options as compose passes them: SELinux labels, propagation, tmpfs size and mode, a volume's subpath. */
const engine = inject('engine');
let current: EngineStack | undefined;
afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) await s.cleanup();
});

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

describe.skipIf(!engine.available)(`mount options on the real engine (${engine.reason})`, () => {
  it('binds with :z and a propagation, tmpfs with size and mode: on the container and inside it', async () => {
    const s = (current = await EngineStack.create(`services:\n  x: { image: ${TEST_IMAGE} }\n`));
    for (const d of ['labelled', 'private', 'long']) mkdirSync(join(s.dir, d));
    writeFileSync(join(s.dir, 'long', 'f'), 'long\n');
    s.write(`services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    volumes:
      - ./labelled:/labelled:z
      - ./private:/private:ro,private
      - type: bind
        source: ./long
        target: /long
        bind: { propagation: private }
      - type: tmpfs
        target: /scratch
        tmpfs: { size: 64m, mode: 1023 }
`);
    s.reload();
    expect((await s.runner.up()).problems).toEqual([]);
    const name = s.runner.get('api')?.containerName ?? '';
    const host = JSON.parse(docker('inspect', '-f', '{{json .HostConfig}}', name)) as {
      Binds: string[];
      Mounts: Record<string, unknown>[];
    };
    expect(host.Binds).toEqual([`${s.dir}/labelled:/labelled:z`, `${s.dir}/private:/private:ro,private`]);
    expect(host.Mounts).toEqual([
      { Type: 'bind', Source: `${s.dir}/long`, Target: '/long', BindOptions: { Propagation: 'private' } },
      { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024, Mode: 1023 } },
    ]);
    const mounts = JSON.parse(docker('inspect', '-f', '{{json .Mounts}}', name)) as {
      Destination: string;
      Propagation: string;
    }[];
    expect(mounts.find((m) => m.Destination === '/private')?.Propagation).toBe('private');
    expect(docker('exec', name, 'stat', '-c', '%a', '/scratch')).toBe('1777');
    expect(docker('exec', name, 'sh', '-c', "df -k /scratch | tail -1 | tr -s ' ' | cut -d' ' -f2")).toBe('65536');
    expect(docker('exec', name, 'cat', '/long/f')).toBe('long');
  });

  it("a volume's subpath: mounted with an engine new enough, refused by an older one", async () => {
    const s = (current = await EngineStack.create(`services:
  seed:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /data/part && echo inside > /data/part/f"]
    volumes: ["data:/data"]
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: { seed: { condition: service_completed_successfully } }
    volumes:
      - type: volume
        source: data
        target: /part
        volume: { subpath: part }
volumes: { data: {} }
`));
    const result = await s.runner.up();
    const api = s.driver.info().apiVersion;
    if (Number(api.split('.')[1]) < 45) {
      expect(result.ok).toBe(false);
      expect(s.runner.get('api')?.why).toMatchObject({
        errorCode: 'engine-too-old',
        message: `a volume's subpath (service api) needs Docker Engine API 1.45 or later; this engine speaks ${api}`,
      });
      return;
    }
    expect(result.problems).toEqual([]);
    expect(docker('exec', s.runner.get('api')?.containerName ?? '', 'cat', '/part/f')).toBe('inside');
  });
});

describe.skipIf(!engine.available)(`mount options and block I/O beside docker-compose 1.29 (${engine.reason})`, () => {
  it('creates the same Binds, Mounts and block I/O limits as docker-compose 1.29 for the keys both apply', async () => {
    if (!hasDockerCompose()) return;
    const device = blockDevice();
    const yaml = `services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    volumes:
      - ./labelled:/labelled:z
      - ./private:/private:ro
      - { type: tmpfs, target: /scratch, tmpfs: { size: 67108864 } }
    blkio_config:
      device_read_bps: [{ path: ${device}, rate: 12mb }]
      device_write_iops: [{ path: ${device}, rate: 30 }]
`;
    const s = (current = await EngineStack.create(yaml));
    for (const d of ['labelled', 'private']) mkdirSync(join(s.dir, d));
    expect((await s.runner.up()).problems).toEqual([]);
    const fields = (name: string, dir: string): Record<string, unknown> => {
      const host = JSON.parse(docker('inspect', '-f', '{{json .HostConfig}}', name).split(dir).join('<dir>')) as Record<
        string,
        unknown
      >;
      // The order of Binds means nothing to the engine (docker-compose 1.29 sorts them its own way).
      return {
        ...Object.fromEntries(
          ['Mounts', 'BlkioDeviceReadBps', 'BlkioDeviceWriteIOps', 'Tmpfs'].map((k) => [k, host[k]]),
        ),
        Binds: [...((host.Binds as string[] | null) ?? [])].sort(),
      };
    };
    const ours = fields(s.runner.get('api')?.containerName ?? '', s.dir);
    const project = `${s.project}-dc`;
    withDockerCompose(
      project,
      yaml,
      (dir) => {
        expect(fields(`${project}_api_1`, dir)).toEqual(ours);
      },
      ['labelled', 'private'],
    );
  });
});
