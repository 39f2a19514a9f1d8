import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USTAR_END, ustarHeader, ustarPadding } from '../orchestrator/ustar';
import { untar } from './untar';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const scratch = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sp-untar-'));
  dirs.push(d);
  return d;
};

const file = (name: string, body: string, mode = 0o644): Buffer[] => {
  const b = Buffer.from(body);
  return [
    ustarHeader(name, { size: b.length, mode, uid: 0, gid: 0, type: '0', mtime: 1_700_000_000 }),
    b,
    ustarPadding(b.length),
  ];
};
const folder = (name: string): Buffer[] => [ustarHeader(name, { size: 0, mode: 0o755, uid: 0, gid: 0, type: '5' })];
const link = (name: string, to: string): Buffer[] => [
  ustarHeader(name, { size: 0, mode: 0o777, uid: 0, gid: 0, type: '2', linkName: to }),
];
/** A pax header giving the next entry a long path, as Go's archive/tar writes one. */
const paxPath = (path: string): Buffer[] => {
  const record = (len: number): string => `${len} path=${path}\n`;
  let len = record(0).length;
  while (record(len).length !== len) len = record(len).length;
  const body = Buffer.from(record(len));
  const header = Buffer.from(
    ustarHeader('PaxHeaders/x', { size: body.length, mode: 0o644, uid: 0, gid: 0, type: '0' }),
  );
  header.write('x', 156, 1, 'ascii');
  // The checksum again, for the changed type.
  header.write('        ', 148, 8, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return [header, body, ustarPadding(body.length)];
};

/** The archive in small uneven pieces: a header or a body may be cut anywhere. */
function chunks(buffers: Buffer[], size = 77): AsyncIterable<Buffer> {
  const all = Buffer.concat([...buffers, USTAR_END]);
  const pieces: Buffer[] = [];
  for (let at = 0; at < all.length; at += size) pieces.push(all.subarray(at, at + size));
  return Readable.from(pieces);
}

describe('untar: what docker cp brings out of a container', () => {
  it('writes files, folders and links where it is told, with their mode and time, from a stream cut anywhere', async () => {
    const dest = scratch();
    const long = `d/${'deep/'.repeat(40)}end.txt`;
    const done = await untar(
      chunks([
        ...folder('d/'),
        ...file('d/a.txt', 'one\n', 0o600),
        ...folder('d/sub/'),
        ...file('d/sub/b.txt', 'two\n'),
        ...link('d/l', 'a.txt'),
        ...paxPath(long),
        ...file('placeholder', 'long\n'),
      ]),
      dest,
      (name) => join(dest, 'copy', name.split('/').slice(1).join('/')),
    );
    expect(done).toEqual({ files: 4, folders: 2, skipped: 0 });
    expect(readFileSync(join(dest, 'copy/a.txt'), 'utf8')).toBe('one\n');
    expect(statSync(join(dest, 'copy/a.txt')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dest, 'copy/a.txt')).mtimeMs).toBe(1_700_000_000_000);
    expect(readFileSync(join(dest, 'copy/sub/b.txt'), 'utf8')).toBe('two\n');
    expect(readlinkSync(join(dest, 'copy/l'))).toBe('a.txt');
    // The pax header's path, not the header's own name.
    expect(readFileSync(join(dest, 'copy', long.split('/').slice(1).join('/')), 'utf8')).toBe('long\n');
  });

  it('refuses an entry that would land outside the destination, by a name or through a link', async () => {
    const dest = scratch();
    await expect(untar(chunks(file('d/../../escape.txt', 'x')), dest, (name) => join(dest, name))).resolves.toEqual({
      files: 0,
      folders: 0,
      skipped: 1,
    });
    expect(existsSync(join(dest, '..', 'escape.txt'))).toBe(false);
    await expect(untar(chunks(file('d/x', 'x')), dest, () => '/etc/stackpilot-escape')).rejects.toThrow(/outside/);
    const outside = scratch();
    await expect(
      untar(chunks([...link('d/out', outside), ...file('d/out/planted.txt', 'x')]), dest, (name) => join(dest, name)),
    ).rejects.toThrow(/through the link/);
    expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
  });

  it('says so when the archive ends in the middle of a file', async () => {
    const dest = scratch();
    const cut = Buffer.concat(file('d/a.txt', 'x'.repeat(2000))).subarray(0, 1000);
    await expect(untar(Readable.from([cut]), dest, (name) => join(dest, name))).rejects.toThrow(/ended in the middle/);
  });
});
