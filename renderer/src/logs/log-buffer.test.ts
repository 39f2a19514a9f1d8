import { describe, expect, it } from 'vitest';
import type { LogLineView } from '../../../preload/contract';
import { FilteredLines, LogBuffer } from './log-buffer';

const line = (seq: number, service = 'api'): LogLineView => ({
  seq,
  service,
  stream: 'stdout',
  timestamp: '',
  text: `line ${seq}`,
});
const seqs = (lines: readonly LogLineView[]): number[] => lines.map((l) => l.seq);

describe('the log buffer', () => {
  it('appends new lines in order and ignores ones it has', () => {
    const b = new LogBuffer(10);
    expect(b.append([line(1), line(2)])).toBe(true);
    expect(b.append([line(2), line(3)])).toBe(true);
    expect(b.append([line(3)])).toBe(false);
    expect(seqs(b.lines)).toEqual([1, 2, 3]);
  });

  it('keeps only the newest lines past its bound', () => {
    const b = new LogBuffer(3);
    b.append([1, 2, 3, 4, 5].map((n) => line(n)));
    expect(seqs(b.lines)).toEqual([3, 4, 5]);
    b.reset([line(9)]);
    expect(seqs(b.lines)).toEqual([9]);
  });
});

describe('filtered lines', () => {
  it('follows the buffer incrementally, forgets dropped lines, and starts over for a new filter', () => {
    const b = new LogBuffer(4);
    const f = new FilteredLines();
    let tested = 0;
    const web = (l: LogLineView): boolean => (tested++, l.service === 'web');
    b.append([line(1, 'web'), line(2), line(3, 'web')]);
    expect(seqs(f.sync(b, 'web', web))).toEqual([1, 3]);
    b.append([line(4), line(5, 'web'), line(6, 'web')]);
    tested = 0;
    expect(seqs(f.sync(b, 'web', web))).toEqual([3, 5, 6]);
    expect(tested).toBe(3);
    expect(seqs(f.sync(b, 'api', (l) => l.service === 'api'))).toEqual([4]);
  });
});
