/**
 * The merge tags of override files, `!reset` and `!override` (as compose reads them): a value tagged
 * `!reset` removes what earlier files said at that place, and says nothing itself; one tagged
 * `!override` replaces what earlier files said instead of merging with it. Applied to the raw,
 * interpolated trees of the files in merge order, before any of them is read.
 */
export class MergeTag {
  constructor(
    readonly tag: 'reset' | 'override',
    readonly value: unknown,
  ) {}
}

type Path = (string | number)[];

/**
 * What a `!reset` service key leaves in its own file: the service may extend another (`extends`),
 * whose value for that key must go too, and that is only known once extends is resolved.
 */
export const RESET_KEY: unique symbol = Symbol('reset');

/** Finds every tagged value (iteratively: a file's depth is the user's), outermost first. */
function taggedPaths(tree: unknown): { path: Path; tag: MergeTag }[] {
  const found: { path: Path; tag: MergeTag }[] = [];
  const stack: { value: unknown; path: Path }[] = [{ value: tree, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: Path };
    if (value instanceof MergeTag) {
      found.push({ path, tag: value });
      continue;
    }
    if (Array.isArray(value)) value.forEach((v: unknown, i) => stack.push({ value: v, path: [...path, i] }));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return found;
}

function parentOf(tree: unknown, path: Path): Record<string, unknown> | unknown[] | undefined {
  let node = tree;
  for (const seg of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

function remove(tree: unknown, path: Path): void {
  const parent = parentOf(tree, path);
  const last = path[path.length - 1];
  if (parent && !Array.isArray(parent) && typeof last === 'string') delete parent[last];
}

/**
 * Applies the tags of each tree to the trees before it, then takes them out: a `!reset` key is
 * removed everywhere up to its own file, an `!override` key from the earlier files only (its own
 * value stays, untagged). Trees are changed in place.
 */
export function applyMergeTags(trees: readonly unknown[]): void {
  trees.forEach((tree, i) => {
    for (const { path, tag } of taggedPaths(tree)) {
      for (let j = 0; j < i; j++) remove(trees[j], path);
      const parent = parentOf(tree, path);
      const last = path[path.length - 1];
      if (!parent || last === undefined) continue;
      if (tag.tag === 'reset') {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else if (path.length === 3 && path[0] === 'services' && !String(last).startsWith('x-'))
          parent[last] = RESET_KEY;
        else delete parent[last];
      } else (parent as Record<string | number, unknown>)[last] = tag.value;
    }
  });
}
