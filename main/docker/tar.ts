import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { FileCopy } from '../engine/driver';

/** One 512-byte ustar header for a regular file (type 0) or a folder (type 5). */
function header(name: string, size: number, mode: number, uid: number, gid: number, type: '0' | '2' | '5', linkName = ''): Buffer {
  const h = Buffer.alloc(512, 0);
  // Names over 100 bytes go in the 155-byte prefix, split at a slash.
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const octal = (value: number, width: number): string => `${value.toString(8).padStart(width - 1, '0')}\0`;
  h.write(base, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 8, 'ascii');
  h.write(octal(uid, 8), 108, 8, 'ascii');
  h.write(octal(gid, 8), 116, 8, 'ascii');
  h.write(octal(size, 12), 124, 12, 'ascii');
  h.write(octal(0, 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii');
  h.write(type, 156, 1, 'ascii');
  h.write(linkName, 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/**
 * A tar archive of files at absolute container paths (their folders too, owned by root), to be
 * unpacked at `/` by the engine: how secrets and configs with content get into a container.
 */
export function tarOf(files: readonly FileCopy[]): Buffer {
  const parts: Buffer[] = [];
  const folders = new Set<string>();
  for (const f of files) {
    const rel = f.path.replace(/^\/+/, '');
    const segments = rel.split('/').slice(0, -1);
    for (let i = 1; i <= segments.length; i++) {
      const folder = `${segments.slice(0, i).join('/')}/`;
      if (folders.has(folder)) continue;
      folders.add(folder);
      parts.push(header(folder, 0, 0o755, 0, 0, '5'));
    }
    const body = Buffer.from(f.content, 'utf8');
    parts.push(header(rel, body.length, f.mode, f.uid, f.gid, '0'), body, Buffer.alloc((512 - (body.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

/** A name that fits a ustar header: 100 bytes, or a prefix of 155 and a name of 100 split at a slash. */
function fitsUstar(name: string): boolean {
  if (Buffer.byteLength(name) <= 100) return true;
  const cut = name.lastIndexOf('/', 155);
  return cut > 0 && Buffer.byteLength(name.slice(cut + 1)) <= 100;
}

/**
 * A build context as the engine takes it: the context's files (paths relative to it, modes and
 * symbolic links kept) and extra files written in (an inline Dockerfile, or one from outside the
 * context), as the docker CLI adds them.
 */
export function contextTar(contextDir: string, files: readonly string[], extra: readonly { name: string; content: string }[]): Buffer {
  const parts: Buffer[] = [];
  const add = (name: string, body: Buffer, mode: number, type: '0' | '2' = '0', link = ''): void => {
    if (!fitsUstar(name)) throw new Error(`path too long for the build context: ${name}`);
    parts.push(header(name, type === '2' ? 0 : body.length, mode, 0, 0, type, link));
    if (type === '0') parts.push(body, Buffer.alloc((512 - (body.length % 512)) % 512, 0));
  };
  for (const rel of files) {
    const full = join(contextDir, rel);
    const st = lstatSync(full);
    if (st.isSymbolicLink()) add(rel, Buffer.alloc(0), st.mode & 0o7777, '2', readlinkSync(full));
    else add(rel, readFileSync(full), st.mode & 0o7777);
  }
  for (const f of extra) add(f.name, Buffer.from(f.content, 'utf8'), 0o644);
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}
