import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { FileCopy } from '../orchestrator/driver';
import { fitsUstar, ustarHeader } from '../orchestrator/ustar';

function header(
  name: string,
  size: number,
  mode: number,
  uid: number,
  gid: number,
  type: '0' | '2' | '5',
  linkName = '',
): Buffer {
  return ustarHeader(name, { size, mode, uid, gid, type, linkName });
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
    parts.push(
      header(rel, body.length, f.mode, f.uid, f.gid, '0'),
      body,
      Buffer.alloc((512 - (body.length % 512)) % 512, 0),
    );
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

/**
 * A build context as the engine takes it: the context's files (paths relative to it, modes and
 * symbolic links kept) and extra files written in (an inline Dockerfile, or one from outside the
 * context), as the docker CLI adds them.
 */
export function contextTar(
  contextDir: string,
  files: readonly string[],
  extra: readonly { name: string; content: string }[],
): Buffer {
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
