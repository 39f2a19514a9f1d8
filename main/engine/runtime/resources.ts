import type { Service, Stack } from '../compose/model';
import type { ContainerDriver } from '../driver';
import { ExternalResourceMissing } from '../errors';
import { COMPOSE_VERSION, Label } from './labels';

/** Creates the networks and named volumes these services use, as compose names and labels them. */
export async function ensureResources(driver: ContainerDriver, stack: Stack, services: readonly Service[]): Promise<void> {
  const networkKeys = new Set(services.flatMap((s) => Object.keys(s.networks)));
  for (const key of networkKeys) {
    const net = stack.networks[key];
    if (!net) continue;
    if (await driver.networkExists(net.name)) continue;
    if (net.external) throw new ExternalResourceMissing('network', net.name);
    await driver.createNetwork({
      name: net.name,
      labels: { ...net.labels, [Label.project]: stack.name, [Label.network]: key, [Label.version]: COMPOSE_VERSION },
      ...(net.driver ? { driver: net.driver } : {}),
      driverOpts: net.driverOpts,
      internal: net.internal,
      attachable: net.attachable,
      ...(net.ipam ? { ipam: net.ipam } : {}),
      ...(net.enableIpv4 !== undefined ? { enableIpv4: net.enableIpv4 } : {}),
      ...(net.enableIpv6 !== undefined ? { enableIpv6: net.enableIpv6 } : {}),
    });
  }
  const volumeKeys = new Set(services.flatMap((s) => s.volumes.filter((v) => v.type === 'volume' && v.source).map((v) => v.source as string)));
  for (const key of volumeKeys) {
    const vol = stack.volumes[key];
    if (!vol) continue;
    if (await driver.volumeExists(vol.name)) continue;
    if (vol.external) throw new ExternalResourceMissing('volume', vol.name);
    await driver.createVolume({
      name: vol.name,
      labels: { ...vol.labels, [Label.project]: stack.name, [Label.volume]: key, [Label.version]: COMPOSE_VERSION },
      ...(vol.driver ? { driver: vol.driver } : {}),
      driverOpts: vol.driverOpts,
    });
  }
}

/**
 * Removes the project's own networks (never external ones), and its named volumes when asked.
 * `removedContainers`: the containers just removed, whose endpoints the engine may not have released.
 */
export async function removeResources(driver: ContainerDriver, stack: Stack, volumes: boolean, removedContainers: readonly string[] = []): Promise<string[]> {
  const removed: string[] = [];
  for (const net of Object.values(stack.networks)) {
    if (net.external || !(await driver.networkExists(net.name))) continue;
    await driver.removeNetwork(net.name, removedContainers);
    removed.push(`network ${net.name}`);
  }
  if (volumes) {
    for (const vol of Object.values(stack.volumes)) {
      if (vol.external || !(await driver.volumeExists(vol.name))) continue;
      await driver.removeVolume(vol.name);
      removed.push(`volume ${vol.name}`);
    }
  }
  return removed;
}
