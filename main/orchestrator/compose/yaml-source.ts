import * as jsyaml from 'js-yaml';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Diagnostic, ModelPath, SourceLocation } from './diagnostics';
import { MergeTag } from './merge-tags';

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
  /** The file's first document. */
  source?: YamlSource;
  /** Every document of the file, in order: compose merges them as it merges override files. */
  sources?: YamlSource[];
  errors: Diagnostic[];
}

/**
 * What a file may expand to through aliases, beyond what it writes out itself: far above any real
 * stack, far below a "billion laughs" (counted in values and in the bytes of its text values).
 */
const MAX_EXPANSION_NODES = 2_000_000;
const MAX_EXPANSION_BYTES = 64 * 1024 * 1024;
/** How deep values may nest: real files nest a dozen levels; the readers walk the tree. */
const MAX_DEPTH = 500;

// Values come from js-yaml (fast: ~10x the `yaml` package on large files), with YAML 1.2 core types
// (no timestamps: `2024-01-01` stays text, as compose reads it) and merge keys. Positions come from the
// `yaml` package, parsed lazily: only when a diagnostic needs a line and column.
// The merge tags `!reset` and `!override` are kept as MergeTag values, for merge-tags.ts to apply.
const mergeTagTypes = (['reset', 'override'] as const).flatMap((tag) =>
  (['scalar', 'sequence', 'mapping'] as const).map(
    (kind) => new jsyaml.Type(`!${tag}`, { kind, construct: (data: unknown) => new MergeTag(tag, data) }),
  ),
);
const SCHEMA = jsyaml.CORE_SCHEMA.extend({
  implicit: [(jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge],
  explicit: mergeTagTypes,
});

export function parseYamlSource(file: string, text: string): YamlParseResult {
  let documents: unknown[];
  try {
    documents = jsyaml.loadAll(text, null, { schema: SCHEMA, filename: file });
  } catch (err) {
    // Both parsers recurse: nesting deep enough overflows either one's stack.
    if (err instanceof RangeError || /Maximum call stack/.test((err as Error).message))
      return { errors: [tooDeep(file)] };
    try {
      const errors = syntaxErrors(file, text, err);
      return { errors: errors.some((e) => /Maximum call stack/.test(e.message)) ? [tooDeep(file)] : errors };
    } catch {
      return { errors: [tooDeep(file)] };
    }
  }
  // An empty file is one empty document (said so by the loader); empty documents among others are skipped.
  const indexed = documents
    .map((value, index) => ({ value, index }))
    .filter((d, _, all) => all.length === 1 || (d.value !== null && d.value !== undefined));
  if (indexed.length === 0) indexed.push({ value: undefined, index: 0 });
  // A file without aliases is as big as it is written (linear, however large); aliases may only add so much.
  const size = measure(documents, {
    nodes: MAX_EXPANSION_NODES + text.length,
    bytes: MAX_EXPANSION_BYTES + text.length,
    depth: MAX_DEPTH,
  });
  if (size.depth > MAX_DEPTH) return { errors: [tooDeep(file)] };
  if (size.nodes > MAX_EXPANSION_NODES + text.length || size.bytes > MAX_EXPANSION_BYTES + text.length) {
    return {
      errors: [
        {
          severity: 'error',
          code: 'yaml-syntax',
          message: `invalid YAML: its aliases expand to more than ${size.nodes > MAX_EXPANSION_NODES + text.length ? '2 million values' : '64 MiB of text'}`,
          hint: 'this looks like an alias bomb; write the values out instead',
          location: { file, line: 1, column: 1 },
        },
      ],
    };
  }
  let positions: { docs: Document[]; lineCounter: LineCounter } | undefined;
  const index = (n: number): { doc: Document | undefined; lineCounter: LineCounter } => {
    if (!positions) {
      const lineCounter = new LineCounter();
      const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: false });
      positions = { docs: Array.isArray(docs) ? docs : [], lineCounter };
    }
    return { doc: positions.docs[n], lineCounter: positions.lineCounter };
  };
  const sources = indexed.map(({ value, index: n }): YamlSource => ({
    file,
    value,
    locate(path, opts) {
      const { doc, lineCounter } = index(n);
      if (!doc) return { file, line: 1, column: 1 };
      const found = walk(doc, path);
      const node = opts?.key && found.pair?.key && found.complete ? (found.pair.key as Node) : found.node;
      const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
      return { file, line: pos.line, column: pos.col };
    },
    has(path) {
      const { doc } = index(n);
      return doc ? walk(doc, path).complete : false;
    },
  }));
  return { errors: [], sources, ...(sources[0] ? { source: sources[0] } : {}) };
}

/** A file js-yaml refused: the `yaml` package words the problem better and places it; else js-yaml's own mark. */
function syntaxErrors(file: string, text: string, err: unknown): Diagnostic[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  const twice = duplicateKeys(text);
  const errors: Diagnostic[] = doc.errors.map((e) => {
    const start = lineCounter.linePos(errorOffset(text, e.code, e.message, e.pos[0]));
    const duplicate = e.code === 'DUPLICATE_KEY';
    const which = duplicate ? twice.find((d) => d.line === start.line) : undefined;
    return {
      severity: 'error',
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      message: duplicate
        ? `duplicate key${which ? ` "${which.key}": first at line ${which.firstLine}, again at line ${which.line}` : ': a mapping has the same key twice'}`
        : `invalid YAML: ${firstLine(e.message)}`,
      hint: duplicate
        ? 'remove or rename one of the two keys'
        : 'check indentation, quotes and colons around this position',
      location: { file, line: start.line, column: start.col },
    };
  });
  if (errors.length > 0) return errors;
  const mark = (err as jsyaml.YAMLException).mark as jsyaml.Mark | undefined;
  const reason = (err as jsyaml.YAMLException).reason ?? (err as Error).message;
  return [
    {
      severity: 'error',
      code: /duplicated mapping key/.test(reason) ? 'duplicate-key' : 'yaml-syntax',
      message: `invalid YAML: ${reason}`,
      hint: 'check indentation, quotes and colons around this position',
      location: { file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 },
    },
  ];
}

/** Every key written twice in one mapping: its name, and the lines of both. */
function duplicateKeys(text: string): { key: string; firstLine: number; line: number }[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const out: { key: string; firstLine: number; line: number }[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const line = lineCounter.linePos((pair.key as Node | null)?.range?.[0] ?? 0).line;
        if (key !== undefined) {
          const first = seen.get(key);
          if (first !== undefined) out.push({ key, firstLine: first, line });
          else seen.set(key, line);
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(doc.contents);
  return out;
}

function tooDeep(file: string): Diagnostic {
  return {
    severity: 'error',
    code: 'yaml-syntax',
    message: `invalid YAML: values nest more than ${MAX_DEPTH} levels deep`,
    hint: 'a compose file nests a dozen levels; look for a runaway [ or { (or a generated file gone wrong)',
    location: { file, line: 1, column: 1 },
  };
}

/** Values, text bytes and depth of the parsed (alias-expanded) tree, counted until a limit is passed. */
function measure(
  value: unknown,
  limit: { nodes: number; bytes: number; depth: number },
): { nodes: number; bytes: number; depth: number } {
  const size = { nodes: 0, bytes: 0, depth: 0 };
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length > 0 && size.nodes <= limit.nodes && size.bytes <= limit.bytes && size.depth <= limit.depth) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    size.nodes++;
    if (d > size.depth) size.depth = d;
    if (typeof v === 'string') size.bytes += v.length;
    // A loop, not push(...items): a list of a million items would overflow the call stack.
    else if (Array.isArray(v)) for (const item of v as unknown[]) stack.push({ v: item, d: d + 1 });
    else if (v instanceof MergeTag) stack.push({ v: v.value, d });
    else if (v && typeof v === 'object')
      for (const [k, item] of Object.entries(v)) {
        size.bytes += k.length;
        stack.push({ v: item, d: d + 1 });
      }
  }
  return size;
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
  for (let i = 0; i < 64 && current && isAlias(current); i++)
    current = (current.resolve(doc) as Node | undefined) ?? null;
  return current;
}

/** Each mapping's pairs by key, made once: locating 20,000 keys in one mapping stays linear. */
const pairIndex = new WeakMap<Pair[], Map<string, Pair>>();

function findPair(doc: Document, items: Pair[], key: string, depth: number): Pair | undefined {
  if (depth > 32) return undefined;
  let index = pairIndex.get(items);
  if (!index) {
    index = new Map();
    for (const p of items)
      if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(items, index);
  }
  const own = index.get(key);
  if (own) return own;
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
