import { createHash } from 'node:crypto';
import { KEY_ORDER } from './compose-key-order';
import { goJsonText, nonEmpty, ordered, sorted, withKeyOrder } from './compose-json-shape';
import type { JsonObject } from './compose-json-shape';
import { namedVolumeJson, networkJson, serviceJson } from './compose-json';
import type { Service, Stack } from './model';
import { resolveHostPath } from './volumes';
import type { PathContext } from './volumes';

/**
 * The config hash docker compose v2 gives a service: SHA-256 of the service's model as compact JSON,
 * without what may change without recreating a container (build, pull_policy, scale,
 * deploy.replicas). `config --hash` hashes the environment as written and the env_file paths; `up`
 * (the label com.docker.compose.config-hash on its containers) the environment the container gets,
 * env_file values read in, and no env_file.
 */
export function composeServiceHash(service: Service, ctx: PathContext, at: 'config' | 'up' = 'config'): string {
  const json = withKeyOrder('json', () => {
    const model: Record<string, unknown> = { ...serviceJson(service, 'json') };
    delete model.build;
    delete model.pull_policy;
    delete model.scale;
    if (model.deploy && typeof model.deploy === 'object') {
      const { replicas: _notHashed, ...deploy } = model.deploy as JsonObject;
      model.deploy = deploy;
    }
    if (at === 'up') {
      // At up, compose hashes the environment as the container gets it (env_file values read in) and drops the env_file list.
      model.environment = nonEmpty(sorted(service.environment));
      model.env_file = undefined;
    } else {
      model.environment = service.written.environment ? nonEmpty(sorted(service.written.environment)) : undefined;
      // An env_file as compose marshals it: its path, or { path, required: false } when optional.
      model.env_file =
        service.envFiles.length > 0
          ? service.envFiles.map((f) =>
              f.required ? resolveHostPath(f.path, ctx) : { path: resolveHostPath(f.path, ctx), required: false },
            )
          : undefined;
    }
    return ordered(KEY_ORDER.service, model);
  });
  // As Go's json.Marshal writes it: no spaces, with its escaping.
  return createHash('sha256').update(goJsonText(json, 0)).digest('hex');
}

/**
 * The config hash docker compose (v2.30 and later) puts on the networks it makes: SHA-256 of the
 * network's model as compact JSON. A network whose label differs from the file's is made anew.
 */
export function composeNetworkHash(network: Stack['networks'][string]): string {
  const json = withKeyOrder('json', () => networkJson(network, 'json'));
  return createHash('sha256').update(goJsonText(json, 0)).digest('hex');
}

/** The same for volumes, with the driver compose assumes when none is written ("local"). */
export function composeVolumeHash(volume: Stack['volumes'][string]): string {
  const json = withKeyOrder('json', () => namedVolumeJson({ ...volume, driver: volume.driver || 'local' }));
  return createHash('sha256').update(goJsonText(json, 0)).digest('hex');
}
