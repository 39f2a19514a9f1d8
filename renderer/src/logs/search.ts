export interface LogQuery {
  text: string;
  regex: boolean;
}

export type CompiledQuery =
  | { ok: true; test: (text: string) => boolean; ranges: (text: string) => [number, number][] }
  | { ok: false; error: string };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A search, case-insensitive, as plain text or a regular expression (whose syntax error is said, not thrown). */
export function compileQuery(query: LogQuery): CompiledQuery | null {
  if (query.text === '') return null;
  let re: RegExp;
  try {
    re = new RegExp(query.regex ? query.text : escapeRegExp(query.text), 'gi');
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  return {
    ok: true,
    test: (text) => {
      re.lastIndex = 0;
      return re.test(text);
    },
    ranges: (text) => {
      const out: [number, number][] = [];
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) {
          // An empty match (`^`, `a*`) highlights nothing; step on so the loop ends.
          re.lastIndex++;
          continue;
        }
        out.push([m.index, m.index + m[0].length]);
        if (out.length >= 100) break;
      }
      return out;
    },
  };
}
