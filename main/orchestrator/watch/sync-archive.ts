import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { USTAR_END, fitsUstar, ustarHeader, ustarPadding } from '../ustar';
import type { PathMapping } from './watch-rules';

/** What one sync sends: an archive to unpack at "/" and the container paths to remove first. */
export interface SyncArchive {
  archive: Buffer;
  /** Files (and links) in the archive. */
  files: number;
  deletes: string[];
}

export class SyncPathTooLong extends Error {
  override readonly name = 'SyncPathTooLong';
  readonly hint = 'shorten the folder names below the watched path, or add the folder to the rule’s ignore';
}

/**
 * The archive for a batch of changed paths, as compose watch makes it: a path gone from the host is
 * removed in the container; a file is copied with its mode and time, a folder with everything below
 * it the rule does not ignore; the last mapping of a container path wins. `owner`: written as owned
 * by it instead of the host's owner (`cp` without --archive gives the files to root).
 */
export function syncArchive(
  mappings: readonly PathMapping[],
  ignored: (hostPath: string) => boolean,
  owner?: { uid: number; gid: number },
): SyncArchive {
  const entries = new Map<string, { host: string; st: Stats }>();
  const deletes: string[] = [];
  const add = (host: string, container: string, st: Stats): void => {
    const name = container.replace(/^\/+/, '');
    if (!fitsUstar(name))
      throw new SyncPathTooLong(
        `cannot sync ${host}: its path in the container (${container}) is too long for the archive`,
      );
    entries.delete(name);
    entries.set(name, { host, st });
  };
  const walk = (host: string, container: string): void => {
    for (const entry of readdirSync(host)) {
      const h = join(host, entry);
      if (ignored(h)) continue;
      const st = lstatOrUndefined(h);
      if (!st) continue;
      const c = posix.join(container, entry);
      add(h, st.isDirectory() ? `${c}/` : c, st);
      if (st.isDirectory()) walk(h, c);
    }
  };
  for (const m of mappings) {
    if (!m.containerPath) continue;
    const st = lstatOrUndefined(m.hostPath);
    if (!st) {
      deletes.push(m.containerPath);
      continue;
    }
    if (st.isDirectory()) {
      add(m.hostPath, `${m.containerPath}/`, st);
      walk(m.hostPath, m.containerPath);
    } else add(m.hostPath, m.containerPath, st);
  }
  const parts: Buffer[] = [];
  let files = 0;
  for (const [name, { host, st }] of entries) {
    const base = {
      mode: st.mode & 0o7777,
      uid: owner?.uid ?? st.uid,
      gid: owner?.gid ?? st.gid,
      mtime: st.mtimeMs / 1000,
    };
    if (st.isDirectory()) parts.push(ustarHeader(name, { ...base, size: 0, type: '5' }));
    else if (st.isSymbolicLink()) {
      parts.push(ustarHeader(name, { ...base, size: 0, type: '2', linkName: readlinkSync(host) }));
      files++;
    } else if (st.isFile()) {
      const body = readOrUndefined(host);
      // Removed between the listing and the read: the next batch removes it in the container.
      if (!body) continue;
      parts.push(ustarHeader(name, { ...base, size: body.length, type: '0' }), body, ustarPadding(body.length));
      files++;
    }
  }
  parts.push(USTAR_END);
  return { archive: Buffer.concat(parts), files, deletes: [...new Set(deletes)] };
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
