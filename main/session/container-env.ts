import type { ContainerDetails } from '../orchestrator/driver';

/** Names that hold secrets by convention, as the tools that mask them read them. */
const SECRET_NAME =
  /(pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|auth|cookie|session[_-]?key|dsn)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** `NAME=value` as its name and value (a bare `NAME`: an empty value). */
export function splitEnv(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

/** One variable's value from the container's environment, or undefined when it has none of that name. */
export function envValue(d: ContainerDetails, name: string): string | undefined {
  const entry = d.env.find((e) => splitEnv(e)[0] === name);
  return entry === undefined ? undefined : splitEnv(entry)[1];
}
