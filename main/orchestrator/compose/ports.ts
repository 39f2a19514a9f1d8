import type { ModelPath } from './diagnostics';
import type { PortMapping, PortProtocol } from './model';
import { isRawMap } from './reader';
import type { Reader } from './reader';

const PROTOCOLS: readonly PortProtocol[] = ['tcp', 'udp', 'sctp'];
const PORT_HINT = 'write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "8080:80" or "127.0.0.1:5432:5432/tcp"';

interface Range {
  start: number;
  end: number;
}

function parseRange(text: string): Range | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start < 1 || end > 65535 || end < start) return undefined;
  return { start, end };
}

/**
 * The most port mappings one load expands ranges into: a host has 65,535 ports per address and
 * protocol, so a stack that asks for more cannot run, and expanding millions (20 services with
 * `1-65535`) would take seconds and gigabytes before saying so. Counted per load (its diagnostics).
 */
export const MAX_PORT_MAPPINGS = 65_535;
const expanded = new WeakMap<object, number>();

function withinBudget(r: Reader, count: number): boolean {
  const total = (expanded.get(r.diagnostics) ?? 0) + count;
  expanded.set(r.diagnostics, total);
  return total <= MAX_PORT_MAPPINGS;
}

/** `ports:` — short strings (with ranges and host IPs, IPv6 in brackets) and the long form. */
export function normalizePorts(value: unknown, path: ModelPath, r: Reader): PortMapping[] | undefined {
  if (!Array.isArray(value)) return r.wrongType(path, 'a list of port mappings', value, PORT_HINT);
  const out: PortMapping[] = [];
  value.forEach((item, i) => {
    const itemPath = [...path, i];
    if (typeof item === 'number') item = String(item);
    if (typeof item === 'string') out.push(...(shortPort(item, itemPath, r) ?? []));
    else if (isRawMap(item)) {
      const long = longPort(item, itemPath, r);
      if (long) out.push(long);
    } else r.wrongType(itemPath, 'a port mapping', item, PORT_HINT);
  });
  return out;
}

function shortPort(spec: string, path: ModelPath, r: Reader): PortMapping[] | undefined {
  const fail = (why: string): undefined => {
    r.error(path, 'invalid-port', `invalid port mapping "${spec}": ${why}`, PORT_HINT);
    return undefined;
  };
  let rest = spec.trim();
  let protocol: PortProtocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const proto = rest.slice(slash + 1) as PortProtocol;
    if (!PROTOCOLS.includes(proto)) return fail(`unknown protocol "${proto}" (use tcp, udp or sctp)`);
    protocol = proto;
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (bracket) {
    hostIp = bracket[1];
    rest = bracket[2] ?? '';
  }
  const parts = rest.split(':');
  if (!hostIp && parts.length === 3) hostIp = parts.shift();
  if (parts.length > 2 || (hostIp !== undefined && parts.length !== 2)) return fail('too many ":"');
  const containerText = parts.pop() ?? '';
  const hostText = parts.pop();
  const container = parseRange(containerText);
  if (!container) return fail(`"${containerText}" is not a port or range from 1 to 65535`);
  if (!withinBudget(r, container.end - container.start + 1)) {
    r.error(
      path,
      'invalid-port',
      `"${spec}" takes the stack past ${MAX_PORT_MAPPINGS} published ports, more than a host has for one address and protocol`,
      'publish only the ports the services use',
    );
    return undefined;
  }
  if (hostText === undefined || hostText === '') {
    const ports: PortMapping[] = [];
    for (let p = container.start; p <= container.end; p++) ports.push(mapping(p, undefined, hostIp, protocol));
    return ports;
  }
  const host = parseRange(hostText);
  if (!host) return fail(`"${hostText}" is not a host port or range from 1 to 65535`);
  const hostSize = host.end - host.start;
  const containerSize = container.end - container.start;
  if (containerSize === 0 && hostSize > 0) return [mapping(container.start, hostText, hostIp, protocol)];
  if (hostSize !== containerSize) return fail('the host and container ranges have different lengths');
  const ports: PortMapping[] = [];
  for (let k = 0; k <= containerSize; k++)
    ports.push(mapping(container.start + k, String(host.start + k), hostIp, protocol));
  return ports;
}

function mapping(
  target: number,
  published: string | undefined,
  hostIp: string | undefined,
  protocol: PortProtocol,
): PortMapping {
  return {
    target,
    ...(published !== undefined ? { published } : {}),
    ...(hostIp ? { hostIp } : {}),
    protocol,
    mode: 'ingress',
  };
}

function longPort(raw: Record<string, unknown>, path: ModelPath, r: Reader): PortMapping | undefined {
  const target = raw.target === undefined ? undefined : r.int(raw.target, [...path, 'target'], 1, 65535);
  if (target === undefined) {
    if (raw.target === undefined)
      r.error(path, 'invalid-port', 'a long-form port needs "target" (the container port)', 'add target: <port>');
    return undefined;
  }
  const port: PortMapping = { target, protocol: 'tcp', mode: 'ingress' };
  for (const [key, v] of Object.entries(raw)) {
    const p = [...path, key];
    switch (key) {
      case 'target':
        break;
      case 'published': {
        const s = r.string(v, p);
        if (s !== undefined && s !== '' && !parseRange(s))
          r.error(p, 'invalid-port', `published port "${s}" is not a port or range from 1 to 65535`, PORT_HINT);
        else if (s) port.published = s;
        break;
      }
      case 'host_ip': {
        const s = r.string(v, p);
        if (s) port.hostIp = s;
        break;
      }
      case 'protocol': {
        const s = r.string(v, p);
        if (s !== undefined && !PROTOCOLS.includes(s as PortProtocol))
          r.error(p, 'invalid-port', `unknown protocol "${s}"`, 'use tcp, udp or sctp');
        else if (s) port.protocol = s as PortProtocol;
        break;
      }
      case 'mode': {
        const s = r.string(v, p);
        if (s !== 'ingress' && s !== 'host')
          r.error(
            p,
            'invalid-value',
            `port mode must be "ingress" or "host", not "${String(v)}"`,
            'leave mode out for the usual ingress',
          );
        else port.mode = s;
        break;
      }
      case 'name':
        port.name = r.string(v, p);
        break;
      case 'app_protocol':
        port.appProtocol = r.string(v, p);
        break;
      default:
        if (!key.startsWith('x-')) r.warn(p, 'unknown-key', `unknown key "${key}" in a port mapping; ignored`);
    }
  }
  return port;
}

/**
 * `expose:` — container ports, printed as strings. Any text loads, as compose loads it; what is not
 * a port or range (optionally /tcp, /udp, /sctp) exposes nothing on the engine, as it does for compose.
 */
export function normalizeExpose(value: unknown, path: ModelPath, r: Reader): string[] | undefined {
  if (!Array.isArray(value)) return r.wrongType(path, 'a list of ports', value);
  return value.flatMap((item, i) => r.string(item, [...path, i]) ?? []);
}
