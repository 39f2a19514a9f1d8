/** One entry's header fields; sizes and times in bytes and seconds. */
export interface UstarEntry {
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** 0 file, 2 symbolic link, 5 folder. */
  type: '0' | '2' | '5';
  linkName?: string;
  /** Seconds since the epoch; 0 when the time means nothing (a build context, a config). */
  mtime?: number;
}

/** One 512-byte ustar header. Names over 100 bytes go in the 155-byte prefix, split at a slash. */
export function ustarHeader(name: string, e: UstarEntry): Buffer {
  const h = Buffer.alloc(512, 0);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const octal = (value: number, width: number): string => `${value.toString(8).padStart(width - 1, '0')}\0`;
  h.write(base, 0, 100, 'utf8');
  h.write(octal(e.mode, 8), 100, 8, 'ascii');
  h.write(octal(e.uid, 8), 108, 8, 'ascii');
  h.write(octal(e.gid, 8), 116, 8, 'ascii');
  h.write(octal(e.size, 12), 124, 12, 'ascii');
  h.write(octal(Math.max(0, Math.floor(e.mtime ?? 0)), 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii');
  h.write(e.type, 156, 1, 'ascii');
  h.write(e.linkName ?? '', 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** A name that fits a ustar header: 100 bytes, or a prefix of 155 and a name of 100 split at a slash. */
export function fitsUstar(name: string): boolean {
  if (Buffer.byteLength(name) <= 100) return true;
  const cut = name.lastIndexOf('/', 155);
  return cut > 0 && Buffer.byteLength(name.slice(cut + 1)) <= 100;
}

/** The zero padding after a body, to the next 512-byte block. */
export function ustarPadding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512, 0);
}

/** Two zero blocks: the archive's end. */
export const USTAR_END = Buffer.alloc(1024, 0);
