import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { composeNetworkHash, composeVolumeHash } from './compose-hash';

afterEach(removeStacks);

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('the config hash of networks and volumes', () => {
  // compose-go's NetworkConfig and VolumeConfig as Go's json.Marshal writes them: fields in struct
  // order, empty ones left out except the ipam struct, x-* extensions never.
  const stack = load(
    writeStack({
      'compose.yaml': `name: t
services:
  app: { image: app, networks: [back, front], volumes: [data:/data, cache:/cache] }
networks:
  back:
    ipam: { config: [{ subnet: 172.99.0.0/16 }] }
    x-note: not hashed
  front:
    driver: bridge
    labels: { b: "2", a: "1" }
    internal: true
volumes:
  data:
    labels: { foo: bar }
  cache:
    driver: local
    driver_opts: { type: tmpfs, device: tmpfs }
`,
    }),
  ).stack;

  it('hashes a network as compose does', () => {
    const { back, front } = stack?.networks ?? {};
    if (!back || !front) throw new Error('the networks did not load');
    expect(composeNetworkHash(back)).toBe(sha256('{"name":"t_back","ipam":{"config":[{"subnet":"172.99.0.0/16"}]}}'));
    expect(composeNetworkHash(front)).toBe(
      sha256('{"name":"t_front","driver":"bridge","ipam":{},"internal":true,"labels":{"a":"1","b":"2"}}'),
    );
  });

  it('hashes a volume as compose does, with the driver it assumes when none is written', () => {
    const { data, cache } = stack?.volumes ?? {};
    if (!data || !cache) throw new Error('the volumes did not load');
    expect(composeVolumeHash(data)).toBe(sha256('{"name":"t_data","driver":"local","labels":{"foo":"bar"}}'));
    expect(composeVolumeHash(cache)).toBe(
      sha256('{"name":"t_cache","driver":"local","driver_opts":{"device":"tmpfs","type":"tmpfs"}}'),
    );
  });
});
