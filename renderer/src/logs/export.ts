import { sourceOf } from './source';
import type { LogLineView } from '../../../preload/contract';
import { stripAnsi } from './ansi';

/** Lines as plain text, one per line: `time service | text` (time only when asked for). */
export function linesAsText(lines: readonly LogLineView[], withTime: boolean): string {
  const width = lines.reduce((w, l) => Math.max(w, sourceOf(l).length), 0);
  return lines
    .map(
      (l) => `${withTime && l.timestamp ? `${l.timestamp} ` : ''}${sourceOf(l).padEnd(width)} | ${stripAnsi(l.text)}`,
    )
    .join('\n');
}

/** A file name that sorts by time and says which stack: `shop-logs-2026-11-23T10-15-02.log`. */
export function exportFileName(stack: string, now: Date): string {
  return `${stack}-logs-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.log`;
}
