import { existsSync } from 'node:fs';
import type { Service } from '../compose/model';
import { BindSourceMissing, PortTaken } from '../errors';
import { takenPorts } from './port-preflight';
import type { PortProblem } from './port-preflight';

/**
 * What the engine asks of the host it runs on before a start: which published ports something else
 * holds (and who), and whether a path exists. A port, so tests can say what the host looks like; the
 * preflight checklist and the start checks ask the same one.
 */
export interface HostProbe {
  takenPorts(ports: readonly { published?: string; hostIp?: string; protocol: string }[]): Promise<PortProblem[]>;
  exists(path: string): boolean;
}

export const localHost: HostProbe = { takenPorts, exists: existsSync };

/**
 * A remote engine's host: its ports and bind paths are not this machine's to check (a port taken
 * here says nothing of the far host); the engine itself says when one is taken or missing there.
 */
export const farHost: HostProbe = { takenPorts: () => Promise.resolve([]), exists: () => true };

/** The host probe for an engine: this machine's, or none for one that runs elsewhere. */
export function hostFor(driver: { info(): { remote?: unknown } }, local: HostProbe): HostProbe {
  return driver.info().remote ? farHost : local;
}

/**
 * What would make the start fail for certain, checked before the container exists: host ports held
 * by something else, bind-mount sources that do not exist (and are not to be created).
 */
export async function checkBeforeStart(host: HostProbe, service: Service): Promise<void> {
  const taken = await host.takenPorts(service.ports);
  if (taken.length > 0) throw new PortTaken(taken, { service: service.name });
  for (const v of service.volumes) {
    if (v.type === 'bind' && v.source && v.bind?.createHostPath === false && !host.exists(v.source)) throw new BindSourceMissing(v.source, v.target);
  }
}
