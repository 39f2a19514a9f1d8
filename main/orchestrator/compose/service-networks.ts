import type { ModelPath } from './diagnostics';
import { reportUnapplied } from './key-support';
import type { ServiceNetwork } from './model';
import type { Reader } from './reader';
import { setOwn } from './reader';

/** A service's `networks`: a list of names, or each network with how the service joins it. */
export function readNetworks(
  value: unknown,
  path: ModelPath,
  r: Reader,
): Record<string, ServiceNetwork | null> | undefined {
  if (Array.isArray(value)) {
    const out: Record<string, ServiceNetwork | null> = {};
    r.stringList(value, path)?.forEach((n) => setOwn(out, n, null));
    return out;
  }
  const raw = r.map(value, path);
  if (!raw) return undefined;
  const out: Record<string, ServiceNetwork | null> = {};
  for (const [name, spec] of Object.entries(raw)) {
    const p = [...path, name];
    if (spec === null) {
      setOwn(out, name, null);
      continue;
    }
    const m = r.map(spec, p);
    if (!m) continue;
    const net: ServiceNetwork = {};
    for (const [key, v] of Object.entries(m)) {
      if (key === 'aliases') net.aliases = r.stringList(v, [...p, key]);
      else if (key === 'ipv4_address') net.ipv4Address = r.string(v, [...p, key]);
      else if (key === 'ipv6_address') net.ipv6Address = r.string(v, [...p, key]);
      else if (key === 'priority') net.priority = r.int(v, [...p, key], -1_000_000);
      else if (key === 'gw_priority') net.gwPriority = r.int(v, [...p, key], -1_000_000);
      else if (key === 'mac_address') net.macAddress = r.string(v, [...p, key]);
      else if (key === 'link_local_ips') net.linkLocalIps = r.stringList(v, [...p, key]);
      else if (key === 'interface_name') net.interfaceName = r.string(v, [...p, key]);
      else if (key === 'driver_opts')
        net.driverOpts = r.keyValues(v, [...p, key], false) as Record<string, string> | undefined;
      else if (!key.startsWith('x-')) reportUnapplied(r, [...p, key], 'service.networks.*', key);
    }
    setOwn(out, name, net);
  }
  return out;
}
