import { existsSync } from 'node:fs';
import type { Service, Stack } from '../compose/model';
import { BindSourceMissing, ConfigRefused, PortTaken } from '../errors';
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
 * What compose refuses when it creates the container rather than when it reads the file: a
 * start_interval with no start_period (compose v5), a secret or config from a variable that is not set.
 */
export function checkConfigToRun(service: Service, stack?: Pick<Stack, 'secrets' | 'configs'>): void {
  const hc = service.healthcheck;
  if (hc?.startInterval !== undefined && hc.startPeriod === undefined)
    throw new ConfigRefused(
      service.name,
      'healthcheck.start_interval',
      'healthcheck.start_interval requires healthcheck.start_period to be set: it sets how often to check during the start period',
      'add start_period (e.g. start_period: 30s), or remove start_interval',
    );
  if (service.restartRefused !== undefined)
    throw new ConfigRefused(
      service.name,
      'restart',
      `the engine has no restart policy "${service.restartRefused}"`,
      'use "no", always, on-failure, on-failure:N or unless-stopped (docker compose loads it too, and the engine refuses it at create)',
    );
  const perReplica = service.preStart.findIndex((h) => h.perReplica);
  if (perReplica >= 0)
    throw new ConfigRefused(
      service.name,
      `pre_start[${perReplica}].per_replica`,
      `pre_start hook ${perReplica + 1} has per_replica: true, which is not run yet (docker compose refuses it too): hooks run once for the service, before its first replica starts`,
      'remove per_replica, or set it to false',
    );
  for (const kind of ['secrets', 'configs'] as const) {
    for (const g of service[kind]) {
      const source = stack?.[kind][g.source];
      if (source?.environment !== undefined && source.content === undefined)
        throw new ConfigRefused(
          service.name,
          kind,
          `${kind === 'secrets' ? 'secret' : 'config'} "${g.source}" comes from ${source.environment}, which is not set`,
          `set ${source.environment} in your shell or in .env`,
        );
    }
  }
}

/**
 * What would make the start fail for certain, checked before the container exists: host ports held
 * by something else, bind-mount sources that do not exist (and are not to be created).
 */
export async function checkBeforeStart(
  host: HostProbe,
  service: Service,
  stack?: Pick<Stack, 'secrets' | 'configs'>,
): Promise<void> {
  checkConfigToRun(service, stack);
  const taken = await host.takenPorts(service.ports);
  if (taken.length > 0) throw new PortTaken(taken, { service: service.name });
  for (const v of service.volumes) {
    if (v.type === 'bind' && v.source && v.bind?.createHostPath === false && !host.exists(v.source))
      throw new BindSourceMissing(v.source, v.target);
  }
}

/**
 * `up --no-deps`: a service that shares another's volumes or namespaces needs that one's container,
 * which this up will not make; without it the up is refused, in compose's words.
 */
export function checkSharedContainers(
  stack: Stack,
  wanted: readonly string[],
  hasContainer: (service: string) => boolean,
): void {
  for (const name of wanted) {
    const service = stack.services[name];
    if (!service) continue;
    const modes: [string, string | undefined][] = [
      ['network namespace', service.networkMode],
      ['IPC namespace', service.settings.ipc],
      ['PID namespace', service.settings.pid],
    ];
    const needs: [string, string, string][] = [
      ...service.volumesFrom.flatMap((v): [string, string, string][] =>
        v.service ? [[v.service, 'volume', 'volumes_from']] : [],
      ),
      ...modes.flatMap(([what, mode]): [string, string, string][] =>
        mode?.startsWith('service:')
          ? [
              [
                mode.slice('service:'.length),
                what,
                what.startsWith('network') ? 'network_mode' : (what.split(' ')[0]?.toLowerCase() ?? ''),
              ],
            ]
          : [],
      ),
    ];
    for (const [dep, what, key] of needs)
      if (!wanted.includes(dep) && !hasContainer(dep))
        throw new ConfigRefused(
          name,
          key,
          `cannot share ${what} with service ${dep}: container missing`,
          `start ${dep} first (stackpilot up ${dep}), or leave out --no-deps`,
        );
  }
}
