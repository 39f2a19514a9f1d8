import { CONDITION_WORDS } from './reasons';
import type { ServiceSnapshot } from './service-state';

/**
 * Why a waiting service waits, down to what is actually slow: each hop to the dependency that is
 * furthest from done (one that waits itself, else the first not yet met), ending with that one's own
 * state and reason — "api waits for migrate (completed)", "migrate waits for db (healthy)", "db:
 * starting — running; waiting for the health check". Empty when the service does not wait.
 */
export function waitChain(start: ServiceSnapshot, get: (service: string) => ServiceSnapshot | undefined): string[] {
  return waitChainTo(start, get).hops;
}

/** The chain's hops, and the service at its end (what is actually slow), when there is a chain. */
export function waitChainTo(
  start: ServiceSnapshot,
  get: (service: string) => ServiceSnapshot | undefined,
): { hops: string[]; end?: string } {
  const hops: string[] = [];
  const seen = new Set<string>();
  let current: ServiceSnapshot | undefined = start;
  while (current?.why.code === 'waiting' && !seen.has(current.name)) {
    seen.add(current.name);
    const on = current.why.on;
    const next = on.find((d) => get(d.service)?.why.code === 'waiting') ?? on[0];
    if (!next) break;
    hops.push(`${current.name} waits for ${next.service} (${CONDITION_WORDS[next.condition]})`);
    current = get(next.service);
  }
  if (hops.length === 0) return { hops };
  if (current && !seen.has(current.name)) {
    hops.push(`${current.name}: ${current.status}${current.reason ? ` — ${current.reason}` : ''}`);
    return { hops, end: current.name };
  }
  return { hops };
}
