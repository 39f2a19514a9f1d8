import type { FileSource, NetworkSpec, Service, VolumeSpec } from './model';
import type { Reader } from './reader';

/** Everything a stack defines, by kind: what references are checked against (and includes add to). */
export interface ReferenceScope {
  services: Record<string, Service>;
  inactiveServices: Record<string, Service>;
  networks: Record<string, NetworkSpec>;
  volumes: Record<string, VolumeSpec>;
  secrets: Record<string, FileSource>;
  configs: Record<string, FileSource>;
}

/**
 * A user's name looked up as an own key only: `toString` or `constructor` is not a service because
 * every object has one.
 */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Cross-references that need the whole merged stack: dependencies (unknown, or disabled by profiles),
 * networks and named volumes a service uses but nobody declared. Optional dependencies that cannot be
 * met are dropped with a warning, as compose does.
 */
export function checkReferences(scope: ReferenceScope, r: Reader): void {
  for (const service of Object.values(scope.services)) {
    const base = ['services', service.name];
    // Services one takes volumes from or links to: they must be there (and start first).
    const named = [
      ...service.volumesFrom.flatMap((v, i) => (v.service ? [{ name: v.service, key: 'volumes_from', i }] : [])),
      ...service.links.map((l, i) => ({ name: l.service, key: 'links', i })),
    ];
    for (const { name, key, i } of named) {
      if (own(scope.services, name)) continue;
      r.error(
        [...base, key, i],
        'unknown-dependency',
        `service "${service.name}" ${key === 'links' ? 'links to' : 'takes volumes from'} service "${name}", which is ${own(scope.inactiveServices, name) ? 'not active (profiles)' : 'not defined'}`,
        `define "${name}" under services, or use container:<name> for a container of no service here`,
      );
      delete service.dependsOn[name];
    }
    for (const kind of ['secrets', 'configs'] as const) {
      service[kind].forEach((g, i) => {
        if (!own(scope[kind], g.source))
          r.error(
            [...base, kind, i],
            'unknown-dependency',
            `service "${service.name}" uses ${kind.slice(0, -1)} "${g.source}", which is not declared`,
            `declare it under the top-level ${kind}: key`,
          );
      });
    }
    const shared = /^service:(.+)$/.exec(service.networkMode ?? '')?.[1];
    if (shared && !own(scope.services, shared)) {
      const inactive = own(scope.inactiveServices, shared);
      r.error(
        [...base, 'network_mode'],
        inactive ? 'inactive-dependency' : 'unknown-dependency',
        `service "${service.name}" uses the network of service "${shared}", which is ${inactive ? `disabled by its profiles (${inactive.profiles.join(', ')})` : 'not defined'}`,
        inactive
          ? `enable it with --profile ${inactive.profiles[0] ?? ''}`
          : `define "${shared}" under services, or fix the name`,
      );
      delete service.dependsOn[shared];
    }
    for (const [dep, spec] of Object.entries(service.dependsOn)) {
      const path = [...base, 'depends_on', dep];
      const inactive = own(scope.inactiveServices, dep);
      if (own(scope.services, dep)) continue;
      if (!spec.required) {
        r.warn(
          path,
          'skipped-dependency',
          `optional dependency "${dep}" of "${service.name}" is ${inactive ? 'not active' : 'not defined'}; skipped`,
        );
        // Not waited on, but still part of the file: config prints it, as compose does.
        (service.written.skippedDependencies ??= {})[dep] = spec;
        delete service.dependsOn[dep];
      } else if (inactive) {
        r.error(
          path,
          'inactive-dependency',
          `service "${service.name}" depends on "${dep}", which is disabled by its profiles (${inactive.profiles.join(', ')})`,
          `enable it with --profile ${inactive.profiles[0] ?? ''}, or mark the dependency required: false`,
        );
      } else {
        r.error(
          path,
          'unknown-dependency',
          `service "${service.name}" depends on undefined service "${dep}"`,
          `define "${dep}" under services, or fix the name`,
        );
      }
    }
    for (const net of Object.keys(service.networks)) {
      if (net !== 'default' && !own(scope.networks, net)) {
        r.error(
          [...base, 'networks', net],
          'undefined-network',
          `service "${service.name}" uses network "${net}", which is not declared`,
          `declare it under the top-level networks: key`,
        );
      }
    }
    service.volumes.forEach((v, i) => {
      if (v.type === 'volume' && v.source && !own(scope.volumes, v.source)) {
        r.error(
          [...base, 'volumes', i],
          'undefined-volume',
          `service "${service.name}" uses volume "${v.source}", which is not declared`,
          `declare it under the top-level volumes: key, or write ./${v.source} for a folder`,
        );
      }
    });
  }
}
