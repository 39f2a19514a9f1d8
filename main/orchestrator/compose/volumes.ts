import { isAbsolute, resolve } from 'node:path';
import type { ModelPath } from './diagnostics';
import type { VolumeMount } from './model';
import { isRawMap } from './reader';
import type { Reader } from './reader';
import { readBytes } from './sizes';

export interface PathContext {
  projectDir: string;
  homeDir: string;
}

const VOLUME_HINT = 'write SOURCE:TARGET[:ro], e.g. "./src:/app", "data:/var/lib/data" or just "/tmp/cache"';
const PROPAGATIONS = new Set(['shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate']);

/** Keys under a mount's bind, volume or tmpfs that the specification does not have: an error at the key. */
function subKeys(r: Reader, path: ModelPath, m: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const key of Object.keys(m)) {
    if (!known.includes(key) && !key.startsWith('x-'))
      r.report(
        'error',
        [...path, key],
        'unknown-key',
        `"${key}" is not a key of a mount's ${what}`,
        `the keys are ${known.join(', ')}`,
        true,
      );
  }
}

const MODES = new Set([
  'ro',
  'rw',
  'z',
  'Z',
  'nocopy',
  'cached',
  'delegated',
  'consistent',
  'shared',
  'slave',
  'private',
  'rshared',
  'rslave',
  'rprivate',
]);

/** Host paths in compose files are relative to the project directory; `~` is the user's home. */
export function resolveHostPath(path: string, ctx: PathContext): string {
  if (path === '~' || path.startsWith('~/')) return resolve(ctx.homeDir, path.slice(2));
  // A Windows path (C:\\data) is absolute where it means anything: kept as written, as compose keeps it.
  return isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) ? path : resolve(ctx.projectDir, path);
}

/** A container path as compose keeps it: without a trailing "/" (but "/" itself). */
function cleanTarget(target: string): string {
  return target.length > 1 ? target.replace(/\/+$/, '') || '/' : target;
}

function isPathLike(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~') || /^[A-Za-z]:[\\/]/.test(source);
}

export function normalizeVolumes(
  value: unknown,
  path: ModelPath,
  r: Reader,
  ctx: PathContext,
): VolumeMount[] | undefined {
  if (!Array.isArray(value)) return r.wrongType(path, 'a list of volume mounts', value, VOLUME_HINT);
  const out: VolumeMount[] = [];
  value.forEach((item, i) => {
    const p = [...path, i];
    const mount =
      typeof item === 'string'
        ? shortVolume(item, p, r, ctx)
        : isRawMap(item)
          ? longVolume(item, p, r, ctx)
          : r.wrongType(p, 'a volume mount', item, VOLUME_HINT);
    if (mount) out.push(mount);
  });
  return out;
}

function shortVolume(spec: string, path: ModelPath, r: Reader, ctx: PathContext): VolumeMount | undefined {
  const fail = (why: string): undefined => {
    r.error(path, 'invalid-volume', `invalid volume "${spec}": ${why}`, VOLUME_HINT);
    return undefined;
  };
  const parts = splitVolumeSpec(spec);
  if (parts.length === 1) {
    const target = cleanTarget(parts[0] ?? '');
    if (!target.startsWith('/')) return fail('a mount with no source needs an absolute container path');
    return { type: 'volume', target, readOnly: false, volume: {} };
  }
  if (parts.length > 3) return fail('too many ":"');
  const [source = '', written = '', modeText] = parts;
  const target = cleanTarget(written);
  if (source === '') return fail('the source before ":" is empty');
  if (!target.startsWith('/')) return fail(`the container path "${target}" must be absolute`);
  const modes = modeText === undefined ? [] : modeText.split(',');
  const unknown = modes.find((m) => !MODES.has(m));
  if (unknown !== undefined)
    return fail(
      `unknown mode "${unknown}" (use ro, rw, z, Z, nocopy, or a propagation: shared, slave, private, rshared, rslave, rprivate)`,
    );
  const readOnly = modes.includes('ro');
  if (isPathLike(source)) {
    const selinux = modes.includes('Z') ? 'Z' : modes.includes('z') ? 'z' : undefined;
    const propagation = modes.find((m) => m.includes('shared') || m.includes('slave') || m.includes('private'));
    return {
      type: 'bind',
      source: resolveHostPath(source, ctx),
      target,
      readOnly,
      bind: { createHostPath: true, ...(selinux ? { selinux } : {}), ...(propagation ? { propagation } : {}) },
    };
  }
  return { type: 'volume', source, target, readOnly, volume: modes.includes('nocopy') ? { nocopy: true } : {} };
}

/** Splits on ":" but keeps a Windows drive letter (`C:\data:/data`) in the source. */
function splitVolumeSpec(spec: string): string[] {
  const drive = /^[A-Za-z]:[\\/]/.test(spec);
  const parts = (drive ? spec.slice(2) : spec).split(':');
  if (drive) parts[0] = spec.slice(0, 2) + (parts[0] ?? '');
  return parts;
}

function longVolume(
  raw: Record<string, unknown>,
  path: ModelPath,
  r: Reader,
  ctx: PathContext,
): VolumeMount | undefined {
  const type = raw.type === undefined ? 'volume' : r.string(raw.type, [...path, 'type']);
  if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs') {
    if (type !== undefined)
      r.error(
        [...path, 'type'],
        'invalid-volume',
        `volume type "${type}" is not supported`,
        'use bind, volume or tmpfs',
      );
    return undefined;
  }
  const written = raw.target === undefined ? undefined : r.string(raw.target, [...path, 'target']);
  const target = written === undefined ? undefined : cleanTarget(written);
  if (!target?.startsWith('/')) {
    r.error(
      path,
      'invalid-volume',
      'a volume mount needs "target", an absolute path in the container',
      'add target: /path/in/container',
    );
    return undefined;
  }
  const mount: VolumeMount = { type, target, readOnly: false };
  for (const [key, v] of Object.entries(raw)) {
    const p = [...path, key];
    switch (key) {
      case 'type':
      case 'target':
      case 'consistency':
        break;
      case 'source': {
        const s = r.string(v, p);
        if (s) mount.source = type === 'bind' ? resolveHostPath(s, ctx) : s;
        break;
      }
      case 'read_only':
        mount.readOnly = r.bool(v, p) ?? false;
        break;
      case 'bind': {
        const b = r.map(v, p);
        if (!b) break;
        mount.bind = {
          createHostPath:
            b.create_host_path === undefined
              ? false
              : (r.bool(b.create_host_path, [...p, 'create_host_path']) ?? false),
        };
        if (b.propagation !== undefined) {
          const prop = r.string(b.propagation, [...p, 'propagation']);
          if (prop !== undefined && !PROPAGATIONS.has(prop))
            r.error(
              [...p, 'propagation'],
              'invalid-value',
              `unknown propagation "${prop}"`,
              `use one of ${[...PROPAGATIONS].join(', ')}`,
            );
          else if (prop) mount.bind.propagation = prop;
        }
        if (b.selinux !== undefined) {
          if (b.selinux === 'z' || b.selinux === 'Z') mount.bind.selinux = b.selinux;
          else
            r.error(
              [...p, 'selinux'],
              'invalid-value',
              `selinux must be z (shared) or Z (private), not ${JSON.stringify(b.selinux)}`,
              'write selinux: z or selinux: Z',
            );
        }
        subKeys(r, p, b, ['create_host_path', 'propagation', 'selinux'], 'bind');
        break;
      }
      case 'volume': {
        const vol = r.map(v, p);
        if (!vol) break;
        mount.volume = {};
        if (vol.nocopy !== undefined) mount.volume.nocopy = r.bool(vol.nocopy, [...p, 'nocopy']);
        if (vol.subpath !== undefined) mount.volume.subpath = r.string(vol.subpath, [...p, 'subpath']);
        subKeys(r, p, vol, ['nocopy', 'subpath'], 'volume');
        break;
      }
      case 'tmpfs': {
        const t = r.map(v, p);
        if (!t) break;
        mount.tmpfs = {};
        if (t.size !== undefined) mount.tmpfs.size = readBytes(t.size, [...p, 'size'], r);
        if (t.mode !== undefined) mount.tmpfs.mode = r.int(t.mode, [...p, 'mode']);
        subKeys(r, p, t, ['size', 'mode'], 'tmpfs');
        break;
      }
      default:
        if (!key.startsWith('x-'))
          r.report(
            'error',
            p,
            'unknown-key',
            `"${key}" is not a key of a volume mount`,
            'the keys are type, source, target, read_only, bind, volume, tmpfs, consistency',
            true,
          );
    }
  }
  if (type === 'bind' && !mount.source) {
    r.error(path, 'invalid-volume', 'a bind mount needs "source", the host path', 'add source: ./path/on/host');
    return undefined;
  }
  // The long form does not create a missing host path unless asked to (compose does the same).
  if (type === 'bind' && !mount.bind) mount.bind = { createHostPath: false };
  if (type === 'volume' && !mount.volume) mount.volume = {};
  return mount;
}
