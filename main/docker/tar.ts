import type { FileCopy } from '../engine/driver';

/** One 512-byte ustar header for a regular file (type 0) or a folder (type 5). */
function header(name: string, size: number, mode: number, uid: number, gid: number, type: '0' | '5'): Buffer {
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
