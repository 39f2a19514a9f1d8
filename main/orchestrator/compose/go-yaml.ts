import { Document, Scalar, visit } from 'yaml';

/**
 * How Go's yaml.v3 (what docker compose prints its YAML with) orders a map's keys: letters by code
 * point, a run of digits by its number, and, where a letter meets anything else, the other first
 * (unless digits came just before).
 */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  const isDigit = (c: string): boolean => c >= '0' && c <= '9';
  const isLetter = (c: string): boolean => /\p{L}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] ?? '';
    const bc = br[i] ?? '';
    if (ac === bc) {
      digits = isDigit(ac);
      continue;
    }
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return digits ? al : bl;
    let an = 0;
    let bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] ?? ''); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai] ?? ''); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi] ?? ''); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}

export function goYamlKeyCompare(a: string, b: string): number {
  return goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0;
}

// What yaml.v3 will not write plain because a YAML reader would take it for something else: YAML 1.1's
// booleans, null, numbers (with _ and base 60, as 1.1 reads them), and 1.2's.
const OLD_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL = /^(~|null|Null|NULL|)$/;
const NUMBER =
  /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$|^0x[0-9a-fA-F_]+$|^0o?[0-7_]+$|^0b[01_]+$/;
const BASE_60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function needsDoubleQuotes(s: string): boolean {
  return OLD_BOOL.test(s) || NULL.test(s) || NUMBER.test(s) || BASE_60.test(s) || [...s].some(isControl);
}

/** A control character (not tab or newline): yaml.v3 can only write it escaped, in double quotes. */
function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return (code < 0x20 && c !== '\t' && c !== '\n') || code === 0x7f;
}

/**
 * Whether libyaml (under yaml.v3) writes the text plain in block context: not with an indicator
 * first, a ": " or " #" inside, a ":" at the end, or space at either end; else it single-quotes it
 * (quotes inside doubled), as it does even for text with quotes in it.
 */
function plainInBlock(s: string): boolean {
  if (/^\s|\s$/.test(s) || s.startsWith('---') || s.startsWith('...')) return false;
  if ('#,[]{}&*!|>\'"%@`'.includes(s[0] ?? '')) return false;
  if ('-?:'.includes(s[0] ?? '') && (s.length === 1 || s[1] === ' ')) return false;
  return !/: |:$| #/.test(s);
}

/**
 * The text docker compose prints for `config` in YAML: two-space indent, lists indented under their
 * key, no line folding, strings quoted as yaml.v3 quotes them (double quotes for what would read as
 * another type, single quotes where a plain string cannot be written, literal blocks for several lines).
 */
export function goYamlText(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      if (node.value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
      else if (needsDoubleQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
      else node.type = plainInBlock(node.value) ? Scalar.PLAIN : Scalar.QUOTE_SINGLE;
    },
    // Block style for every map and list, as yaml.v3 writes them (empty ones as {} and []).
    Map(_, node) {
      node.flow = node.items.length === 0;
    },
    Seq(_, node) {
      node.flow = node.items.length === 0;
    },
  });
  return doc.toString({
    indent: 2,
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 0,
    singleQuote: true,
    blockQuote: 'literal',
  });
}
