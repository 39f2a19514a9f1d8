import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { hasDockerCompose, withDockerCompose } from '../support/docker-compose';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/**
 * Networks as compose makes them: address pools (`ipam`), IP versions, and each attachment's
 * static address, MAC address, link-local address, interface name, gateway priority and join
 * order, read back from the engine and from inside the container.
 */
const engine = inject('engine');
let current: EngineStack | undefined;
afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) await s.cleanup();
});

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const inspectJson = <T>(...args: string[]): T => (JSON.parse(docker(...args)) as T[])[0] as T;

interface Endpoint {
  IPAddress: string;
  MacAddress: string;
  IPAMConfig: Record<string, unknown> | null;
  GwPriority?: number;
}
interface ContainerInspect {
  HostConfig: { NetworkMode: string };
  NetworkSettings: { Networks: Record<string, Endpoint> };
}
interface NetworkInspect {
  EnableIPv6: boolean;
  IPAM: { Driver: string; Config: Record<string, unknown>[] };
}

/** Two pools this test alone uses, so that parallel test files cannot collide with them. */
const POOLS = `networks:
  front:
    ipam:
      config:
        - subnet: 10.213.7.0/24
          ip_range: 10.213.7.0/25
          gateway: 10.213.7.1
          aux_addresses: { router: 10.213.7.2 }
  back:
    enable_ipv6: false
    ipam:
      driver: default
      config: [{ subnet: 10.213.8.0/24 }]
`;

describe.skipIf(!engine.available)(`networks on the real engine (${engine.reason})`, () => {
  it('creates the address pools and attaches each network with its own address, MAC, link-local address and priority', async () => {
    const s = (current = await EngineStack.create(`services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    networks:
      back:
        ipv4_address: 10.213.8.20
        mac_address: "02:42:0a:d5:08:14"
        link_local_ips: [169.254.10.5]
      front:
        ipv4_address: 10.213.7.10
        priority: 10
${POOLS}`));
    const result = await s.runner.up();
    expect(result.problems).toEqual([]);
    const name = s.runner.get('api')?.containerName ?? '';
    const c = inspectJson<ContainerInspect>('inspect', name);
    // front has the higher priority: the container is created on it, though "back" sorts first.
    expect(c.HostConfig.NetworkMode).toBe(`${s.project}_front`);
    const front = c.NetworkSettings.Networks[`${s.project}_front`];
    const back = c.NetworkSettings.Networks[`${s.project}_back`];
    expect(front?.IPAddress).toBe('10.213.7.10');
    expect(back?.IPAddress).toBe('10.213.8.20');
    expect(back?.MacAddress).toBe('02:42:0a:d5:08:14');
    expect(back?.IPAMConfig).toMatchObject({ IPv4Address: '10.213.8.20', LinkLocalIPs: ['169.254.10.5'] });
    // Inside the container, one interface has the MAC written.
    expect(docker('exec', name, 'sh', '-c', 'cat /sys/class/net/*/address').split('\n')).toContain('02:42:0a:d5:08:14');

    const pool = inspectJson<NetworkInspect>('network', 'inspect', `${s.project}_front`);
    expect(pool.IPAM.Config).toEqual([
      {
        Subnet: '10.213.7.0/24',
        IPRange: '10.213.7.0/25',
        Gateway: '10.213.7.1',
        AuxiliaryAddresses: { router: '10.213.7.2' },
      },
    ]);
    const backNet = inspectJson<NetworkInspect>('network', 'inspect', `${s.project}_back`);
    expect(backNet.IPAM).toMatchObject({ Driver: 'default', Config: [{ Subnet: '10.213.8.0/24' }] });
    expect(backNet.EnableIPv6).toBe(false);
  });

  it('gw_priority and interface_name: applied by an engine new enough, refused by an older one', async () => {
    const s = (current = await EngineStack.create(`services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    networks:
      front: {}
      back: { gw_priority: 5, interface_name: eth-back }
${POOLS}`));
    const result = await s.runner.up();
    const api = s.driver.info().apiVersion;
    const [, minor = 0] = api.split('.').map(Number);
    if (minor < 48) {
      // As compose refuses it: an older engine would drop the key and route differently.
      expect(result.ok).toBe(false);
      expect(s.runner.get('api')?.why).toMatchObject({ code: 'error', errorCode: 'engine-too-old' });
      expect(JSON.stringify(s.runner.get('api')?.why)).toContain(
        `gw_priority (service api) needs Docker Engine API 1.48 or later; this engine speaks ${api}`,
      );
      return;
    }
    expect(result.problems).toEqual([]);
    const name = s.runner.get('api')?.containerName ?? '';
    expect(docker('exec', name, 'ip', 'route', 'show', 'default')).toContain('via 10.213.8.1');
    if (minor >= 49) expect(docker('exec', name, 'cat', '/sys/class/net/eth-back/address')).toMatch(/^[0-9a-f:]{17}$/);
  });

  it('creates the same pools and endpoint addresses as docker-compose 1.29', async () => {
    if (!hasDockerCompose()) return;
    const yaml = `services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    networks:
      front: { ipv4_address: 10.213.7.10, link_local_ips: [169.254.10.6] }
${POOLS}`;
    // One after the other: the two projects' pools would overlap.
    const s = (current = await EngineStack.create(yaml));
    expect((await s.runner.up()).problems).toEqual([]);
    const oursEndpoint = inspectJson<ContainerInspect>('inspect', s.runner.get('api')?.containerName ?? '')
      .NetworkSettings.Networks[`${s.project}_front`]?.IPAMConfig;
    const oursPool = inspectJson<NetworkInspect>('network', 'inspect', `${s.project}_front`).IPAM;
    current = undefined;
    await s.cleanup();

    const project = `${s.project}-dc`;
    withDockerCompose(project, yaml, () => {
      const theirsEndpoint = inspectJson<ContainerInspect>('inspect', `${project}_api_1`).NetworkSettings.Networks[
        `${project}_front`
      ]?.IPAMConfig;
      const theirsPool = inspectJson<NetworkInspect>('network', 'inspect', `${project}_front`).IPAM;
      expect(oursEndpoint).toEqual(theirsEndpoint);
      expect(oursPool.Config).toEqual(theirsPool.Config);
      expect(oursPool.Driver).toEqual(theirsPool.Driver);
    });
  });
});
