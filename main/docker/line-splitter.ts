/** Turns a byte stream into whole lines: chunks from the engine are not line-aligned. */
export class LineSplitter {
  private rest = '';

  push(chunk: Buffer | string, onLine: (line: string) => void): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  flush(onLine: (line: string) => void): void {
    if (this.rest !== '') onLine(this.rest);
    this.rest = '';
  }
}
