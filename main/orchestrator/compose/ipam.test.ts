import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { containerSpec } from '../runtime/container-spec';
import { toComposeJson } from './compose-json';

afterEach(removeStacks);

const stackOf = (yaml: string) =>
  load(writeStack({ 'compose.yaml': `name: t\nservices:\n  api:\n    image: x\n${yaml}` }));

describe('network address pools and attachments', () => {
  it('reads ipam pools and IP versions into the network, and prints them back as config does', () => {
    const { stack, errors } = stackOf(`    networks: [front]
networks:
  front:
    enable_ipv6: true
    enable_ipv4: true
    ipam:
      driver: default
      options: { foo: bar }
      config:
        - { subnet: 172.28.0.0/16, ip_range: 172.28.5.0/24, gateway: 172.28.5.254, aux_addresses: { host1: 172.28.1.5 } }
        - subnet: "2001:db8:abcd::/64"
`);
    expect(errors).toEqual([]);
    expect(stack?.networks.front).toMatchObject({
      enableIpv6: true,
      enableIpv4: true,
      ipam: {
        driver: 'default',
        options: { foo: 'bar' },
        config: [
          {
            subnet: '172.28.0.0/16',
            ipRange: '172.28.5.0/24',
            gateway: '172.28.5.254',
            auxAddresses: { host1: '172.28.1.5' },
          },
          { subnet: '2001:db8:abcd::/64', auxAddresses: {} },
        ],
      },
    });
    expect((toComposeJson(stack!).networks as Record<string, unknown>).front).toMatchObject({
      enable_ipv6: true,
      ipam: {
        driver: 'default',
        config: [
          {
            subnet: '172.28.0.0/16',
            ip_range: '172.28.5.0/24',
            gateway: '172.28.5.254',
            aux_addresses: { host1: '172.28.1.5' },
          },
          { subnet: '2001:db8:abcd::/64' },
        ],
      },
    });
  });

  it('refuses a mistyped subnet, gateway or address, and a key ipam does not have, at its line', () => {
    const { errors } = stackOf(`networks:
  front:
    ipam:
      config:
        - subnet: 172.28.0.0
          gateway: 172.28.300.1
          aux_addresses: { a: nowhere }
          gatway: 172.28.0.1
      drivr: default
`);
    expect(errors.map((e) => [e.location?.line, e.message])).toEqual([
      [9, '"172.28.0.0" is not a subnet in CIDR notation'],
      [10, '"172.28.300.1" is not an IP address'],
      [11, '"nowhere" is not an IP address'],
      [12, '"gatway" is not a key of a network\'s ipam'],
      [13, '"drivr" is not a key of a network\'s ipam'],
    ]);
  });

  it('joins networks by priority, then name, with each attachment’s address, MAC, link-local addresses and interface name', () => {
    const { stack, errors } = stackOf(`    networks:
      alpha: {}
      zeta: { priority: 100, mac_address: "02:42:ac:11:00:02", link_local_ips: [169.254.8.8], interface_name: eth-z, gw_priority: 3, driver_opts: { a: b } }
      beta: { ipv4_address: 10.0.0.5 }
networks: { alpha: {}, beta: {}, zeta: {} }
`);
    expect(errors).toEqual([]);
    const spec = containerSpec(stack!, stack!.services.api!);
    expect(spec.networks.map((n) => n.name)).toEqual(['t_zeta', 't_alpha', 't_beta']);
    expect(spec.networks[0]).toMatchObject({
      macAddress: '02:42:ac:11:00:02',
      linkLocalIps: ['169.254.8.8'],
      gwPriority: 3,
      driverOpts: { a: 'b', 'com.docker.network.endpoint.ifname': 'eth-z' },
    });
    expect(spec.networks[2]).toMatchObject({ ipv4Address: '10.0.0.5' });
  });
});
