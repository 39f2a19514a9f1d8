import type { ModelPath } from './diagnostics';
import { readIpam } from './ipam';
import type { NetworkIpam, NetworkSpec, VolumeSpec } from './model';
import { reportUnapplied } from './key-support';
import type { Reader } from './reader';
import { setOwn } from './reader';

/** What one file says about one top-level network or volume; merged across files key by key. */
export interface ResourceLayer {
  name?: string;
  external?: boolean;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels?: Record<string, string>;
  internal?: boolean;
  attachable?: boolean;
  ipam?: NetworkIpam;
  enableIpv4?: boolean;
  enableIpv6?: boolean;
}

export function readResources(
  value: unknown,
  path: ModelPath,
  r: Reader,
  kind: 'network' | 'volume',
): Record<string, ResourceLayer> {
  const out: Record<string, ResourceLayer> = {};
  if (value === null || value === undefined) return out;
  const map = r.map(value, path);
  for (const [name, spec] of Object.entries(map ?? {})) {
    const p = [...path, name];
    if (!/^[a-zA-Z0-9._-]+$/.test(name))
      r.error(p, 'invalid-name', `"${name}" is not a valid ${kind} name`, 'use letters, digits, ".", "_" and "-"');
    const layer: ResourceLayer = {};
    setOwn(out, name, layer);
    if (spec === null) continue;
    const m = r.map(spec, p);
    for (const [key, v] of Object.entries(m ?? {})) {
      const kp = [...p, key];
      if (key === 'name') layer.name = r.string(v, kp);
      else if (key === 'external') {
        // Compose once allowed `external: { name: x }`; keep reading it.
        if (typeof v === 'object' && v !== null && 'name' in v) {
          layer.external = true;
          layer.name = r.string(v.name, [...kp, 'name']);
        } else layer.external = r.bool(v, kp);
      } else if (key === 'driver') layer.driver = r.string(v, kp);
      else if (key === 'driver_opts')
        layer.driverOpts = r.keyValues(v, kp, false) as Record<string, string> | undefined;
      else if (key === 'labels') layer.labels = r.keyValues(v, kp, false) as Record<string, string> | undefined;
      else if (kind === 'network' && key === 'internal') layer.internal = r.bool(v, kp);
      else if (kind === 'network' && key === 'attachable') layer.attachable = r.bool(v, kp);
      else if (kind === 'network' && key === 'ipam') layer.ipam = readIpam(v, kp, r);
      else if (kind === 'network' && key === 'enable_ipv4') layer.enableIpv4 = r.bool(v, kp);
      else if (kind === 'network' && key === 'enable_ipv6') layer.enableIpv6 = r.bool(v, kp);
      else if (!key.startsWith('x-')) reportUnapplied(r, kp, kind, key);
    }
  }
  return out;
}

/** The merged layers of each network or volume, with compose's names and defaults. */
export function completeResources(
  layers: Record<string, ResourceLayer>[],
  project: string,
  kind: 'network' | 'volume',
  resolvePath: (path: string) => string,
): Record<string, NetworkSpec | VolumeSpec> {
  const merged: Record<string, ResourceLayer> = {};
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) merged[k] = { ...merged[k], ...v };
  const out: Record<string, NetworkSpec | VolumeSpec> = {};
  for (const [key, l] of Object.entries(merged)) {
    const external = l.external ?? false;
    // A local volume that binds a host folder (o: bind) names it relative to the project, as compose resolves it.
    if (kind === 'volume' && l.driverOpts?.o === 'bind' && l.driverOpts.device !== undefined)
      l.driverOpts = { ...l.driverOpts, device: resolvePath(l.driverOpts.device) };
    const base = {
      name: l.name ?? (external ? key : `${project}_${key}`),
      external,
      ...(l.driver ? { driver: l.driver } : {}),
      driverOpts: l.driverOpts ?? {},
      labels: l.labels ?? {},
    };
    out[key] =
      kind === 'network'
        ? {
            ...base,
            internal: l.internal ?? false,
            attachable: l.attachable ?? false,
            ...(l.ipam ? { ipam: l.ipam } : {}),
            ...(l.enableIpv4 !== undefined ? { enableIpv4: l.enableIpv4 } : {}),
            ...(l.enableIpv6 !== undefined ? { enableIpv6: l.enableIpv6 } : {}),
          }
        : base;
  }
  return out;
}
