import { describe, expect, it } from 'vitest';
import { compileQuery } from './search';
import { exportFileName, linesAsText } from './export';

describe('log search', () => {
  it('matches plain text literally and case-insensitively, with every range', () => {
    const q = compileQuery({ text: 'a.b', regex: false });
    if (!q?.ok) throw new Error('expected a query');
    expect(q.test('xA.By')).toBe(true);
    expect(q.test('axb')).toBe(false);
    expect(q.ranges('a.b and A.B')).toEqual([
      [0, 3],
      [8, 11],
    ]);
  });

  it('takes regular expressions, says why a bad one is bad, and survives empty matches', () => {
    const q = compileQuery({ text: 'err(or)?|^', regex: true });
    if (!q?.ok) throw new Error('expected a query');
    expect(q.ranges('error err')).toEqual([
      [0, 5],
      [6, 9],
    ]);
    expect(compileQuery({ text: '(', regex: true })).toMatchObject({
      ok: false,
      error: expect.stringContaining('Unterminated') as unknown,
    });
    expect(compileQuery({ text: '', regex: true })).toBeNull();
  });
});

describe('log export', () => {
  it('writes plain text with aligned services, colours removed, time when asked', () => {
    const lines = [
      {
        seq: 1,
        service: 'db',
        stream: 'stdout' as const,
        timestamp: '2026-11-23T10:00:00.123Z',
        text: '\u001b[32mready\u001b[0m',
      },
      { seq: 2, service: 'api', stream: 'stderr' as const, timestamp: '2026-11-23T10:00:01.000Z', text: 'boom' },
    ];
    expect(linesAsText(lines, false)).toBe('db  | ready\napi | boom');
    expect(linesAsText(lines, true)).toBe('2026-11-23T10:00:00.123Z db  | ready\n2026-11-23T10:00:01.000Z api | boom');
    expect(exportFileName('shop', new Date('2026-11-23T10:15:02.5Z'))).toBe('shop-logs-2026-11-23T10-15-02.log');
  });
});
