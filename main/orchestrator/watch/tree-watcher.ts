import { existsSync, statSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Clock } from '../clock';

/** compose watch's quiet period: a save that writes several files is one batch. */
export const QUIET_MS = 500;

/** A batch of changed paths, once nothing has changed for QUIET_MS. */
export type BatchListener = (paths: string[]) => void;

const isBelowOrAt = (base: string, path: string): boolean => {
  const rel = relative(base, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
};

/**
 * Watches folders (with everything below them) and files for changes, and says which paths changed,
 * in batches. A path that does not exist yet is watched through the nearest folder above it that
 * does, so creating it is seen.
 */
export class TreeWatcher {
  private readonly watchers: FSWatcher[] = [];
  private pending = new Set<string>();
  private settle: AbortController | undefined;
  private closed = false;
  /** Folders that could not be watched, with why: said, not hidden. */
  readonly unwatched: { path: string; error: string }[] = [];

  constructor(
    paths: readonly string[],
    private readonly clock: Clock,
    private readonly onBatch: BatchListener,
  ) {
    const roots = new Map<string, { wanted: Set<string>; recursive: boolean }>();
    for (const p of paths) {
      const { root, recursive } = watchRoot(p);
      const entry = roots.get(root) ?? { wanted: new Set<string>(), recursive: false };
      entry.wanted.add(p);
      entry.recursive ||= recursive;
      roots.set(root, entry);
    }
    for (const [root, { wanted, recursive }] of roots) {
      try {
        const w = watch(root, { recursive, persistent: false }, (_event, name) => {
          if (typeof name !== 'string') return;
          const changed = join(root, name);
          if ([...wanted].some((p) => isBelowOrAt(p, changed))) this.changed(changed);
        });
        w.on('error', (err) => {
          this.unwatched.push({ path: root, error: err.message });
          w.close();
        });
        this.watchers.push(w);
      } catch (err) {
        this.unwatched.push({ path: root, error: (err as Error).message });
      }
    }
  }

  private changed(path: string): void {
    if (this.closed) return;
    this.pending.add(path);
    this.settle?.abort();
    const settle = new AbortController();
    this.settle = settle;
    this.clock.sleep(QUIET_MS, settle.signal).then(
      () => {
        if (this.closed || this.pending.size === 0) return;
        const batch = [...this.pending];
        this.pending = new Set();
        this.onBatch(batch);
      },
      () => undefined,
    );
  }

  close(): void {
    this.closed = true;
    this.settle?.abort();
    for (const w of this.watchers.splice(0)) w.close();
  }
}

/**
 * The folder to watch for a path: itself (and all below) when a folder; a file's folder, only its
 * own entries; for a path whose folder is missing too, the nearest folder above that exists, and all below.
 */
function watchRoot(path: string): { root: string; recursive: boolean } {
  if (existsSync(path) && statSync(path).isDirectory()) return { root: path, recursive: true };
  let dir = dirname(path);
  if (existsSync(dir)) return { root: dir, recursive: false };
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return { root: dir, recursive: true };
}
