import type { AttachedIO, ContainerSpec, MountSpec, PortBindingSpec } from '../driver';
import { ConfigRefused } from '../errors';
import type { ImageFetcher } from './image-fetch';
import { Label } from './labels';
import { ensureResources } from './resources';
import type { RunContext } from './run-context';

/** What `run` changes of a service for its one-off container, as compose's flags say. */
export interface OneOffOptions {
  command?: string[];
  entrypoint?: string[];
  env: string[];
  user?: string;
  workdir?: string;
  name?: string;
  tty: boolean;
  /** --service-ports: publish the service's ports (compose leaves them out of a one-off). */
  servicePorts?: boolean;
  /** --rm: remove the container once it has exited. */
  remove?: boolean;
  /** -d: started in the background, nothing attached (the engine removes it under --rm). */
  detach?: boolean;
  /** -p: ports published for this one-off. */
  publish?: PortBindingSpec[];
  /** -v: more mounts. */
  volumes?: MountSpec[];
  /** --build: built first even when the image is there. */
  build?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  labels?: Record<string, string>;
  /** --use-aliases: on its networks under the service's name and aliases too, as compose's flag. */
  useAliases?: boolean;
}

/**
 * A one-off container of a service, as `docker compose run` makes it: the service's settings with
 * the command and the flags over them, labelled oneoff, no published ports and no restart policy
 * unless asked, named `<project>-<service>-run-<id>`.
 */
export function oneOffSpec(ctx: RunContext, service: string, opts: OneOffOptions): ContainerSpec {
  const base = ctx.spec(service);
  const suffix = Array.from({ length: 12 }, () => Math.floor(ctx.random() * 16).toString(16)).join('');
  const name = opts.name ?? `${ctx.stack.name}-${service}-run-${suffix}`;
  const { restartPolicy: _restart, ...rest } = base;
  return {
    ...rest,
    name,
    labels: { ...base.labels, ...opts.labels, [Label.oneoff]: 'True' },
    ...(opts.command ? { command: opts.command } : {}),
    ...(opts.entrypoint ? { entrypoint: opts.entrypoint } : {}),
    env: [...base.env, ...opts.env],
    ...(opts.user ? { user: opts.user } : {}),
    ...(opts.workdir ? { workingDir: opts.workdir } : {}),
    ports: [...(opts.servicePorts ? base.ports : []), ...(opts.publish ?? [])],
    mounts: [...base.mounts, ...(opts.volumes ?? [])],
    // By its own name only, as compose makes a one-off: a service's name must not resolve to it.
    networks: base.networks.map((n) => ({
      ...n,
      aliases: [name, ...(opts.useAliases ? n.aliases.filter((a) => a !== base.name) : [])],
    })),
    settings: { ...base.settings, ...capabilities(base.settings, opts), tty: opts.tty, stdinOpen: !opts.detach },
    ...(opts.detach ? { autoRemove: opts.remove ?? false } : { attachStdin: true }),
  };
}

/** --cap-add and --cap-drop over the service's: one added is no longer dropped, one dropped no longer added, the drop applied last (compose's rule). */
function capabilities(
  settings: ContainerSpec['settings'],
  opts: OneOffOptions,
): { capAdd?: string[]; capDrop?: string[] } {
  if (!opts.capAdd?.length && !opts.capDrop?.length) return {};
  const added = opts.capAdd ?? [];
  const dropped = opts.capDrop ?? [];
  return {
    capAdd: [...(settings?.capAdd ?? []), ...added].filter((c) => !dropped.includes(c)),
    capDrop: [...(settings?.capDrop ?? []).filter((c) => !added.includes(c)), ...dropped],
  };
}

/** Runs the one-off: its networks, volumes and image made if need be, then attached to `io`; its exit code. */
export async function runOneOff(
  ctx: RunContext,
  images: ImageFetcher,
  service: string,
  opts: OneOffOptions,
  io: AttachedIO,
  signal: AbortSignal,
): Promise<number> {
  const { id } = await createOneOff(ctx, images, service, opts, signal);
  try {
    return await ctx.driver.runAttached(id, io, opts.tty);
  } finally {
    if (opts.remove) await ctx.driver.removeContainer(id, { removeAnonymousVolumes: true });
  }
}

/** `run -d`: the one-off made and started in the background; its id. */
export async function startOneOff(
  ctx: RunContext,
  images: ImageFetcher,
  service: string,
  opts: OneOffOptions,
  signal: AbortSignal,
): Promise<string> {
  const { id } = await createOneOff(ctx, images, service, { ...opts, detach: true }, signal);
  await ctx.driver.startContainer(id);
  return id;
}

async function createOneOff(
  ctx: RunContext,
  images: ImageFetcher,
  service: string,
  opts: OneOffOptions,
  signal: AbortSignal,
): Promise<{ id: string; spec: ContainerSpec }> {
  const svc = ctx.service(service);
  if (svc.provider)
    throw new ConfigRefused(
      service,
      'provider',
      `it is run by the provider ${svc.provider.type}: it has no container to run a command in`,
      'run the command in a service that has an image or a build',
    );
  await ensureResources(ctx, [svc.name]);
  const spec = oneOffSpec(ctx, service, opts);
  await images.ensure(service, svc, spec, signal, opts.build ? { build: 'always' } : {});
  const id = await ctx.driver.createContainer(spec);
  if (spec.files?.length) await ctx.driver.copyFiles(id, spec.files);
  return { id, spec };
}
