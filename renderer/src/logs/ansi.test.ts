import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from './ansi';

describe('ANSI colours in log lines', () => {
  it('leaves plain text alone', () => {
    expect(parseAnsi('plain')).toEqual([{ text: 'plain' }]);
  });

  it('turns SGR sequences into styled runs, and reset ends them', () => {
    expect(parseAnsi('\u001b[1;31mERROR\u001b[0m done')).toEqual([
      { text: 'ERROR', bold: true, fg: '#f87171' },
      { text: ' done' },
    ]);
  });

  it('reads 256-colour and true-colour, foreground and background', () => {
    expect(parseAnsi('\u001b[38;5;196;48;2;1;2;3mx')).toEqual([{ text: 'x', fg: 'rgb(255,0,0)', bg: 'rgb(1,2,3)' }]);
    expect(parseAnsi('\u001b[38;5;244my')).toEqual([{ text: 'y', fg: 'rgb(128,128,128)' }]);
  });

  it('drops cursor moves and titles, and ends only the attribute turned off', () => {
    expect(parseAnsi('\u001b[2K\u001b]0;title\u0007\u001b[4;32mok\u001b[24m!')).toEqual([
      { text: 'ok', underline: true, fg: '#4ade80' },
      { text: '!', fg: '#4ade80' },
    ]);
    expect(stripAnsi('\u001b[2K\u001b[32mok\u001b[0m')).toBe('ok');
  });
});
