import type { NetworkAttachment, NetworkSpec, VolumeSpec, VolumeSummary } from '../orchestrator/driver';
import { endpointConfig } from './containers';
import { EngineError } from '../orchestrator/errors';
import { exists, status } from './engine-api';
import type { EngineApi } from './engine-api';

/** A stack's networks and named volumes: existence, creation and removal, as compose does them. */
export function networkExists(api: EngineApi, name: string): Promise<boolean> {
  return exists(api, () => api.docker.getNetwork(name).inspect());
}

const labelFilter = (labels: Record<string, string>): string =>
  JSON.stringify({ label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) });

export async function listNetworks(
  api: EngineApi,
  labels: Record<string, string>,
): Promise<{ name: string; labels: Record<string, string> }[]> {
  try {
    const nets = (await api.docker.listNetworks({ filters: labelFilter(labels) })) as {
      Name: string;
      Labels?: Record<string, string>;
    }[];
    return nets.map((n) => ({ name: n.Name, labels: n.Labels ?? {} }));
  } catch (err) {
    return api.fail(err);
  }
}

export async function listVolumes(api: EngineApi, labels: Record<string, string>): Promise<VolumeSummary[]> {
  try {
    const found = (await api.docker.listVolumes({ filters: labelFilter(labels) })) as {
      Volumes?: {
        Name: string;
        Labels?: Record<string, string> | null;
        Driver?: string;
        Mountpoint?: string;
        Scope?: string;
      }[];
    };
    return (found.Volumes ?? []).map((v) => ({
      name: v.Name,
      labels: v.Labels ?? {},
      ...(v.Driver ? { driver: v.Driver } : {}),
      ...(v.Mountpoint ? { mountpoint: v.Mountpoint } : {}),
      ...(v.Scope ? { scope: v.Scope } : {}),
    }));
  } catch (err) {
    return api.fail(err);
  }
}

export async function createNetwork(api: EngineApi, spec: NetworkSpec): Promise<void> {
  try {
    await api.docker.createNetwork({
      Name: spec.name,
      Labels: spec.labels,
      CheckDuplicate: true,
      Internal: spec.internal,
      Attachable: spec.attachable,
      ...(spec.driver ? { Driver: spec.driver } : {}),
      Options: spec.driverOpts,
      ...(spec.ipam
        ? {
            IPAM: {
              Driver: spec.ipam.driver ?? 'default',
              Config: spec.ipam.config.map((p) => ({
                ...(p.subnet ? { Subnet: p.subnet } : {}),
                ...(p.ipRange ? { IPRange: p.ipRange } : {}),
                ...(p.gateway ? { Gateway: p.gateway } : {}),
                ...(Object.keys(p.auxAddresses).length > 0 ? { AuxiliaryAddresses: p.auxAddresses } : {}),
              })),
              Options: spec.ipam.options,
            },
          }
        : {}),
      ...(spec.enableIpv4 !== undefined ? { EnableIPv4: spec.enableIpv4 } : {}),
      ...(spec.enableIpv6 !== undefined ? { EnableIPv6: spec.enableIpv6 } : {}),
    });
  } catch (err) {
    if (status(err) === 409) return;
    return api.fail(err);
  }
}

/**
 * Removes a network. Right after its containers are removed the engine may still count their
 * endpoints for a moment ("has active endpoints", seen with 50 containers): wait until they are
 * gone, up to 20 s, then remove it. An endpoint can also stay behind for good with no container to
 * show for it (seen once in CI with 50: Docker 20.10 keeps stale endpoints): after 2 s with none
 * listed, the endpoints of the containers just removed are deleted by name, as `docker network
 * disconnect --force NETWORK NAME` does. Endpoints still there after 20 s belong to live containers,
 * and the error names them.
 */
export async function removeNetwork(
  api: EngineApi,
  name: string,
  formerMembers: readonly string[] = [],
): Promise<void> {
  const network = api.docker.getNetwork(name);
  let forced = false;
  for (const t0 = Date.now(); ;) {
    try {
      await network.remove();
      return;
    } catch (err) {
      if (status(err) === 404) return;
      const message = (err as { json?: { message?: string } }).json?.message ?? (err as Error).message;
      if (!/active endpoints/.test(message)) return api.fail(err);
      const attached = await network.inspect().then(
        (n: { Containers?: Record<string, { Name?: string }> }) =>
          Object.values(n.Containers ?? {}).map((c) => c.Name ?? '?'),
        (e: unknown) => (status(e) === 404 ? [] : api.fail(e)),
      );
      if (attached.length === 0 && !forced && Date.now() - t0 > 2000 && formerMembers.length > 0) {
        forced = true;
        // The engine deletes a stale endpoint by its container's name when that container is gone.
        for (const member of formerMembers)
          await network.disconnect({ Container: member, Force: true }).catch(() => undefined);
        continue;
      }
      if (Date.now() - t0 > 20_000) {
        throw new EngineError(
          'engine-error',
          `network ${name} is still used by ${attached.length > 0 ? attached.join(', ') : 'endpoints the engine has not released'}`,
          `disconnect them (docker network disconnect ${name} CONTAINER) or remove them, then run down again`,
          { cause: err },
        );
      }
      await new Promise((r) => setTimeout(r, attached.length > 0 ? 200 : 50));
    }
  }
}

export async function connectNetwork(api: EngineApi, containerId: string, net: NetworkAttachment): Promise<void> {
  try {
    await api.docker.getNetwork(net.name).connect({ Container: containerId, EndpointConfig: endpointConfig(net) });
  } catch (err) {
    return api.fail(err);
  }
}

export async function disconnectNetwork(api: EngineApi, containerId: string, name: string): Promise<void> {
  try {
    await api.docker.getNetwork(name).disconnect({ Container: containerId, Force: true });
  } catch (err) {
    if (status(err) === 404) return;
    return api.fail(err);
  }
}

export function volumeExists(api: EngineApi, name: string): Promise<boolean> {
  return exists(api, () => api.docker.getVolume(name).inspect());
}

export async function createVolume(api: EngineApi, spec: VolumeSpec): Promise<void> {
  try {
    await api.docker.createVolume({
      Name: spec.name,
      Labels: spec.labels,
      ...(spec.driver ? { Driver: spec.driver } : {}),
      DriverOpts: spec.driverOpts,
    });
  } catch (err) {
    return api.fail(err);
  }
}

export async function removeVolume(api: EngineApi, name: string): Promise<void> {
  try {
    await api.docker.getVolume(name).remove();
  } catch (err) {
    if (status(err) === 404) return;
    return api.fail(err);
  }
}
