import { memo } from 'react';
import type { CSSProperties } from 'react';
import type { LogLineView } from '../../../preload/contract';
import { parseAnsi } from './ansi';
import { sourceOf } from './source';
import type { AnsiSegment } from './ansi';

const PALETTE = [
  'text-sky-400',
  'text-amber-400',
  'text-emerald-400',
  'text-fuchsia-400',
  'text-indigo-300',
  'text-teal-300',
  'text-orange-300',
  'text-pink-300',
];

/**
 * A colour per service, by its place in the stack's (sorted) service list: stable across runs, and
 * distinct for the first eight services, which a hash of the name would not guarantee.
 */
export function serviceColors(services: readonly string[]): Map<string, string> {
  return new Map([...services].sort().map((name, i) => [name, PALETTE[i % PALETTE.length] ?? 'text-sky-400']));
}

function styleOf(s: AnsiSegment): CSSProperties | undefined {
  if (!s.fg && !s.bg && !s.bold && !s.dim && !s.italic && !s.underline) return undefined;
  return {
    ...(s.fg ? { color: s.fg } : {}),
    ...(s.bg ? { backgroundColor: s.bg } : {}),
    ...(s.bold ? { fontWeight: 600 } : {}),
    ...(s.dim ? { opacity: 0.7 } : {}),
    ...(s.italic ? { fontStyle: 'italic' } : {}),
    ...(s.underline ? { textDecoration: 'underline' } : {}),
  };
}

/** Cuts styled runs at the highlighted ranges (offsets in the visible text). */
function withHighlights(segments: AnsiSegment[], ranges: [number, number][], current: boolean) {
  const out: React.ReactNode[] = [];
  let offset = 0;
  segments.forEach((seg, si) => {
    const start = offset;
    const end = offset + seg.text.length;
    offset = end;
    let at = start;
    for (const [a, b] of ranges) {
      if (b <= at || a >= end) continue;
      const from = Math.max(a, at);
      const to = Math.min(b, end);
      if (from > at)
        out.push(
          <span key={`${si}-${at}`} style={styleOf(seg)}>
            {seg.text.slice(at - start, from - start)}
          </span>,
        );
      out.push(
        <mark
          key={`${si}-m${from}`}
          className={`rounded-sm px-px text-zinc-900 ${current ? 'bg-orange-400' : 'bg-yellow-300'}`}
        >
          {seg.text.slice(from - start, to - start)}
        </mark>,
      );
      at = to;
    }
    if (at < end)
      out.push(
        <span key={`${si}-${at}`} style={styleOf(seg)}>
          {seg.text.slice(at - start)}
        </span>,
      );
  });
  return out;
}

function timeOf(timestamp: string): string {
  // Engine timestamps are RFC 3339 with nanoseconds; the wall-clock time to the millisecond is enough here.
  const m = /T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(timestamp);
  return m ? `${m[1]}${(m[2] ?? '.000').padEnd(4, '0')}` : '';
}

export interface LogLineProps {
  line: LogLineView;
  /** The service's colour class (serviceColors). */
  color: string;
  prefixWidth: number;
  showTime: boolean;
  /** The search in force (stable between renders), whose matches are highlighted. */
  search: { ranges: (text: string) => [number, number][] } | null;
  current: boolean;
}

/** One log line: time (optional), the service in its colour, then the text with its ANSI colours. */
// Memoised: a new batch re-renders the panel, but a row already on screen only re-renders when its
// own inputs change (ANSI parsing and match finding happen once per row shown, not per batch).
export const LogLine = memo(function LogLine({ line, color, prefixWidth, showTime, search, current }: LogLineProps) {
  const segments = parseAnsi(line.text);
  const ranges = search ? search.ranges(segments.map((seg) => seg.text).join('')) : [];
  return (
    <>
      {showTime && <span className="text-zinc-500">{timeOf(line.timestamp)} </span>}
      <span className={color}>{sourceOf(line).padEnd(prefixWidth)} │ </span>
      <span className={line.stream === 'stderr' ? 'text-red-300' : undefined}>
        {withHighlights(segments, ranges, current)}
      </span>
    </>
  );
});
