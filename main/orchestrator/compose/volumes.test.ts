import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { containerSpec } from '../runtime/container-spec';

afterEach(removeStacks);

const one = (volumes: string) =>
  load(
    writeStack({
      'compose.yaml': `name: t\nservices:\n  api:\n    image: x\n    volumes:\n${volumes}volumes: { data: {} }\n`,
    }),
  );

describe('mount options', () => {
  it('reads SELinux labels, propagation, tmpfs size (as a size) and mode, and a subpath into the container spec', () => {
    const { stack, errors } = one(`      - ./a:/a:z,rshared
      - { type: bind, source: ./b, target: /b, bind: { propagation: rslave, selinux: Z } }
      - { type: tmpfs, target: /t, tmpfs: { size: 64m, mode: 1023 } }
      - { type: volume, source: data, target: /d, volume: { subpath: sub, nocopy: true } }
`);
    expect(errors).toEqual([]);
    const mounts = containerSpec(stack!, stack!.services.api!).mounts;
    expect(mounts.map(({ source: _s, ...m }) => m)).toEqual([
      { type: 'bind', target: '/a', readOnly: false, createHostPath: true, selinux: 'z', propagation: 'rshared' },
      { type: 'bind', target: '/b', readOnly: false, createHostPath: false, selinux: 'Z', propagation: 'rslave' },
      { type: 'tmpfs', target: '/t', readOnly: false, tmpfsSize: 64 * 1024 * 1024, tmpfsMode: 1023 },
      { type: 'volume', target: '/d', readOnly: false, noCopy: true, subpath: 'sub' },
    ]);
  });

  it('refuses a key a mount does not have, a bad propagation, label or size, at its line', () => {
    const { errors } =
      one(`      - { type: bind, source: ./b, target: /b, bind: { propagation: sideways, selinux: q, recursve: x }, consistncy: cached }
      - { type: tmpfs, target: /t, tmpfs: { size: lots } }
      - ./c:/c:rw,upward
`);
    expect(errors.map((e) => e.message)).toEqual([
      'unknown propagation "sideways"',
      'selinux must be z (shared) or Z (private), not "q"',
      '"recursve" is not a key of a mount\'s bind',
      '"consistncy" is not a key of a volume mount',
      'services.api.volumes[1].tmpfs.size: "lots" is not a size',
      expect.stringContaining('unknown mode "upward"') as string,
    ]);
  });
});
