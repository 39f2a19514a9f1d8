import type { Service, Stack } from '../compose/model';
import type { BuildSpec, ContainerSpec } from '../driver';
import { BuildContextMissing, ConfigRefused, ImageMissing, describeError } from '../errors';
import { refreshInterval } from '../compose/service-modes';
import { imageName } from './container-spec';
import { COMPOSE_VERSION, Label } from './labels';
import type { Reason } from './reasons';
import type { RunContext } from './run-context';

export interface ImageOverrides {
  build?: 'always' | 'never';
  pull?: 'always' | 'missing' | 'never';
}

/**
 * What the engine builds for a service with a build section, tagged `image` (its image name). `over`:
 * build's flags (--no-cache, --pull, and --build-arg over the file's args).
 */
export function buildSpecOf(
  stack: Stack,
  builder: Service,
  image: string,
  over: { noCache?: boolean; pull?: boolean; args?: Record<string, string> } = {},
): BuildSpec {
  const build = builder.build;
  if (!build) throw new Error(`service ${builder.name} has no build section`);
  const buildkit = [
    ...Object.keys(build.buildkitOnly ?? {}),
    ...((build.platforms?.length ?? 0) > 1 ? ['platforms'] : []),
  ];
  if (buildkit.length > 0)
    throw new ConfigRefused(
      builder.name,
      `build.${buildkit[0] ?? ''}`,
      `build.${buildkit.join(', build.')} ${buildkit.length > 1 ? 'need' : 'needs'} BuildKit, and Stackpilot builds with the engine's classic builder`,
      'build this image with docker compose build (or docker buildx) first; Stackpilot then runs it without building',
    );
  const args = {
    ...Object.fromEntries(Object.entries(build.args).filter((e): e is [string, string] => e[1] !== null)),
    ...over.args,
  };
  return {
    context: build.context,
    dockerfile: build.dockerfile,
    args,
    ...(build.target ? { target: build.target } : {}),
    ...(builder.platform || build.platforms?.[0] ? { platform: builder.platform ?? build.platforms?.[0] } : {}),
    ...(over.noCache || build.noCache ? { noCache: true } : {}),
    ...(over.pull || build.pull ? { pull: true } : {}),
    ...(build.dockerfileInline !== undefined ? { dockerfileInline: build.dockerfileInline } : {}),
    ...(build.tags?.length ? { tags: build.tags } : {}),
    ...(build.network ? { networkMode: build.network } : {}),
    ...(build.shmSize !== undefined ? { shmSize: build.shmSize } : {}),
    ...(build.extraHosts?.length ? { extraHosts: build.extraHosts } : {}),
    ...(build.ulimits
      ? { ulimits: Object.entries(build.ulimits).map(([name, u]) => ({ name, soft: u.soft, hard: u.hard })) }
      : {}),
    ...(build.cacheFrom?.length ? { cacheFrom: build.cacheFrom } : {}),
    ...(build.isolation ? { isolation: build.isolation } : {}),
    tag: image,
    // As compose labels what it builds: `down --rmi local` finds them by these.
    labels: {
      ...build.labels,
      [Label.version]: COMPOSE_VERSION,
      [Label.project]: stack.name,
      [Label.service]: builder.name,
    },
  };
}

/**
 * Images: pulls and builds with progress on the services that need them, shared per image (services
 * that name the same image wait for one fetch of it; the one with a build section makes it, as
 * compose does).
 */
export class ImageFetcher {
  /** Pulls and builds in flight, by image. */
  private readonly work = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: RunContext,
    /** After an image is ready, the service says again what it waits on. */
    private readonly explainWait: (service: string) => void,
  ) {}

  /**
   * Makes sure the service's image is on the engine, fetching it if not; `unit` shows how it goes.
   * `over`: up's --build / --no-build / --pull, over the service's pull_policy.
   */
  async ensure(
    unit: string,
    service: Service,
    spec: ContainerSpec,
    signal: AbortSignal,
    over: ImageOverrides = {},
  ): Promise<void> {
    const step = await this.decide(service, spec, over);
    if (!step) return;
    await this.fetch(unit, service, spec, signal, step.how);
    this.ctx.book.apply(unit, {
      type: 'starting',
      why: { code: 'image-ready', image: spec.image },
      patch: { progress: undefined },
    });
    this.explainWait(unit);
  }

  /**
   * What an up does for the service's image, and why: pulled, built, or (undefined) used as it is.
   * Throws what the up would refuse (an image missing that it may neither pull nor build).
   */
  async decide(
    service: Service,
    spec: ContainerSpec,
    over: ImageOverrides = {},
  ): Promise<{ how: 'pull' | 'build'; why: string } | undefined> {
    const builder = this.builderOf(service, spec);
    const interval = refreshInterval(service);
    if (interval !== undefined && !over.pull && !(builder && over.build)) {
      // A pull on a schedule: the image is pulled again once it is older than the interval, as compose does.
      const info = await this.ctx.driver.imageInfo(spec.image);
      if (info?.lastTagTime !== undefined && this.ctx.clock.now() - info.lastTagTime < interval) return undefined;
      return {
        how: 'pull',
        why: `pull_policy ${service.pullPolicy ?? ''}: ${info ? 'older than its refresh interval' : 'not on the engine'}`,
      };
    }
    const policy = builder && over.build === 'always' ? 'build' : (over.pull ?? service.pullPolicy ?? 'missing');
    // always: pulled at every up; build: built at every up; else only when it is not there.
    if (policy !== 'always' && policy !== 'build' && (await this.ctx.driver.hasImage(spec.image, spec.platform)))
      return undefined;
    if (builder && over.build === 'never')
      throw new ImageMissing(spec.image, 'it is not on the engine, and --no-build says not to build it');
    if (policy === 'never' && !builder)
      throw new ImageMissing(
        spec.image,
        `it is not on the engine, and ${over.pull ? '--pull never' : 'the service has pull_policy: never'} says not to pull it`,
      );
    if (policy === 'always') return { how: 'pull', why: over.pull ? '--pull always' : 'pull_policy: always' };
    if (!builder)
      return {
        how: 'pull',
        why: policy === 'build' ? 'pull_policy: build, and nothing builds it' : 'not on the engine',
      };
    return {
      how: 'build',
      why: policy === 'build' ? (over.build === 'always' ? '--build' : 'pull_policy: build') : 'not on the engine',
    };
  }

  /** An image a `pre_start` hook runs in: pulled when it is not on the engine, shown on `unit`. */
  async ensureImage(unit: string, image: string, signal: AbortSignal, platform?: string): Promise<void> {
    if (await this.ctx.driver.hasImage(image, platform)) return;
    let work = this.work.get(image);
    if (!work) {
      work = this.pull(unit, image, signal, platform).finally(() => this.work.delete(image));
      this.work.set(image, work);
    }
    await work;
  }

  /**
   * Fetches every missing image without starting anything (the onboarding checklist's step before
   * Start). Services show `pulling` / `building` with progress meanwhile, then go back to their state.
   */
  async fetchAll(signal: AbortSignal): Promise<{ service: string; image: string; error?: string }[]> {
    const { ctx } = this;
    const results = await Promise.all(
      // A provider's service has no image: its program makes what it runs.
      Object.values(ctx.stack.services).map(async (service) => {
        if (service.provider) return undefined;
        const spec = ctx.spec(service.name);
        if (await ctx.driver.hasImage(spec.image, spec.platform)) return undefined;
        const before = ctx.book.get(service.name);
        const restore = (why: Reason): void => {
          if (before)
            ctx.book.apply(service.name, {
              type: 'observed',
              status: before.status,
              why,
              patch: { progress: undefined },
            });
        };
        try {
          await this.fetch(service.name, service, spec, signal);
          restore({ code: 'image-ready', image: spec.image });
          return { service: service.name, image: spec.image };
        } catch (err) {
          restore({ code: 'image-fetch-failed', image: spec.image, error: (err as Error).message });
          return { service: service.name, image: spec.image, error: describeError(err) };
        }
      }),
    );
    return results.filter((r): r is NonNullable<typeof r> => r !== undefined);
  }

  /** The service that builds this image: the service itself, or one with a build section that makes it. */
  private builderOf(service: Service, spec: ContainerSpec): Service | undefined {
    const { stack } = this.ctx;
    return service.build
      ? service
      : Object.values(stack.services).find((s) => s.build && imageName(stack, s) === spec.image);
  }

  /** `how`: a pull or a build whatever the service has (pull_policy always, build). */
  private fetch(
    shownOn: string,
    service: Service,
    spec: ContainerSpec,
    signal: AbortSignal,
    how?: 'pull' | 'build',
  ): Promise<void> {
    const { book } = this.ctx;
    const builder = how === 'pull' ? undefined : this.builderOf(service, spec);
    let work = this.work.get(spec.image);
    if (work) {
      book.apply(shownOn, {
        type: 'fetching',
        kind: builder ? 'building' : 'pulling',
        why: { code: 'image-shared', image: spec.image, kind: builder ? 'built' : 'pulled' },
      });
    } else {
      work = (
        builder
          ? this.build(builder, shownOn, spec.image, signal)
          : this.pull(shownOn, spec.image, signal, spec.platform)
      ).finally(() => this.work.delete(spec.image));
      this.work.set(spec.image, work);
    }
    return work;
  }

  private async build(builder: Service, shownOn: string, image: string, signal: AbortSignal): Promise<void> {
    const { ctx } = this;
    const build = builder.build;
    if (!build) return;
    if (!/^[a-z]+:\/\//.test(build.context) && !ctx.host.exists(build.context))
      throw new BuildContextMissing(image, build.context);
    ctx.book.apply(shownOn, {
      type: 'fetching',
      kind: 'building',
      why: { code: 'building', image, context: build.context },
    });
    await ctx.driver.buildImage(
      buildSpecOf(ctx.stack, builder, image),
      (p) =>
        ctx.book.apply(shownOn, {
          type: 'fetching',
          kind: 'building',
          why: { code: 'build-progress', image, message: p.message },
          patch: { progress: p },
        }),
      signal,
    );
  }

  private async pull(shownOn: string, image: string, signal: AbortSignal, platform?: string): Promise<void> {
    const { book, driver } = this.ctx;
    book.apply(shownOn, { type: 'fetching', kind: 'pulling', why: { code: 'pulling', image } });
    await driver.pullImage(
      image,
      (p) =>
        book.apply(shownOn, {
          type: 'fetching',
          kind: 'pulling',
          why: {
            code: 'pulling',
            image,
            ...(p.total ? { percent: Math.round(((p.current ?? 0) / p.total) * 100) } : {}),
          },
          patch: { progress: p },
        }),
      signal,
      platform,
    );
  }
}
