import { describe, expect, it } from 'vitest';
import { DetachFilter, detachKeyBytes } from './detach-keys';

async function typed(keys: string, chunks: string[]): Promise<{ passed: string; detached: boolean }> {
  let detached = false;
  const filter = new DetachFilter(detachKeyBytes(keys), () => (detached = true));
  let passed = '';
  filter.on('data', (c: Buffer) => (passed += c.toString('latin1')));
  for (const c of chunks) filter.write(Buffer.from(c, 'latin1'));
  filter.end();
  await new Promise((resolve) => filter.on('finish', resolve));
  return { passed, detached };
}

describe('detach keys', () => {
  it('reads docker’s notation', () => {
    expect([...detachKeyBytes('ctrl-p,ctrl-q')]).toEqual([16, 17]);
    expect([...detachKeyBytes('ctrl-x')]).toEqual([24]);
    expect([...detachKeyBytes('a,b,ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_')]).toEqual([
      97, 98, 0, 27, 28, 29, 30, 31,
    ]);
    expect(() => detachKeyBytes('ctrl-pq')).toThrow('"ctrl-pq" is not a key');
    expect(() => detachKeyBytes('')).toThrow('is not a key');
  });

  it('passes what is typed and stops at the sequence, even split across reads', async () => {
    expect(await typed('ctrl-p,ctrl-q', ['ls\r', '\x10', '\x11', 'after'])).toEqual({ passed: 'ls\r', detached: true });
    expect(await typed('ctrl-p,ctrl-q', ['ab\x10\x11cd'])).toEqual({ passed: 'ab', detached: true });
  });

  it('lets a false start through, and a repeated first key still begins the sequence', async () => {
    expect(await typed('ctrl-p,ctrl-q', ['\x10x', 'y'])).toEqual({ passed: '\x10xy', detached: false });
    expect(await typed('ctrl-p,ctrl-q', ['\x10\x10\x11'])).toEqual({ passed: '\x10', detached: true });
  });
});
