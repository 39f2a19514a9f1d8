import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { toComposeJson } from './compose-json';

afterEach(removeStacks);

const one = (yaml: string, extra: Record<string, string> = {}) =>
  load(writeStack({ 'compose.yaml': `name: t\nservices:\n  api:\n    image: x\n${yaml}`, ...extra }));

describe('device requests, block I/O, annotations, label files and platform', () => {
  it('reads gpus and reserved devices as device requests: all is every device, gpus add the gpu capability', () => {
    const { stack, errors } = one(`    gpus:
      - { driver: nvidia, count: 2, capabilities: [compute] }
    deploy:
      resources:
        reservations:
          devices: [{ capabilities: [gpu] }, { capabilities: [tpu], device_ids: [a] }]
`);
    expect(errors).toEqual([]);
    expect(stack?.services.api?.settings.gpus).toEqual([
      { driver: 'nvidia', count: 2, capabilities: ['compute', 'gpu'], deviceIds: [], options: {} },
    ]);
    expect(stack?.services.api?.settings.reservedDevices).toEqual([
      { count: -1, capabilities: ['gpu'], deviceIds: [], options: {} },
      { capabilities: ['tpu'], deviceIds: ['a'], options: {} },
    ]);
    expect(one('    gpus: all\n').stack?.services.api?.settings.gpus).toEqual([
      { count: -1, capabilities: ['gpu'], deviceIds: [], options: {} },
    ]);
  });

  it('refuses a device request with both count and ids, without capabilities, or with a key it does not have', () => {
    const { errors } = one(`    deploy:
      resources:
        reservations:
          devices: [{ count: 1, device_ids: [a], capabilities: [gpu] }, { driver: nvidia }, { capabilities: [gpu], cout: 1 }]
`);
    expect(errors.map((e) => e.message)).toEqual([
      'a device request sets both count and device_ids',
      'a reserved device needs capabilities',
      '"cout" is not a key of a device request',
    ]);
  });

  it('reads blkio_config rates as sizes or counts, and prints them back', () => {
    const { stack, errors } = one(`    blkio_config:
      weight: 300
      weight_device: [{ path: /dev/sda, weight: 400 }]
      device_read_bps: [{ path: /dev/sda, rate: 12mb }]
      device_write_iops: [{ path: /dev/sda, rate: 30 }]
`);
    expect(errors).toEqual([]);
    expect(stack?.services.api?.settings.blkio).toEqual({
      weight: 300,
      weightDevice: [{ path: '/dev/sda', weight: 400 }],
      deviceReadBps: [{ path: '/dev/sda', rate: 12 * 1024 ** 2 }],
      deviceWriteBps: [],
      deviceReadIops: [],
      deviceWriteIops: [{ path: '/dev/sda', rate: 30 }],
    });
    expect((toComposeJson(stack!).services as Record<string, Record<string, unknown>>).api?.blkio_config).toEqual({
      weight: 300,
      weight_device: [{ path: '/dev/sda', weight: 400 }],
      device_read_bps: [{ path: '/dev/sda', rate: 12 * 1024 ** 2 }],
      device_write_iops: [{ path: '/dev/sda', rate: 30 }],
    });
    expect(
      one('    blkio_config: { weight: 5, device_read_bps: [{ path: /dev/sda, rate: fast }] }\n').errors.map(
        (e) => e.code,
      ),
    ).toEqual(['invalid-value', 'invalid-value']);
  });

  it('reads labels from label files below labels, names a missing file, and checks the platform', () => {
    const { stack, errors } = one(
      '    label_file: ./a.labels\n    labels: { keep: mine }\n    platform: linux/arm64/v8\n',
      { 'a.labels': 'keep=theirs\n# a comment\ntier=web\n' },
    );
    expect(errors).toEqual([]);
    expect(stack?.services.api?.labels).toEqual({ keep: 'mine', tier: 'web' });
    expect(stack?.services.api?.platform).toBe('linux/arm64/v8');
    expect(
      one('    label_file: [./missing.labels]\n').errors.map((e) => [
        e.location?.line,
        e.message.replace(/\/.*\//, '…/'),
      ]),
    ).toEqual([[5, 'label_file …/missing.labels does not exist']]);
    expect(one('    platform: amd64\n').errors.map((e) => e.message)).toEqual(['"amd64" is not a platform']);
    const byDefault = load(
      writeStack({
        'compose.yaml': 'name: t\nservices:\n  api:\n    image: x\n  arm:\n    image: y\n    platform: linux/arm64\n',
      }),
      {
        env: { DOCKER_DEFAULT_PLATFORM: 'linux/amd64' },
      },
    );
    expect([byDefault.stack?.services.api?.platform, byDefault.stack?.services.arm?.platform]).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
  });
});
