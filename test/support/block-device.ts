import { existsSync, readdirSync } from 'node:fs';

/** A block device of this machine, for blkio limits (the engine wants a real one). */
export function blockDevice(): string {
  const found = readdirSync('/sys/block')
    .filter((d) => !/^(loop|zram|ram|sr)/.test(d))
    .map((d) => `/dev/${d}`)
    .find((d) => existsSync(d));
  if (!found) throw new Error('no block device under /sys/block to set blkio limits on');
  return found;
}
