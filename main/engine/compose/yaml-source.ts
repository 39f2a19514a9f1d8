import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Diagnostic, ModelPath, SourceLocation } from './diagnostics';

/**
 * A parsed YAML file that still knows where each value was written, so that errors found long after
 * parsing (after interpolation, merging, normalising) can point at file, line and column.
 */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Location of the value at `path`, or of the closest enclosing node that exists. */
  locate(path: ModelPath, opts?: { key?: boolean }): SourceLocation;
  /** Whether `path` exists as written in this file (merge keys and aliases followed). */
  has(path: ModelPath): boolean;
}

export interface YamlParseResult {
  source?: YamlSource;
  errors: Diagnostic[];
}

const MAX_ALIAS_EXPANSION = 10_000;

export function parseYamlSource(file: string, text: string): YamlParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  const errors: Diagnostic[] = [];
  for (const err of doc.errors) {
    const start = lineCounter.linePos(errorOffset(text, err.code, err.message, err.pos[0]));
    const duplicate = err.code === 'DUPLICATE_KEY';
    errors.push({
      severity: 'error',
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      message: duplicate ? 'duplicate key: a mapping has the same key twice' : `invalid YAML: ${firstLine(err.message)}`,
      hint: duplicate ? 'remove or rename one of the two keys' : 'check indentation, quotes and colons around this position',
      location: { file, line: start.line, column: start.col },
    });
  }
  if (errors.length > 0) return { errors };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (err) {
    // yaml throws on alias bombs and unresolved aliases; both are the user's file, not our bug.
    return {
      errors: [{ severity: 'error', code: 'yaml-syntax', message: `invalid YAML: ${(err as Error).message}`, location: { file, line: 1, column: 1 } }],
    };
  }
  const position = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  return {
    errors,
    source: {
      file,
      value,
      locate(path, opts) {
        const found = walk(doc, path);
        const node = opts?.key && found.pair?.key && found.complete ? (found.pair.key as Node) : found.node;
        return position(node?.range?.[0] ?? 0);
      },
      has(path) {
        return walk(doc, path).complete;
      },
    },
  };
}

/** The parser reports an unclosed quote at the end of the input; point at the quote that opened it. */
function errorOffset(text: string, code: string, message: string, offset: number): number {
  if (code !== 'MISSING_CHAR') return offset;
  const quote = /closing (["'])quote/.exec(message)?.[1];
  if (!quote) return offset;
  const opened = text.lastIndexOf(quote, offset - 1);
  return opened >= 0 ? opened : offset;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

interface WalkResult {
  node: Node | null;
  pair?: Pair;
  complete: boolean;
}

function walk(doc: Document, path: ModelPath): WalkResult {
  let node = doc.contents;
  let pair: Pair | undefined;
  for (const seg of path) {
    const current = deref(doc, node);
    let next: { node: Node | null; pair?: Pair } | undefined;
    if (isMap(current)) {
      const p = findPair(doc, current.items, String(seg), 0);
      if (p) next = { node: (p.value as Node | null) ?? (p.key as Node), pair: p };
    } else if (isSeq(current)) {
      const items = current.items as Node[];
      if (typeof seg === 'number') {
        const item = items[seg];
        if (item) next = { node: item };
      } else {
        // A list addressed by name (depends_on, profiles, environment as KEY=VALUE): find the item.
        const item = items.find((it) => {
          const v = deref(doc, it);
          if (!isScalar(v)) return false;
          const text = String(v.value);
          return text === seg || text.startsWith(`${seg}=`);
        });
        if (item) next = { node: item };
      }
    }
    if (!next) return { node: current ?? node, pair, complete: false };
    node = next.node;
    pair = next.pair;
  }
  return { node, pair, complete: true };
}

function deref(doc: Document, node: Node | null): Node | null {
  let current = node;
  for (let i = 0; i < 64 && current && isAlias(current); i++) current = (current.resolve(doc) as Node | undefined) ?? null;
  return current;
}

function findPair(doc: Document, items: Pair[], key: string, depth: number): Pair | undefined {
  if (depth > 32) return undefined;
  for (const p of items) {
    if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) return p;
  }
  // Merge keys (`<<: *base` or `<<: [*a, *b]`): a key not written here may come from the anchor.
  for (const p of items) {
    if (!isPair(p) || !isScalar(p.key) || p.key.value !== '<<') continue;
    const sources = isSeq(p.value) ? (p.value.items as Node[]) : [p.value as Node];
    for (const src of sources) {
      const target = deref(doc, src);
      if (isMap(target)) {
        const found = findPair(doc, target.items, key, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}
