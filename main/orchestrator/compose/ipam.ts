import type { ModelPath } from './diagnostics';
import type { NetworkIpam } from './model';
import type { Reader } from './reader';

const POOL_KEYS = ['subnet', 'ip_range', 'gateway', 'aux_addresses'];
const IPAM_KEYS = ['driver', 'config', 'options'];

/** An IPv4 or IPv6 address, without a prefix length. */
function isAddress(s: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return s.split('.').every((o) => Number(o) <= 255);
  return /^[0-9a-fA-F:]+$/.test(s) && s.includes(':') && (s.match(/::/g)?.length ?? 0) <= 1;
}

function isCidr(s: string): boolean {
  const [address, bits, extra] = s.split('/');
  if (extra !== undefined || address === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  return isAddress(address) && Number(bits) <= (address.includes(':') ? 128 : 32);
}

function unknownKey(r: Reader, path: ModelPath, key: string, known: string[]): void {
  r.report(
    'error',
    path,
    'unknown-key',
    `"${key}" is not a key of a network's ipam`,
    `the keys are ${known.join(', ')}`,
    true,
  );
}

/**
 * A network's `ipam`: the address pools the engine gives the network, as compose passes them
 * (Subnet, IPRange, Gateway, AuxiliaryAddresses per pool). Addresses are checked here so that a
 * mistyped subnet names its line instead of failing at `up` with the engine's words.
 */
export function readIpam(value: unknown, path: ModelPath, r: Reader): NetworkIpam | undefined {
  const m = r.map(value, path);
  if (!m) return undefined;
  const ipam: NetworkIpam = { config: [], options: {} };
  for (const [key, v] of Object.entries(m)) {
    const kp = [...path, key];
    if (key === 'driver') {
      const driver = r.string(v, kp);
      if (driver) ipam.driver = driver;
    } else if (key === 'options')
      ipam.options = (r.keyValues(v, kp, false) as Record<string, string> | undefined) ?? {};
    else if (key === 'config') {
      if (!Array.isArray(v)) {
        r.wrongType(kp, 'a list of address pools', v);
        continue;
      }
      v.forEach((pool: unknown, i) => {
        const pp = [...kp, i];
        const pm = r.map(pool, pp);
        if (!pm) return;
        const out: NetworkIpam['config'][number] = { auxAddresses: {} };
        for (const [pk, pv] of Object.entries(pm)) {
          const vp = [...pp, pk];
          if (pk === 'aux_addresses') {
            out.auxAddresses = (r.keyValues(pv, vp, false) as Record<string, string> | undefined) ?? {};
            for (const [host, address] of Object.entries(out.auxAddresses)) {
              if (!isAddress(address))
                r.error(
                  [...vp, host],
                  'invalid-value',
                  `"${address}" is not an IP address`,
                  'write an address such as 172.28.1.5',
                );
            }
          } else if (pk === 'subnet' || pk === 'ip_range' || pk === 'gateway') {
            const s = r.string(pv, vp);
            if (s === undefined) continue;
            const ok = pk === 'gateway' ? isAddress(s) : isCidr(s);
            if (!ok)
              r.error(
                vp,
                'invalid-value',
                `"${s}" is not ${pk === 'gateway' ? 'an IP address' : 'a subnet in CIDR notation'}`,
                pk === 'gateway' ? 'write an address such as 172.28.0.1' : 'write a subnet such as 172.28.0.0/16',
              );
            if (pk === 'subnet') out.subnet = s;
            else if (pk === 'ip_range') out.ipRange = s;
            else out.gateway = s;
          } else if (!pk.startsWith('x-')) unknownKey(r, vp, pk, POOL_KEYS);
        }
        ipam.config.push(out);
      });
    } else if (!key.startsWith('x-')) unknownKey(r, kp, key, IPAM_KEYS);
  }
  return ipam;
}
