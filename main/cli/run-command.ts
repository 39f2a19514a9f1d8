import { join, resolve } from 'node:path';
import { splitShellWords } from '../orchestrator/compose/shell-words';
import type { Stack } from '../orchestrator/compose/model';
import type { MountSpec, PortBindingSpec } from '../orchestrator/driver';
import type { OneOffOptions } from '../orchestrator/runtime/one-off';
import { handleOrphans } from './up-command';
import { withOrchestrator } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';
import { printProblems } from './up-command';
import { readLeadingOptions, withProjectValues } from './command-args';
import type { SharedRunOptions } from './command-args';
import { attachedTerminal } from './inside-commands';

export const RUN_HELP = `Usage: stackpilot run [OPTIONS] SERVICE [COMMAND] [ARG...]

Run a one-off container of SERVICE (its command replaced when one is given), after starting what it
depends on, as docker compose run does; the exit code is the command's.

Options (before SERVICE): the stack options, and
      --rm                 remove the container once it has exited
      --no-deps            do not start the services it depends on
  -T, --no-TTY             no terminal (for scripts and pipes)
  -e, --env KEY=VALUE      set a variable (repeatable)
  -u, --user USER          run as this user
  -w, --workdir DIR        in this folder
      --name NAME          the container's name
      --entrypoint CMD     replace the image's entrypoint
  -P, --service-ports      publish the service's ports (a one-off has none otherwise)
  -p, --publish [IP:][HOST:]CONTAINER[/PROTO]   publish a port of the one-off (repeatable)
  -v, --volume SOURCE:TARGET[:ro]   mount a host path (or a volume of the stack, or a named volume) (repeatable)
  -d, --detach             start it in the background and print its id
      --build              build the image first (when the service has a build section)
      --cap-add CAP        add a Linux capability (repeatable); --cap-drop CAP drops one
  -l, --label KEY=VALUE    a label over the service's (repeatable)
      --use-aliases        reachable on its networks by the service's name and aliases too
                           (otherwise by its own name only, so the service's name never leads to it)
      --remove-orphans     remove containers of services no longer in the compose file first
`;

export type RunArgs = SharedRunOptions & {
  service: string;
  command: string[];
  rm: boolean;
  noDeps: boolean;
  name?: string;
  entrypoint?: string[];
  servicePorts: boolean;
  publish: PortBindingSpec[];
  /** -v as written: SOURCE:TARGET[:ro|rw], resolved once the stack is known. */
  volumes: string[];
  /** -d: started in the background; its id printed. */
  detach: boolean;
  /** --build: the image built first, as up --build. */
  build: boolean;
  capAdd: string[];
  capDrop: string[];
  /** -l KEY=VALUE: labels over the service's. */
  labels: Record<string, string>;
  /** --use-aliases: reachable by the service's name and aliases too (else by its own name only). */
  useAliases: boolean;
  removeOrphans: boolean;
};

/** `-p [IP:][HOST:]CONTAINER[/PROTO]`, as docker run and compose run read it. */
export function parsePublish(text: string): PortBindingSpec {
  const [spec = '', protocol = 'tcp', extra] = text.split('/');
  const parts = spec.split(':');
  const container = Number(parts.pop());
  const host = parts.pop();
  const ip = parts.join(':').replace(/^\[|\]$/g, '');
  const port = /^\d+(-\d+)?$/;
  if (
    extra !== undefined ||
    !['tcp', 'udp', 'sctp'].includes(protocol) ||
    !Number.isInteger(container) ||
    container < 1 ||
    container > 65535 ||
    (host !== undefined && host !== '' && !port.test(host))
  )
    throw new UsageError(`--publish ${text}: write [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. 8080:80`);
  return { containerPort: container, protocol, ...(host ? { hostPort: host } : {}), ...(ip ? { hostIp: ip } : {}) };
}

/** `-v SOURCE:TARGET[:ro|rw]`: a host path (relative to here), a volume of the stack, or a named volume. */
export function parseVolume(text: string, cwd: string, home: string, stack: Stack): MountSpec {
  const [source = '', target = '', mode, extra] = text.split(':');
  if (
    !source ||
    !target.startsWith('/') ||
    extra !== undefined ||
    (mode !== undefined && mode !== 'ro' && mode !== 'rw')
  )
    throw new UsageError(`--volume ${text}: write SOURCE:TARGET[:ro], TARGET an absolute path in the container`);
  const readOnly = mode === 'ro';
  if (source === '~' || source.startsWith('~/'))
    return { type: 'bind', source: join(home, source.slice(1)), target, readOnly };
  if (source.startsWith('.') || source.startsWith('/'))
    return { type: 'bind', source: resolve(cwd, source), target, readOnly };
  return { type: 'volume', source: stack.volumes[source]?.name ?? source, target, readOnly };
}

/** run's own options come before SERVICE; what follows it is the command, flags and all. */
export function parseRunArgs(args: readonly string[]): RunArgs {
  const own: Omit<RunArgs, keyof SharedRunOptions | 'service' | 'command'> = {
    rm: false,
    noDeps: false,
    servicePorts: false,
    publish: [],
    volumes: [],
    detach: false,
    build: false,
    capAdd: [],
    capDrop: [],
    labels: {},
    useAliases: false,
    removeOrphans: false,
  };
  const { shared, service, rest } = readLeadingOptions('run', args, (flag, value) => {
    if (flag === '--rm') own.rm = true;
    else if (flag === '--no-deps') own.noDeps = true;
    else if (flag === '--name') own.name = value();
    else if (flag === '--entrypoint') own.entrypoint = splitShellWords(value()).words;
    else if (flag === '--service-ports' || flag === '-P') own.servicePorts = true;
    else if (flag === '-p' || flag === '--publish') own.publish.push(parsePublish(value()));
    else if (flag === '-v' || flag === '--volume') own.volumes.push(value());
    else if (flag === '-d' || flag === '--detach') own.detach = true;
    else if (flag === '--build') own.build = true;
    else if (flag === '--cap-add') own.capAdd.push(value());
    else if (flag === '--cap-drop') own.capDrop.push(value());
    else if (flag === '-l' || flag === '--label') {
      const [key = '', ...rest] = value().split('=');
      if (!key) throw new UsageError('--label needs KEY=VALUE');
      own.labels[key] = rest.join('=');
    } else if (flag === '--use-aliases') own.useAliases = true;
    else if (flag === '--remove-orphans') own.removeOrphans = true;
    // Compose's defaults, so taken as they are: stdin is kept open, and a pull here is one state line.
    else if (flag === '-i' || flag === '--interactive' || flag === '--quiet-pull') return true;
    else return false;
    return true;
  });
  if (!service) throw new UsageError('run needs a service: stackpilot run api sh');
  return { ...shared, ...own, service, command: rest };
}

export function runCommand(io: CliIO, values: StackArgs, r: RunArgs): Promise<number> {
  return withOrchestrator(io, values, [r.service], async (runner, stack) => {
    const deps = Object.keys(stack.services[r.service]?.dependsOn ?? {});
    if (!r.noDeps && deps.length > 0) {
      const up = await runner.up(deps);
      if (!up.ok) {
        printProblems(io, runner, up.problems);
        return ExitCode.failure;
      }
    }
    const options = (tty: boolean): OneOffOptions => ({
      ...(r.command.length > 0 ? { command: r.command } : {}),
      ...(r.entrypoint ? { entrypoint: r.entrypoint } : {}),
      env: withProjectValues(r.env, io.env, stack),
      ...(r.user ? { user: r.user } : {}),
      ...(r.workdir ? { workdir: r.workdir } : {}),
      ...(r.name ? { name: r.name } : {}),
      tty,
      servicePorts: r.servicePorts,
      publish: r.publish,
      volumes: r.volumes.map((v) => parseVolume(v, io.cwd, io.homeDir, stack)),
      remove: r.rm,
      build: r.build,
      capAdd: r.capAdd,
      capDrop: r.capDrop,
      labels: r.labels,
      useAliases: r.useAliases,
    });
    if (r.removeOrphans) await handleOrphans(io, runner, true);
    if (r.detach) {
      // As compose: the container's id, and the engine removes it on exit under --rm.
      io.stdout(`${await runner.startOneOff(r.service, options(false))}\n`);
      return ExitCode.ok;
    }
    return attachedTerminal(io, r.tty, (streams, tty) => runner.runOneOff(r.service, options(tty), streams));
  });
}
