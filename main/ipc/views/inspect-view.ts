import type { ContainerDetails } from '../../orchestrator/driver';
import { isSecretName, splitEnv } from '../../session/container-env';
import type { InspectView, EnvEntryView } from '../../../preload/contract';

/**
 * The container for the window. A variable is secret when its name says so or the stack declares it
 * secret (x-stackpilot.env); its value stays in main until the user asks for it.
 */
export function inspectView(service: string, d: ContainerDetails, declaredSecrets: ReadonlySet<string>): InspectView {
  const env: EnvEntryView[] = d.env.map((entry) => {
    const [name, value] = splitEnv(entry);
    const secret = declaredSecrets.has(name) || isSecretName(name);
    return secret ? { name, secret } : { name, value, secret };
  });
  return {
    service,
    container: d.name,
    id: d.id,
    image: d.image,
    imageId: d.imageId,
    digests: d.digests,
    created: d.created,
    state: d.state,
    ...(d.startedAt !== undefined ? { startedAt: d.startedAt } : {}),
    command: d.command,
    entrypoint: d.entrypoint,
    ...(d.workingDir ? { workingDir: d.workingDir } : {}),
    ...(d.user ? { user: d.user } : {}),
    restartPolicy: d.restartPolicy,
    env: env.sort((a, b) => a.name.localeCompare(b.name)),
    mounts: d.mounts,
    networks: d.networks,
    ports: d.ports,
    labels: d.labels,
    ...(d.health ? { health: d.health } : {}),
  };
}
