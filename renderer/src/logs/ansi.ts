/** One run of text with the SGR style in force where it starts. */
export interface AnsiSegment {
  text: string;
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

// xterm's default 16 colours, readable on the dark log background.
const BASIC = ['#3f3f46', '#f87171', '#4ade80', '#facc15', '#60a5fa', '#e879f9', '#22d3ee', '#e4e4e7'];
const BRIGHT = ['#71717a', '#fca5a5', '#86efac', '#fde047', '#93c5fd', '#f0abfc', '#67e8f9', '#ffffff'];

function color256(n: number): string | undefined {
  if (n < 0 || n > 255) return undefined;
  if (n < 8) return BASIC[n];
  if (n < 16) return BRIGHT[n - 8];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const i = n - 16;
  const level = (c: number): number => (c === 0 ? 0 : 55 + c * 40);
  return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
}

type Style = Omit<AnsiSegment, 'text'>;

/** Applies one SGR parameter list (`1;31`, `38;5;208`, `0`) to a style. */
function applySgr(style: Style, params: number[]): Style {
  const s: Style = { ...style };
  for (let i = 0; i < params.length; i++) {
    const p = params[i] ?? 0;
    if (p === 0) {
      for (const k of Object.keys(s) as (keyof Style)[]) delete s[k];
    } else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 22) {
      delete s.bold;
      delete s.dim;
    } else if (p === 23) delete s.italic;
    else if (p === 24) delete s.underline;
    else if (p >= 30 && p <= 37) s.fg = BASIC[p - 30];
    else if (p >= 90 && p <= 97) s.fg = BRIGHT[p - 90];
    else if (p === 39) delete s.fg;
    else if (p >= 40 && p <= 47) s.bg = BASIC[p - 40];
    else if (p >= 100 && p <= 107) s.bg = BRIGHT[p - 100];
    else if (p === 49) delete s.bg;
    else if (p === 38 || p === 48) {
      const key = p === 38 ? 'fg' : 'bg';
      let value: string | undefined;
      if (params[i + 1] === 5) {
        value = color256(params[i + 2] ?? -1);
        i += 2;
      } else if (params[i + 1] === 2) {
        const [r, g, b] = [params[i + 2] ?? 0, params[i + 3] ?? 0, params[i + 4] ?? 0];
        value = `rgb(${r},${g},${b})`;
        i += 4;
      }
      if (value) s[key] = value;
    }
  }
  return s;
}

// CSI sequences (colours and the cursor moves some tools print), and OSC titles/links.
// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPES = /\u001b\[([0-9;?]*)([A-Za-z])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/**
 * Splits a log line into styled runs. Colour (SGR) sequences become styles; every other escape
 * sequence is dropped, so what is left is exactly the text a person sees.
 */
export function parseAnsi(line: string): AnsiSegment[] {
  if (!line.includes('\u001b')) return [{ text: line }];
  const out: AnsiSegment[] = [];
  let style: Style = {};
  let last = 0;
  for (const m of line.matchAll(ESCAPES)) {
    if (m.index > last) out.push({ ...style, text: line.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[2] === 'm')
      style = applySgr(
        style,
        (m[1] ?? '').split(';').map((x) => (x === '' ? 0 : Number(x))),
      );
  }
  if (last < line.length) out.push({ ...style, text: line.slice(last) });
  return out;
}

/** The text a person sees: escape sequences removed (for search, copy and export). */
export function stripAnsi(line: string): string {
  return line.includes('\u001b') ? line.replace(ESCAPES, '') : line;
}
