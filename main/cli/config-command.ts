import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { composeServiceHash } from '../orchestrator/compose/compose-hash';
import { goJsonText, toComposeJson, usedResources } from '../orchestrator/compose/compose-json';
import { goYamlText } from '../orchestrator/compose/go-yaml';
import type { Stack } from '../orchestrator/compose/model';
import { buildGraph, requiredServices, startLevels } from '../orchestrator/graph';
import { imageName } from '../orchestrator/runtime/container-spec';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { STACK_OPTIONS, UsageError, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';

export const CONFIG_HELP = `Usage: stackpilot config [OPTIONS] [SERVICE...]

Print the stack's normalised configuration, as \`docker compose config\` does (the same text). With
SERVICE names, only those services and what they depend on.

Options:
  -f, --file FILE             compose file (repeat to merge overrides, in order; - reads standard input)
      --project-directory DIR project folder (default: the first file's folder)
      --env-file FILE         the variables for interpolation, instead of the project's .env
                              (repeatable; COMPOSE_ENV_FILES, comma-separated, does the same)
  -p, --project-name NAME     project name
      --profile NAME          activate a profile (repeatable)
      --format yaml|json      output format (default: yaml)
  -q, --quiet                 only check the files: print nothing, exit 0 or 2
      --services              print the service names, one per line, dependencies first
      --volumes               print the volume names, one per line
      --images                print each service's image name, one per line
      --profiles              print every profile name the files use, one per line
      --hash SERVICES         print "SERVICE HASH" per service ("*" for all, or a,b): compose's config hash
  -o, --output FILE           write to FILE instead of standard output
`;

export const CONFIG_OPTIONS = {
  ...STACK_OPTIONS,
  format: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  services: { type: 'boolean' },
  volumes: { type: 'boolean' },
  images: { type: 'boolean' },
  profiles: { type: 'boolean' },
  hash: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'no-interpolate': { type: 'boolean' },
  'no-normalize': { type: 'boolean' },
  'no-path-resolution': { type: 'boolean' },
  'no-consistency': { type: 'boolean' },
  'resolve-image-digests': { type: 'boolean' },
  variables: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type ConfigArgs = StackArgs & {
  quiet?: boolean;
  services?: boolean;
  volumes?: boolean;
  images?: boolean;
  profiles?: boolean;
  hash?: string;
  output?: string;
  'no-normalize'?: boolean;
} & Partial<Record<keyof typeof NOT_YET, boolean>>;

/** Compose's config flags that print the model some other way than Stackpilot can yet: refused, saying so. */
const NOT_YET = {
  'no-interpolate':
    'the model is read with its variables interpolated; print it with docker compose config --no-interpolate',
  'no-path-resolution': 'paths are resolved as the files are read',
  'no-consistency': 'the model is always checked',
  'resolve-image-digests':
    'pinning tags to digests needs the registry; use docker compose config --resolve-image-digests',
  variables: 'the list of variables and their defaults is not printed yet',
} as const;

export function configCommand(io: CliIO, values: ConfigArgs, positionals: readonly string[] = []): number {
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format must be yaml or json, not "${format}"`);
  for (const [flag, why] of Object.entries(NOT_YET))
    if (values[flag as keyof typeof NOT_YET]) throw new UsageError(`--${flag} is not supported: ${why}`);
  const loaded = loadFromArgs(io, values, positionals);
  if (!loaded) return ExitCode.invalidInput;
  const unknown = positionals.filter((n) => !Object.hasOwn(loaded.services, n));
  if (unknown.length > 0) {
    io.stderr(`stackpilot config: no such service: ${unknown.join(', ')}\n`);
    return ExitCode.failure;
  }
  const stack = positionals.length > 0 ? only(loaded, positionals) : loaded;
  if (values.quiet) return ExitCode.ok;
  const text = render(stack, values, format);
  if (values.output) writeFileSync(resolve(io.cwd, values.output), text);
  else io.stdout(text);
  return ExitCode.ok;
}

function render(stack: Stack, values: ConfigArgs, format: 'yaml' | 'json'): string {
  const lines = (items: readonly string[]): string => items.map((l) => `${l}\n`).join('');
  if (values.services) return lines(startLevels(buildGraph(stack.services)).flatMap((level) => [...level].sort()));
  // As compose: the volumes the services use (an unused one is not part of the model it prints).
  if (values.volumes) {
    const used = usedResources(stack).volumes;
    return lines(Object.keys(stack.volumes).filter((v) => used.has(v)));
  }
  if (values.images)
    return lines(Object.values(stack.services).flatMap((s) => (s.provider ? [] : [imageName(stack, s)])));
  if (values.profiles)
    return lines(
      [
        ...new Set(
          [...Object.values(stack.services), ...Object.values(stack.inactiveServices)].flatMap((s) => s.profiles),
        ),
      ].sort(),
    );
  if (values.hash !== undefined) {
    const names = (
      values.hash === '*' ? Object.keys(stack.services) : values.hash.split(',').map((n) => n.trim())
    ).sort();
    const missing = names.filter((n) => !Object.hasOwn(stack.services, n));
    if (missing.length > 0) throw new UsageError(`--hash: no such service: ${missing.join(', ')}`);
    const ctx = { projectDir: stack.projectDir, homeDir: '' };
    return lines(names.map((n) => `${n} ${composeServiceHash(stack.services[n] as Stack['services'][string], ctx)}`));
  }
  const model = toComposeJson(stack, format, { normalize: !values['no-normalize'] });
  return format === 'json' ? goJsonText(model) : goYamlText(model);
}

/** The stack with only these services and those they depend on, as `config SERVICE…` prints it. */
function only(stack: Stack, names: readonly string[]): Stack {
  const keep = new Set(requiredServices(buildGraph(stack.services), names));
  return { ...stack, services: Object.fromEntries(Object.entries(stack.services).filter(([n]) => keep.has(n))) };
}
