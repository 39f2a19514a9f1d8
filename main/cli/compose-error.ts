import type { Reason } from '../orchestrator/runtime/reasons';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';

/**
 * The failure of an up in docker compose's own words ("dependency failed to start: container
 * app-db-1 exited (1)", "container app-web-1 is unhealthy"), printed last: what scripts and people
 * used to compose search a CI log for. Undefined when compose would have no such words for it.
 */
export function composeWords(
  get: (service: string) => ServiceSnapshot | undefined,
  service: string,
  seen = new Set<string>(),
): string | undefined {
  const s = get(service);
  if (!s || seen.has(service)) return undefined;
  seen.add(service);
  const why: Reason = s.why.code === 'start-failed' ? s.why.cause : s.why;
  const dependency = why.code === 'blocked' || why.code === 'no-healthcheck' ? why.dependency : undefined;
  if (dependency !== undefined) {
    const dep = get(dependency);
    if (why.code === 'blocked' && why.exitCode !== undefined)
      return `dependency failed to start: container ${dep?.containerName ?? dependency} exited (${why.exitCode})`;
    const inner =
      why.code === 'no-healthcheck' && dep?.exitCode === undefined
        ? `container ${dep?.containerName ?? dependency} has no healthcheck configured`
        : composeWords(get, dependency, seen);
    return inner ? `dependency failed to start: ${inner.replace(/^dependency failed to start: /, '')}` : undefined;
  }
  if (why.code === 'unhealthy-while-starting' || why.code === 'running-unhealthy' || s.status === 'unhealthy')
    return `container ${s.containerName} is unhealthy`;
  const exitCode =
    why.code === 'exited-early' || why.code === 'exited'
      ? why.exitCode
      : s.status === 'failed'
        ? s.exitCode
        : undefined;
  return exitCode !== undefined ? `container ${s.containerName} exited (${exitCode})` : undefined;
}
