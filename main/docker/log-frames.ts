/**
 * Docker's multiplexed log format (non-TTY containers): 8-byte headers — stream (1 stdout, 2 stderr),
 * three zero bytes, big-endian length — each followed by that many bytes.
 */
export interface LogChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export function parseLogFrames(buffer: Buffer): LogChunk[] {
  const chunks: LogChunk[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const end = offset + 8 + size;
    if ((kind !== 1 && kind !== 2) || end > buffer.length) break;
    chunks.push({ stream: kind === 2 ? 'stderr' : 'stdout', text: buffer.toString('utf8', offset + 8, end) });
    offset = end;
  }
  if (offset === 0 && buffer.length > 0 && chunks.length === 0)
    chunks.push({ stream: 'stdout', text: buffer.toString('utf8') });
  return chunks;
}

/** Lines of the chunks, per stream, without the trailing empty line. */
export function chunksToLines(chunks: readonly LogChunk[]): { stream: LogChunk['stream']; line: string }[] {
  const out: { stream: LogChunk['stream']; line: string }[] = [];
  const partial: Record<LogChunk['stream'], string> = { stdout: '', stderr: '' };
  for (const c of chunks) {
    const lines = (partial[c.stream] + c.text).split('\n');
    partial[c.stream] = lines.pop() ?? '';
    for (const line of lines) out.push({ stream: c.stream, line });
  }
  for (const stream of ['stdout', 'stderr'] as const) if (partial[stream]) out.push({ stream, line: partial[stream] });
  return out;
}
