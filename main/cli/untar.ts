import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  symlinkSync,
  utimesSync,
  writeSync,
  chmodSync,
  copyFileSync,
  rmSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/** An archive entry the engine sent that would land outside the destination: refused, nothing of it written. */
export class UnsafeArchiveEntry extends Error {
  override name = 'UnsafeArchiveEntry';
}

interface Header {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  type: string;
  linkName: string;
}

/** What was unpacked: files (and links) and folders; entries of other kinds (devices, pipes) are counted apart. */
export interface Unpacked {
  files: number;
  folders: number;
  skipped: number;
}

const octal = (block: Buffer, at: number, width: number): number => {
  // Large sizes come in base-256 (the first byte's high bit set), as Go's archive/tar writes them.
  if ((block[at] ?? 0) & 0x80) {
    let n = 0;
    for (let i = at + 1; i < at + width; i++) n = n * 256 + (block[i] ?? 0);
    return n;
  }
  const text = block
    .toString('ascii', at, at + width)
    .replace(/\0.*$/s, '')
    .trim();
  return text === '' ? 0 : parseInt(text, 8);
};

const text = (block: Buffer, at: number, width: number): string =>
  block.toString('utf8', at, at + width).replace(/\0.*$/s, '');

function parseHeader(block: Buffer): Header {
  const prefix = block.toString('ascii', 257, 262) === 'ustar' ? text(block, 345, 155) : '';
  const name = text(block, 0, 100);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    mode: octal(block, 100, 8),
    size: octal(block, 124, 12),
    mtime: octal(block, 136, 12),
    type: String.fromCharCode(block[156] ?? 0),
    linkName: text(block, 157, 100),
  };
}

/** A pax extended header's records ("LEN key=value\n"), of which path, linkpath and size matter here. */
function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const len = parseInt(body.toString('ascii', at, space), 10);
    if (space < 0 || !Number.isFinite(len) || len <= 0) break;
    const record = body.toString('utf8', space + 1, at + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}

/**
 * Unpacks a tar stream as it arrives (nothing held whole in memory): each entry's name goes through
 * `place`, which says where on this machine it goes (undefined: left out). Entries that would land
 * outside `root` (`..`, absolute names, a folder that is a link pointing out) are refused.
 */
export async function untar(
  stream: AsyncIterable<Buffer | string>,
  root: string,
  place: (name: string) => string | undefined,
): Promise<Unpacked> {
  const done: Unpacked = { files: 0, folders: 0, skipped: 0 };
  const realRoot = realpathSync(root);
  let pending = Buffer.alloc(0);
  let entry:
    { header: Header; target: string | undefined; fd?: number; left: number; pad: number; body?: Buffer[] } | undefined;
  let pax: Record<string, string> = {};
  let ended = false;

  const inside = (target: string): string => {
    const rel = relative(realRoot, target);
    if (rel.startsWith('..') || isAbsolute(rel))
      throw new UnsafeArchiveEntry(`the archive's entry would be written at ${target}, outside ${root}`);
    // Each folder on the way must be a folder, not a link leading elsewhere.
    let at = realRoot;
    for (const part of dirname(rel)
      .split(sep)
      .filter((p) => p && p !== '.')) {
      at = join(at, part);
      const st = lstatOrUndefined(at);
      if (st?.isSymbolicLink()) throw new UnsafeArchiveEntry(`the archive writes through the link ${at}`);
    }
    return target;
  };

  const begin = (h: Header): void => {
    const name = pax.path ?? h.name;
    const header = {
      ...h,
      name,
      linkName: pax.linkpath ?? h.linkName,
      size: pax.size !== undefined ? Number(pax.size) : h.size,
    };
    pax = {};
    const pad = (512 - (header.size % 512)) % 512;
    if (header.type === 'x' || header.type === 'L' || header.type === 'K' || header.type === 'g') {
      entry = { header, target: undefined, left: header.size, pad, body: [] };
      return;
    }
    // A name climbing out (`..`) is left out, and counted.
    const climbs = name.split('/').includes('..');
    if (climbs) done.skipped++;
    const placed = climbs ? undefined : place(name.replace(/\/+$/, ''));
    const target = placed === undefined ? undefined : inside(placed);
    entry = { header, target, left: header.size, pad };
    if (target === undefined) return;
    if (header.type === '5') {
      mkdirSync(target, { recursive: true });
      chmodSync(target, header.mode & 0o7777);
      done.folders++;
    } else if (header.type === '0' || header.type === '\0' || header.type === '7') {
      mkdirSync(dirname(target), { recursive: true });
      if (lstatOrUndefined(target)?.isSymbolicLink()) rmSync(target);
      entry.fd = openSync(target, 'w', header.mode & 0o7777);
      done.files++;
    } else if (header.type === '2') {
      mkdirSync(dirname(target), { recursive: true });
      rmSync(target, { force: true });
      symlinkSync(header.linkName, target);
      done.files++;
    } else if (header.type === '1') {
      const source = place(header.linkName.replace(/\/+$/, ''));
      if (source !== undefined) copyFileSync(inside(source), target);
      done.files++;
    } else done.skipped++;
  };

  const finish = (): void => {
    if (!entry) return;
    const { header, target, fd, body } = entry;
    if (fd !== undefined) {
      closeSync(fd);
      chmodSync(target ?? '', header.mode & 0o7777);
    }
    if (target !== undefined && header.mtime > 0 && header.type !== '2') utimesSync(target, header.mtime, header.mtime);
    if (body) {
      const all = Buffer.concat(body);
      if (header.type === 'x') pax = parsePax(all);
      else if (header.type === 'L') pax.path = all.toString('utf8').replace(/\0+$/, '');
      else if (header.type === 'K') pax.linkpath = all.toString('utf8').replace(/\0+$/, '');
    }
    entry = undefined;
  };

  for await (const chunk of stream) {
    if (ended) continue;
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, Buffer.from(chunk)]);
    let at = 0;
    for (;;) {
      if (entry && entry.left > 0) {
        const take = Math.min(entry.left, pending.length - at);
        if (take === 0) break;
        const piece = pending.subarray(at, at + take);
        if (entry.fd !== undefined) writeSync(entry.fd, piece);
        else entry.body?.push(Buffer.from(piece));
        entry.left -= take;
        at += take;
        continue;
      }
      if (entry) {
        if (pending.length - at < entry.pad) break;
        at += entry.pad;
        finish();
        continue;
      }
      if (pending.length - at < 512) break;
      const block = pending.subarray(at, at + 512);
      at += 512;
      if (block.every((b) => b === 0)) {
        ended = true;
        break;
      }
      begin(parseHeader(block));
    }
    pending = pending.subarray(at);
  }
  if (entry) throw new Error('the archive ended in the middle of an entry: the copy is incomplete');
  return done;
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
