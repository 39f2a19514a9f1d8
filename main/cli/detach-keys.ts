import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { UsageError } from './stack-options';

/** The docker CLI's default: Ctrl-P then Ctrl-Q. */
export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

const CONTROL: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, _: 31 };

/**
 * A detach sequence as docker writes it: keys apart by commas, each one character or `ctrl-` and a
 * letter or one of @ [ \ ] ^ _ (`ctrl-p,ctrl-q`, `ctrl-x`, `a,b`).
 */
export function detachKeyBytes(spec: string): Buffer {
  const bytes = spec.split(',').map((key) => {
    if (key.length === 1) return key.charCodeAt(0);
    const m = /^ctrl-(.)$/i.exec(key);
    const c = m?.[1]?.toLowerCase();
    if (c !== undefined && c >= 'a' && c <= 'z') return c.charCodeAt(0) - 96;
    if (c !== undefined && c in CONTROL) return CONTROL[c] ?? 0;
    throw new UsageError(
      `--detach-keys: "${key}" is not a key: write one character or ctrl-<letter>, apart by commas (ctrl-p,ctrl-q)`,
    );
  });
  return Buffer.from(bytes);
}

/**
 * What is typed, passed on, except the detach sequence: the keys that could begin it are held back
 * until it is clear they do not (then passed on, so nothing typed is lost), and when it is complete
 * `onDetach` is called and nothing more goes through.
 */
export class DetachFilter extends Transform {
  private matched = 0;
  private done = false;

  constructor(
    private readonly keys: Buffer,
    private readonly onDetach: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, next: TransformCallback): void {
    if (this.done) return next();
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const out: number[] = [];
    for (const byte of data) {
      if (byte === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) {
          this.done = true;
          if (out.length > 0) this.push(Buffer.from(out));
          this.onDetach();
          return next();
        }
        continue;
      }
      // A false start: what was held back goes through, and this key may begin the sequence anew.
      out.push(...this.keys.subarray(0, this.matched));
      this.matched = 0;
      if (byte === this.keys[0]) this.matched = 1;
      else out.push(byte);
    }
    next(null, out.length > 0 ? Buffer.from(out) : undefined);
  }
}
