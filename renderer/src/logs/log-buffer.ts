import type { LogLineView } from '../../../preload/contract';

/**
 * The renderer's log lines: appended in sequence order without repeats, the oldest dropped past
 * `max`, so memory stays bounded however long the stack runs. Mutable on purpose: copying 100k lines
 * per batch would cost more than rendering them; `version` tells React something changed.
 */
export class LogBuffer {
  private items: LogLineView[] = [];
  version = 0;

  constructor(readonly max: number) {}

  get lines(): readonly LogLineView[] {
    return this.items;
  }

  get lastSeq(): number {
    return this.items.at(-1)?.seq ?? 0;
  }

  /** Appends what is new; returns whether anything was. */
  append(batch: readonly LogLineView[]): boolean {
    let tail = this.lastSeq;
    let added = 0;
    for (const line of batch) {
      if (line.seq <= tail) continue;
      this.items.push(line);
      tail = line.seq;
      added++;
    }
    if (added === 0) return false;
    if (this.items.length > this.max) this.items.splice(0, this.items.length - this.max);
    this.version++;
    return true;
  }

  reset(lines: readonly LogLineView[]): void {
    this.items = [];
    this.version++;
    this.append(lines);
  }
}

/**
 * The lines of a buffer that pass a predicate, kept up to date by looking only at lines that arrived
 * since the last call (and forgetting ones the buffer dropped). A new predicate starts over.
 */
export class FilteredLines {
  private matched: LogLineView[] = [];
  private seenSeq = 0;
  private key: string | undefined;

  sync(buffer: LogBuffer, key: string, keep: (line: LogLineView) => boolean): readonly LogLineView[] {
    if (key !== this.key) {
      this.key = key;
      this.matched = [];
      this.seenSeq = 0;
    }
    const lines = buffer.lines;
    const firstSeq = lines[0]?.seq ?? 0;
    let drop = 0;
    while (drop < this.matched.length && (this.matched[drop]?.seq ?? 0) < firstSeq) drop++;
    // In place, like the buffer: no copy of up to 100k lines per batch.
    if (drop > 0) this.matched.splice(0, drop);
    // Lines arrive in order: the new ones are a tail of the buffer, found from the end.
    let start = lines.length;
    while (start > 0 && (lines[start - 1]?.seq ?? 0) > this.seenSeq) start--;
    for (let i = start; i < lines.length; i++) {
      const line = lines[i];
      if (line && keep(line)) this.matched.push(line);
    }
    this.seenSeq = lines.at(-1)?.seq ?? this.seenSeq;
    return this.matched;
  }
}
