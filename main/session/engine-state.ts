import type { Service, Stack } from '../orchestrator/compose/model';
import type { ContainerDriver, EngineInfo } from '../orchestrator/driver';
import { engineLabel } from '../orchestrator/engine-label';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';

/**
 * Where each port the stack publishes is from this machine, on a remote engine: "8080" → the local
 * end of its SSH tunnel, or the far host's address. One that cannot be reached is left out (the
 * window then shows it on the far host, where it is).
 */
export async function portsFromHere(
  driver: ContainerDriver,
  services: readonly Service[],
): Promise<Record<string, string>> {
  if (!driver.reach) return {};
  const published = new Set<number>();
  for (const s of services) {
    for (const p of s.ports)
      if (p.protocol === 'tcp' && p.published && /^\d+$/.test(p.published)) published.add(Number(p.published));
  }
  const out: Record<string, string> = {};
  for (const port of published) {
    try {
      const to = await driver.reach('localhost', port);
      out[String(port)] = `${to.host}:${to.port}`;
    } catch {
      // Left out: shown where it is, on the far host.
    }
  }
  return out;
}

/**
 * The engine as a stack's session knows it: connected (which one, where, and where its published
 * ports are from here), not reached yet, or unreachable and retried (when, and how many times).
 */
export type EngineState =
  | {
      state: 'connected';
      since: number;
      /** "Podman 4.3.1 (API 1.41) at unix:///…, found by docker context "podman"". */
      engine?: string;
      /** "Docker" or "Podman". */
      product?: string;
      /** The far host, when the engine runs on another machine (its published ports are there). */
      remote?: string;
      /** Where each published port is from here, when not localhost: "8080" → "127.0.0.1:41234". */
      ports?: Record<string, string>;
    }
  | { state: 'unknown'; reason: string }
  | { state: 'unreachable'; reason: string; since: number; nextRetryAt: number; attempt: number };

/** The engine, connected: which one, where, and where its published ports are from here. */
export function connectedState(info: EngineInfo, since: number, ports?: Record<string, string>): EngineState {
  return {
    state: 'connected',
    since,
    engine: engineLabel(info),
    ...(info.product ? { product: info.product } : {}),
    ...(info.remote ? { remote: info.remote.host } : {}),
    ...(ports && Object.keys(ports).length > 0 ? { ports } : {}),
  };
}

/**
 * On a remote engine, finds where each service's published ports are from here once it is ready
 * (through SSH, a tunnel of its own) and tells what is new. Not before: a tunnel opened before the
 * engine binds the port would hold its number here, and on the same machine the bind would fail.
 */
export function remotePortFollower(
  driver: ContainerDriver,
  stack: Stack,
  found: (ports: Record<string, string>) => void,
): (s: ServiceSnapshot) => void {
  const known: Record<string, string> = {};
  if (!driver.info().remote) return () => undefined;
  return (s) => {
    const service = stack.services[s.name];
    if (!service || !s.containerId || (s.status !== 'ready' && s.status !== 'unhealthy')) return;
    void portsFromHere(driver, [service]).then((ports) => {
      const fresh = Object.entries(ports).filter(([k, v]) => known[k] !== v);
      if (fresh.length === 0) return;
      Object.assign(known, ports);
      found(Object.fromEntries(fresh));
    });
  };
}
