import type Docker from 'dockerode';
import type { ContainerSpec } from '../orchestrator/driver';
import { ImageMissing, NameConflict } from '../orchestrator/errors';
import { createOptions, endpointConfig, withApiSocket } from './containers';
import { status } from './engine-api';
import type { DockerEngine } from './engine-client';
import { CONTAINER_DOCKER_CONFIG, allCredentials, credentialsFile, readDockerConfig } from './registry-auth';

/**
 * A container made as compose makes it: labelled with its image's id, its extra networks connected,
 * and for use_api_socket the engine's socket and the user's registry credentials put in.
 */
export async function createContainerOn(
  engine: DockerEngine,
  spec: ContainerSpec,
  apiVersion: string,
): Promise<string> {
  let container: Docker.Container;
  // Compose labels a container with the id of the image it was made from.
  const imageId = await engine.docker
    .getImage(spec.image)
    .inspect()
    .then(
      (i) => i.Id,
      () => undefined,
    );
  const labelled = imageId ? { ...spec, labels: { ...spec.labels, 'com.docker.compose.image': imageId } } : spec;
  // use_api_socket, as the docker CLI does it: the engine's socket, and (unless the service sets
  // DOCKER_CONFIG itself) the user's registry credentials in a config of their own.
  const credentials =
    spec.apiSocket && !spec.env.some((e) => e.startsWith('DOCKER_CONFIG='))
      ? allCredentials(readDockerConfig(engine.credentials.env, engine.credentials.homeDir))
      : {};
  const made = spec.apiSocket ? withApiSocket(labelled, Object.keys(credentials).length > 0) : labelled;
  try {
    container = await engine.docker.createContainer(createOptions(made, apiVersion));
  } catch (err) {
    // Podman says so with a 500 and "already in use".
    if (
      status(err) === 409 ||
      /name .* is already in use/.test(String((err as { json?: { message?: string } }).json?.message))
    )
      throw new NameConflict(spec.name);
    if (status(err) === 404) throw new ImageMissing(spec.image, 'not present locally');
    return engine.fail(err);
  }
  try {
    // The create call attaches one network; the others are connected before the start.
    for (const net of spec.networks.slice(1)) {
      await engine.docker
        .getNetwork(net.name)
        .connect({ Container: container.id, EndpointConfig: endpointConfig(net) });
    }
    if (Object.keys(credentials).length > 0) {
      await engine.copyFiles(container.id, [
        { path: CONTAINER_DOCKER_CONFIG, content: credentialsFile(credentials), mode: 0o600, uid: 0, gid: 0 },
      ]);
    }
  } catch (err) {
    await container.remove({ force: true }).catch(() => undefined);
    return engine.fail(err);
  }
  return container.id;
}
