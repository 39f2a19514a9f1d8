import type { ContainerDetails } from '../orchestrator/driver';
import type { EnvEntryView, InspectView } from '../../preload/contract';

/** Names that hold secrets by convention, as the tools that mask them read them. */
const SECRET_NAME = /(pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|auth|cookie|session[_-]?key|dsn)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

function splitEnv(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

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

/** One variable's value from the container's environment, or undefined when it has none of that name. */
export function envValue(d: ContainerDetails, name: string): string | undefined {
  const entry = d.env.find((e) => splitEnv(e)[0] === name);
  return entry === undefined ? undefined : splitEnv(entry)[1];
}
