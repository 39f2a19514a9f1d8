import type { LogLineView } from '../../../preload/contract';

/** Who printed a line, as compose names it: the service, or `api-2` for one of several replicas. */
export function sourceOf(line: Pick<LogLineView, 'service' | 'replica'>): string {
  return line.replica === undefined ? line.service : `${line.service}-${line.replica}`;
}
