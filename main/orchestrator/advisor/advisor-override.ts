import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Document, isMap, parseDocument } from 'yaml';
import type { Stack } from '../compose/model';
import type { Finding } from './healthcheck-advisor';

/** One line of a diff: kept, removed or added. */
export interface DiffLine {
  kind: ' ' | '-' | '+';
  text: string;
}

/** What the advisor would write: the file, its text now (none: a new file) and after, and the diff. */
export interface OverridePlan {
  file: string;
  before?: string;
  after: string;
  diff: DiffLine[];
  /** The findings the override fixes. */
  fixes: Finding[];
}

type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(into: Tree, from: Tree): Tree {
  const out: Tree = { ...into };
  for (const [k, v] of Object.entries(from)) out[k] = isTree(v) && isTree(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}

/** The fixes as one fragment: `{ services: { db: { healthcheck: … } } }`. */
export function overrideFragment(findings: readonly Finding[]): Tree {
  let services: Tree = {};
  for (const f of findings) if (f.fix) services = deepMerge(services, { [f.service]: f.fix });
  return { services };
}

/**
 * The override file docker compose reads beside the main file by itself: compose.override.yaml for
 * compose.yaml (docker-compose.override.yml for docker-compose.yml), in the project folder. When the
 * stack was opened with it already, that file.
 */
export function overrideFileOf(stack: Stack): string {
  const loaded = stack.files.find((f) => /(^|[-.])override\.ya?ml$/.test(basename(f)));
  if (loaded) return loaded;
  const main = stack.files[0] ?? join(stack.projectDir, 'compose.yaml');
  const name = basename(main).startsWith('docker-compose.')
    ? `docker-compose.override${main.endsWith('.yml') ? '.yml' : '.yaml'}`
    : 'compose.override.yaml';
  return join(dirname(main), name);
}

/** Sets each leaf of `tree` in the document, creating maps on the way; comments and order elsewhere stay. */
function setIn(doc: Document, path: string[], tree: Tree): void {
  for (const [k, v] of Object.entries(tree)) {
    const at = [...path, k];
    if (isTree(v) && (doc.getIn(at) === undefined || isMap(doc.getIn(at)))) setIn(doc, at, v);
    else doc.setIn(at, v);
  }
}

/** A line diff (longest common subsequence): small files, so the quadratic table is fine. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: ' ', text: a[i++] ?? '' });
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!))
      out.push({ kind: '+', text: b[j++] ?? '' });
    else out.push({ kind: '-', text: a[i++] ?? '' });
  }
  return out;
}

const HEADER =
  " Written by Stackpilot's healthcheck advisor: each service ready soon after it is, under docker compose too.";

/** The override with the findings' fixes merged into what the file already says (none: undefined). */
export function planOverride(stack: Stack, findings: readonly Finding[]): OverridePlan | undefined {
  const fixes = findings.filter((f) => f.fix);
  if (fixes.length === 0) return undefined;
  const file = overrideFileOf(stack);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const fragment = overrideFragment(fixes);
  let doc: Document;
  const parsed = before !== undefined && before.trim() !== '' ? parseDocument(before) : undefined;
  if (parsed && parsed.errors.length > 0)
    throw new Error(`${file} is not valid YAML (${parsed.errors[0]?.message ?? ''}): fix it, then ask again`);
  if (parsed && isMap(parsed.contents)) {
    doc = parsed;
    setIn(doc, [], fragment);
  } else {
    doc = new Document(fragment);
    doc.commentBefore = HEADER;
  }
  const after = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return { file, ...(before !== undefined ? { before } : {}), after, diff: lineDiff(before ?? '', after), fixes };
}
