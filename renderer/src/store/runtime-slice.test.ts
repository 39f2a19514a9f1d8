import { describe, expect, it } from 'vitest';
import type { LogLineView } from '../../../preload/contract';
import { mergeLogs } from './runtime-slice';

const line = (seq: number): LogLineView => ({ seq, service: 'api', stream: 'stdout', timestamp: '', text: `line ${seq}` });

describe('mergeLogs', () => {
  it('appends new lines in order and drops ones already shown', () => {
    const merged = mergeLogs([line(1), line(2)], [line(2), line(3), line(4)]);
    expect(merged.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
  });

  it('keeps only the newest lines past the bound', () => {
    const merged = mergeLogs([line(1), line(2), line(3)], [line(4), line(5)], 3);
    expect(merged.map((l) => l.seq)).toEqual([3, 4, 5]);
  });

  it('returns the same array when nothing is new (no re-render)', () => {
    const current = [line(1)];
    expect(mergeLogs(current, [line(1)])).toBe(current);
  });
});
