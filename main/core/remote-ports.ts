import type { Service } from '../engine/compose/model';
import type { ContainerDriver } from '../engine/driver';

/**
 * Where each port the stack publishes is from this machine, on a remote engine: "8080" → the local
 * end of its SSH tunnel, or the far host's address. One that cannot be reached is left out (the
 * window then shows it on the far host, where it is).
 */
export async function portsFromHere(driver: ContainerDriver, services: readonly Service[]): Promise<Record<string, string>> {
  if (!driver.reach) return {};
  const published = new Set<number>();
  for (const s of services) {
    for (const p of s.ports) if (p.protocol === 'tcp' && p.published && /^\d+$/.test(p.published)) published.add(Number(p.published));
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
