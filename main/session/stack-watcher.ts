import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Clock } from '../orchestrator/clock';

/** Edits come in bursts (an editor writes, renames, touches): one reload after the last of them. */
export const SETTLE_MS = 250;

/**
 * Watches a stack's files (its compose files and the `.env` beside them) and says once when one of
 * them changed. The folders are watched, not the files: an editor that saves by writing a new file
 * and renaming it over the old one (vim, most IDEs) replaces the file a file watch would follow.
 */
export class StackWatcher {
  private readonly watchers: FSWatcher[] = [];
  private pending: AbortController | undefined;
  private closed = false;

  constructor(
    files: readonly string[],
    private readonly clock: Clock,
    private readonly onChange: (file: string) => void,
  ) {
    const byFolder = new Map<string, Set<string>>();
    for (const f of files) byFolder.set(dirname(f), (byFolder.get(dirname(f)) ?? new Set()).add(basename(f)));
    for (const [folder, names] of byFolder) {
      try {
        const w = watch(folder, { persistent: false }, (_event, name) => {
          const file = typeof name === 'string' ? name : undefined;
          if (file !== undefined && names.has(file)) this.changed(`${folder}/${file}`);
        });
        // A folder removed under the watch: nothing more to hear from it.
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // A folder that cannot be watched (gone, no permission): the stack still runs, unwatched.
      }
    }
  }

  private changed(file: string): void {
    if (this.closed) return;
    this.pending?.abort();
    const settle = new AbortController();
    this.pending = settle;
    this.clock.sleep(SETTLE_MS, settle.signal).then(
      () => !this.closed && this.onChange(file),
      () => undefined,
    );
  }

  close(): void {
    this.closed = true;
    this.pending?.abort();
    for (const w of this.watchers.splice(0)) w.close();
  }
}
