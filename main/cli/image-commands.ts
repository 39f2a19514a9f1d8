import type { Service, Stack } from '../orchestrator/compose/model';
import type { ContainerDriver } from '../orchestrator/driver';
import { describeError } from '../orchestrator/errors';
import { imageName } from '../orchestrator/runtime/container-spec';
import { buildSpecOf } from '../orchestrator/runtime/image-fetch';
import { Label } from '../orchestrator/runtime/labels';
import { buildGraph, requiredServices, startLevels } from '../orchestrator/graph';
import { withEngineErrors } from './engine-session';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { UsageError, checkServiceNames, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';

/** pull, build and images: what compose does with a stack's images, without starting anything. */

export const PULL_HELP = `Usage: stackpilot pull [OPTIONS] [SERVICE...]

Pull the images of services (default: all) that name one. A service that can also be built is
pulled too; if its pull fails, it is said and it is no failure (it is built at up).

Options: the stack options, and
      --ignore-buildable       skip services with a build section
      --include-deps           also the images of the services they depend on
      --ignore-pull-failures   pull what can be; a failure is said, and is no failure of the command
      --policy missing         only the images not already here (default: always)
  -q, --quiet                  print nothing but errors
`;

export const BUILD_HELP = `Usage: stackpilot build [OPTIONS] [SERVICE...]

Build the images of services (default: all) that have a build section.

Options: the stack options, and
      --no-cache             build without the layer cache
      --pull                 pull newer versions of the base images first
      --build-arg KEY=VALUE  set a build argument over the file's (repeatable; a bare KEY takes it from the environment)
  -q, --quiet                print nothing but errors
      --push                 push what was built to its registry (as stackpilot push)
      --with-dependencies    also build what the services depend on
`;

export const IMAGES_HELP = `Usage: stackpilot images [OPTIONS] [SERVICE...]

List the images the stack's containers were made from.

Options: the stack options, and
  -q, --quiet          only the image IDs
      --format FORMAT  table (the default) or json (one array, as docker compose prints it)
`;

export const PUSH_HELP = `Usage: stackpilot push [OPTIONS] [SERVICE...]

Push the images of services (default: all) that are built here and name an image to push to
(\`build\` and \`image\`, and the build's \`tags\`), with your docker login credentials, as docker
compose push does. Other services are skipped, and said so.

Options: the stack options, and
      --include-deps           also the images of the services they depend on
      --ignore-push-failures   push what can be; a failure is said, and is no failure of the command
  -q, --quiet                  print nothing but errors
`;

/** Runs `body` with the stack the options name and the engine, turning engine failures into exit 1. */
async function withImages(
  io: CliIO,
  values: StackArgs,
  services: string[],
  body: (stack: Stack, driver: ContainerDriver, chosen: Service[]) => Promise<number>,
): Promise<number> {
  const stack = loadFromArgs(io, values, services);
  if (!stack) return ExitCode.invalidInput;
  checkServiceNames(stack, services);
  // A provider's service has no image to pull, build or list.
  const chosen = (services.length > 0 ? services : Object.keys(stack.services))
    .map((n) => stack.services[n])
    .filter((s): s is Service => s !== undefined && !s.provider);
  return withEngineErrors(io, async () => body(stack, await io.connectEngine(), chosen));
}

export function pullCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const policy = values.policy ?? 'always';
  if (policy !== 'always' && policy !== 'missing')
    throw new UsageError(`--policy must be always or missing, not "${policy}"`);
  const say = values.quiet ? () => undefined : (text: string) => io.stdout(text);
  return withImages(io, values, services, async (stack, driver, chosen) => {
    let failed = false;
    // One pull per image, however many services name it.
    const byImage = new Map<string, Service[]>();
    for (const s of withDependencies(stack, chosen, values['include-deps'] === true)) {
      if (!s.image || (s.build && values['ignore-buildable'])) continue;
      byImage.set(s.image, [...(byImage.get(s.image) ?? []), s]);
    }
    for (const [image, users] of byImage) {
      const names = users.map((u) => u.name).join(', ');
      if (policy === 'missing' && (await driver.hasImage(image, users[0]?.platform))) {
        say(`${paint(io, 90, `${image} is here`)} (${names}; --policy missing)\n`);
        continue;
      }
      say(`Pulling ${image} (${names})\n`);
      try {
        await driver.pullImage(image, () => undefined, undefined, users[0]?.platform);
        say(`${paint(io, 32, `${image} pulled`)}\n`);
      } catch (err) {
        const buildable = users.every((u) => u.build);
        io.stderr(
          `${paint(io, buildable ? 33 : 31, `${image}: ${describeError(err)}`)}${buildable ? ' (it can be built: stackpilot build)' : ''}\n`,
        );
        if (!buildable) failed = true;
      }
    }
    if (byImage.size === 0) io.stderr(`no image to pull for ${stack.name}\n`);
    return failed && !values['ignore-pull-failures'] ? ExitCode.failure : ExitCode.ok;
  });
}

/** The chosen services, and with `deps` what they depend on (transitively), dependencies first. */
function withDependencies(stack: Stack, chosen: readonly Service[], deps: boolean): Service[] {
  if (!deps) return [...chosen];
  const graph = buildGraph(stack.services);
  const names = new Set(
    requiredServices(
      graph,
      chosen.map((s) => s.name),
    ),
  );
  return startLevels(graph)
    .flat()
    .map((n) => stack.services[n])
    .filter((s): s is Service => s !== undefined && names.has(s.name) && !s.provider);
}

/** --build-arg KEY=VALUE, or a bare KEY from the environment (left out when it is not set, as compose does). */
function buildArgs(io: CliIO, written: readonly string[] = []): Record<string, string> {
  const args: Record<string, string> = {};
  for (const a of written) {
    const at = a.indexOf('=');
    const key = at < 0 ? a : a.slice(0, at);
    if (!key) throw new UsageError(`--build-arg ${a}: write KEY=VALUE`);
    const value = at < 0 ? io.env[key] : a.slice(at + 1);
    if (value !== undefined) args[key] = value;
  }
  return args;
}

export function buildCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const args = buildArgs(io, values['build-arg']);
  const say = values.quiet ? () => undefined : (text: string) => io.stdout(text);
  return withImages(io, values, services, async (stack, driver, named) => {
    // --with-dependencies: what they depend on is built too, first.
    const chosen = withDependencies(stack, named, values['with-dependencies'] === true);
    const built = new Set<string>();
    for (const s of chosen) {
      if (!s.build) continue;
      const image = imageName(stack, s);
      if (built.has(image)) continue;
      built.add(image);
      say(`Building ${s.name} (${image})\n`);
      const spec = buildSpecOf(stack, s, image, {
        noCache: values['no-cache'] === true,
        pull: (values.pull as unknown) === true,
        args,
      });
      try {
        await driver.buildImage(spec, (p) => say(`${paint(io, 90, `${s.name} |`)} ${p.message}\n`));
        say(`${paint(io, 32, `${image} built`)}\n`);
      } catch (err) {
        io.stderr(`${paint(io, 31, `stackpilot: building ${s.name} failed: ${describeError(err)}`)}\n`);
        return ExitCode.failure;
      }
    }
    // --push: what was built goes to its registry, as compose's build --push.
    if (values.push)
      return (await pushImages(
        io,
        driver,
        chosen.filter((s) => s.build && s.image),
        say,
        false,
      )) === 'failed'
        ? ExitCode.failure
        : ExitCode.ok;
    return ExitCode.ok;
  });
}

export function pushCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const say = values.quiet ? () => undefined : (text: string) => io.stdout(text);
  return withImages(io, values, services, async (stack, driver, chosen) => {
    const outcome = await pushImages(
      io,
      driver,
      withDependencies(stack, chosen, values['include-deps'] === true),
      say,
      values['ignore-push-failures'] === true,
    );
    if (outcome === 'some-failed') io.stderr('some images were not pushed (--ignore-push-failures): see above\n');
    return outcome === 'failed' ? ExitCode.failure : ExitCode.ok;
  });
}

/** Every tag of what the services build (`image` and `build.tags`), in turn; the others skipped, and said so. */
async function pushImages(
  io: CliIO,
  driver: ContainerDriver,
  services: readonly Service[],
  say: (text: string) => void,
  ignoreFailures: boolean,
): Promise<'ok' | 'some-failed' | 'failed'> {
  let failed = false;
  for (const s of services) {
    if (!s.build || !s.image) {
      say(
        `${paint(io, 90, `${s.name} skipped`)} (${s.build ? 'no image: names the registry to push to' : 'not built here'})\n`,
      );
      continue;
    }
    for (const ref of [s.image, ...(s.build.tags ?? [])]) {
      say(`Pushing ${ref} (${s.name})\n`);
      try {
        let last = -1;
        await driver.pushImage(ref, (p) => {
          // A line each tenth of the way: progress for a big image, not a flood for a small one.
          const tenth = p.total ? Math.floor((10 * (p.current ?? 0)) / p.total) : -1;
          if (tenth > last && tenth < 10 && p.total && p.total > 10_000_000)
            say(`${paint(io, 90, `${s.name} |`)} ${size(p.current ?? 0)} of ${size(p.total)}\n`);
          last = Math.max(last, tenth);
        });
        say(`${paint(io, 32, `${ref} pushed`)}\n`);
      } catch (err) {
        io.stderr(`${paint(io, 31, `stackpilot: ${describeError(err)}`)}\n`);
        if (!ignoreFailures) return 'failed';
        failed = true;
      }
    }
  }
  return failed ? 'some-failed' : 'ok';
}

const size = (bytes: number): string =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(2)}GB`
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(1)}MB`
      : `${(bytes / 1e3).toFixed(0)}kB`;

export function imagesCommand(io: CliIO, values: StackArgs, services: string[]): Promise<number> {
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  return withImages(io, values, services, async (stack, driver, chosen) => {
    const wanted = new Set(chosen.map((s) => s.name));
    const containers = (await driver.listContainers({ [Label.project]: stack.name })).filter((c) =>
      wanted.has(c.labels[Label.service] ?? ''),
    );
    const rows = await Promise.all(
      containers.map(async (c) => {
        const info = await driver.imageInfo(c.labels[Label.image] ?? c.image);
        const colon = c.image.lastIndexOf(':');
        const [repository, tag] =
          colon > c.image.lastIndexOf('/') ? [c.image.slice(0, colon), c.image.slice(colon + 1)] : [c.image, 'latest'];
        const fullId = (info?.id ?? '').replace(/^sha256:/, '');
        return {
          container: c.name,
          repository,
          tag,
          fullId,
          bytes: info?.size,
          id: fullId.slice(0, 12) || '<missing>',
          size: info ? size(info.size) : '-',
        };
      }),
    );
    rows.sort((a, b) => a.container.localeCompare(b.container));
    if (values.quiet) {
      // The whole id, as compose's -q prints it.
      for (const id of new Set(rows.map((r) => r.fullId || r.id))) io.stdout(`${id}\n`);
      return ExitCode.ok;
    }
    if (format === 'json') {
      // compose's array, on one line.
      io.stdout(
        `${JSON.stringify(rows.map((r) => ({ ID: r.fullId ? `sha256:${r.fullId}` : '', ContainerName: r.container, Repository: r.repository, Tag: r.tag, Size: r.bytes ?? 0 })))}\n`,
      );
      return ExitCode.ok;
    }
    const header = { container: 'CONTAINER', repository: 'REPOSITORY', tag: 'TAG', id: 'IMAGE ID', size: 'SIZE' };
    const cols = ['container', 'repository', 'tag', 'id'] as const;
    const widths = cols.map((k) => Math.max(header[k].length, ...rows.map((r) => r[k].length)));
    for (const r of [header, ...rows])
      io.stdout(`${cols.map((k, i) => r[k].padEnd(widths[i] ?? 0)).join('   ')}   ${r.size}\n`);
    return ExitCode.ok;
  });
}
