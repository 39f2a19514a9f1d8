import type { BuildSpec, ImageInfo, ImageProgress } from '../orchestrator/driver';
import { BuildFailed, ImageMissing, PushFailed } from '../orchestrator/errors';
import { exists, status } from './engine-api';
import type { EngineApi } from './engine-api';
import { contextFiles } from './dockerignore';
import { contextTar } from './tar';
import { allCredentials, credentialsFor, readDockerConfig } from './registry-auth';
import { pullSize } from './pull-size';
import type { PullSize } from './pull-size';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { isAbsolute, relative, resolve } from 'node:path';
import type Docker from 'dockerode';

/** Images: whether one is there, pulling and building it (progress streamed), removing it. */
export async function hasImage(api: EngineApi, image: string, platform?: string): Promise<boolean> {
  if (!platform) return exists(api, () => api.docker.getImage(image).inspect());
  try {
    const i = (await api.docker.getImage(image).inspect()) as { Os?: string; Architecture?: string; Variant?: string };
    const [os, arch, variant] = platform.split('/');
    // An image of another platform is as good as missing: compose pulls the one asked for.
    return i.Os === os && i.Architecture === arch && (variant === undefined || i.Variant === variant);
  } catch (err) {
    if (status(err) === 404) return false;
    return api.fail(err);
  }
}

/** What pulling the image would download (its registry's manifest), with the user's `docker login` credentials. */
export function imagePullSize(api: EngineApi, image: string): Promise<PullSize | undefined> {
  const auth = api.credentials
    ? credentialsFor(image, readDockerConfig(api.credentials.env, api.credentials.homeDir))
    : undefined;
  // Linux containers, on this processor (what the engine would pull without a platform).
  const architecture =
    ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[
      process.arch
    ] ?? process.arch;
  return pullSize(image, { os: 'linux', architecture }, auth);
}

export async function imageInfo(api: EngineApi, image: string): Promise<ImageInfo | undefined> {
  try {
    const i = (await api.docker.getImage(image).inspect()) as {
      Id: string;
      Size: number;
      Metadata?: { LastTagTime?: string };
    };
    // Go's zero time ("0001-01-01…") says it was never tagged here.
    const tagged = i.Metadata?.LastTagTime ? Date.parse(i.Metadata.LastTagTime) : NaN;
    return { id: i.Id, size: i.Size, ...(Number.isFinite(tagged) && tagged > 0 ? { lastTagTime: tagged } : {}) };
  } catch (err) {
    if (status(err) === 404) return undefined;
    return api.fail(err);
  }
}

/** Pulls with progress summed over layers; a failure (no registry, no such image) is ImageMissing with the engine's reason. */
export async function pullImage(
  api: EngineApi,
  image: string,
  onProgress: (p: ImageProgress) => void,
  signal?: AbortSignal,
  platform?: string,
): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    const auth = api.credentials
      ? credentialsFor(image, readDockerConfig(api.credentials.env, api.credentials.homeDir))
      : undefined;
    stream = await api.docker.pull(image, {
      abortSignal: signal,
      ...(platform ? { platform } : {}),
      ...(auth ? { authconfig: auth } : {}),
    });
  } catch (err) {
    throw new ImageMissing(image, (err as { json?: { message?: string } }).json?.message ?? (err as Error).message);
  }
  const failure = await followLayers(api, stream, onProgress).catch((err: unknown) => (err as Error).message);
  if (failure !== undefined) throw new ImageMissing(image, failure);
}

/** The repository and the tag of a reference (`latest` when none is written), as the push API takes them apart. */
export function repositoryAndTag(ref: string): { repository: string; tag: string } {
  const name = ref.split('@')[0] ?? ref;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/')
    ? { repository: name.slice(0, colon), tag: name.slice(colon + 1) }
    : { repository: name, tag: 'latest' };
}

/**
 * Pushes one tag. The tag is passed apart from the name: given a name alone the engine pushes every
 * tag of the repository. The credentials header is always sent (empty when there are none): older
 * engines refuse a push without one.
 */
export async function pushImage(
  api: EngineApi,
  ref: string,
  onProgress: (p: ImageProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const { repository, tag } = repositoryAndTag(ref);
  let stream: NodeJS.ReadableStream;
  try {
    const auth = api.credentials
      ? credentialsFor(ref, readDockerConfig(api.credentials.env, api.credentials.homeDir))
      : undefined;
    stream = await api.docker.getImage(repository).push({ tag, abortSignal: signal, authconfig: auth ?? {} });
  } catch (err) {
    throw new PushFailed(ref, (err as { json?: { message?: string } }).json?.message ?? (err as Error).message);
  }
  const failure = await followLayers(api, stream, onProgress).catch((err: unknown) => (err as Error).message);
  if (failure !== undefined) throw new PushFailed(ref, failure);
}

/** A pull's or push's progress, summed over layers; resolves with the engine's error message, if it gave one. */
async function followLayers(
  api: EngineApi,
  stream: NodeJS.ReadableStream,
  onProgress: (p: ImageProgress) => void,
): Promise<string | undefined> {
  const layers = new Map<string, { current: number; total: number }>();
  const events = await new Promise<{ error?: string; errorDetail?: { message?: string } }[]>((resolve, reject) => {
    api.docker.modem.followProgress(
      stream,
      (err, output) => (err ? reject(err) : resolve(output as never[])),
      (e: { id?: string; status?: string; progressDetail?: { current?: number; total?: number } }) => {
        if (e.id && e.progressDetail?.total)
          layers.set(e.id, { current: e.progressDetail.current ?? 0, total: e.progressDetail.total });
        let current = 0;
        let total = 0;
        for (const l of layers.values()) {
          current += l.current;
          total += l.total;
        }
        onProgress({ ...(total > 0 ? { current, total } : {}), message: [e.id, e.status].filter(Boolean).join(': ') });
      },
    );
  });
  const failure = events.find((e) => e.error);
  return failure ? (failure.errorDetail?.message ?? failure.error ?? 'failed') : undefined;
}

/** The name an inline (or outside-the-context) Dockerfile gets in the context sent to the engine. */
const INLINE_DOCKERFILE = '.stackpilot.Dockerfile';

/**
 * Builds from a context folder, honouring .dockerignore; the output is streamed and kept on failure.
 * A `dockerfile_inline`, or a Dockerfile outside the context, is written into the context sent, as
 * the docker CLI does for the classic builder.
 */
export async function buildImage(
  api: EngineApi,
  spec: BuildSpec,
  onProgress: (p: ImageProgress) => void,
  signal?: AbortSignal,
): Promise<string[]> {
  const dockerfilePath = isAbsolute(spec.dockerfile) ? spec.dockerfile : resolve(spec.context, spec.dockerfile);
  const outside = relative(spec.context, dockerfilePath).startsWith('..');
  let injected: string | undefined = spec.dockerfileInline;
  if (injected === undefined && outside) {
    try {
      injected = readFileSync(dockerfilePath, 'utf8');
    } catch (err) {
      throw new BuildFailed(spec.tag, `cannot read the Dockerfile ${dockerfilePath}: ${(err as Error).message}`, []);
    }
  }
  const dockerfile = injected !== undefined ? INLINE_DOCKERFILE : relative(spec.context, dockerfilePath);
  const files = contextFiles(spec.context, dockerfile);
  const source =
    injected !== undefined
      ? contextTar(spec.context, files, [{ name: INLINE_DOCKERFILE, content: injected }])
      : { context: spec.context, src: files };
  return buildFromFiles(
    api,
    source,
    [spec.tag, ...(spec.tags ?? [])],
    spec.labels,
    { ...buildQuery(spec), dockerfile },
    onProgress,
    signal,
  );
}

/** The build's query parameters, as the engine's /build names them (the docker CLI's mapping). */
function buildQuery(spec: BuildSpec): Record<string, unknown> {
  return {
    buildargs: spec.args,
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.platform ? { platform: spec.platform } : {}),
    ...(spec.noCache ? { nocache: true } : {}),
    ...(spec.pull ? { pull: 'true' } : {}),
    ...(spec.networkMode ? { networkmode: spec.networkMode } : {}),
    ...(spec.shmSize !== undefined ? { shmsize: spec.shmSize } : {}),
    ...(spec.extraHosts?.length ? { extrahosts: spec.extraHosts } : {}),
    ...(spec.ulimits?.length
      ? { ulimits: JSON.stringify(spec.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard }))) }
      : {}),
    ...(spec.cacheFrom?.length ? { cachefrom: spec.cacheFrom } : {}),
    ...(spec.isolation ? { isolation: spec.isolation } : {}),
  };
}

/** Builds a context from an explicit file list (test fixtures, the demo base image). */
export function buildContext(
  api: EngineApi,
  contextDir: string,
  files: string[],
  tag: string,
  labels: Record<string, string> = {},
): Promise<string[]> {
  return buildFromFiles(
    api,
    { context: contextDir, src: files },
    [tag],
    labels,
    { dockerfile: 'Dockerfile', buildargs: {} },
    () => undefined,
  );
}

async function buildFromFiles(
  api: EngineApi,
  source: { context: string; src: string[] } | Buffer,
  tags: string[],
  labels: Record<string, string>,
  query: Record<string, unknown>,
  onProgress: (p: ImageProgress) => void,
  signal?: AbortSignal,
): Promise<string[]> {
  const tag = tags[0] ?? '';
  let stream: NodeJS.ReadableStream;
  try {
    // Several tags go as repeated t= parameters, as the engine reads them.
    const body = Buffer.isBuffer(source) ? Readable.from([source]) : source;
    // The base images of FROM lines may be on any registry docker login knows.
    const registries = api.credentials
      ? allCredentials(readDockerConfig(api.credentials.env, api.credentials.homeDir))
      : {};
    stream = await api.docker.buildImage(body, {
      ...query,
      t: tags.length === 1 ? tag : tags,
      labels,
      rm: true,
      forcerm: true,
      abortSignal: signal,
      ...(Object.keys(registries).length > 0 ? { registryconfig: registries } : {}),
    } as Docker.ImageBuildOptions);
  } catch (err) {
    return api.fail(err);
  }
  const log: string[] = [];
  const events = await new Promise<{ stream?: string; error?: string; errorDetail?: { message?: string } }[]>(
    (resolve, reject) => {
      api.docker.modem.followProgress(
        stream,
        (err, output) => (err ? reject(err) : resolve(output as never[])),
        (e: { stream?: string }) => {
          for (const line of (e.stream ?? '').split('\n')) {
            if (line.trim() === '') continue;
            log.push(line);
            onProgress({ message: line });
          }
        },
      );
    },
  ).catch((err: unknown) => api.fail(err));
  // followProgress resolves even when the build failed: the failure is an { error } entry.
  const failure = events.find((e) => e.error);
  if (failure) throw new BuildFailed(tag, failure.errorDetail?.message ?? failure.error ?? 'unknown error', log);
  return log;
}

export async function removeImage(api: EngineApi, image: string): Promise<void> {
  try {
    await api.docker.getImage(image).remove({ force: true });
  } catch (err) {
    if (status(err) !== 404) api.fail(err);
  }
}

export async function listImages(
  api: EngineApi,
  labels: Record<string, string>,
): Promise<{ id: string; tags: string[]; labels: Record<string, string> }[]> {
  try {
    const filters = JSON.stringify({ label: Object.entries(labels).map(([k, v]) => `${k}=${v}`), dangling: ['false'] });
    const found = (await api.docker.listImages({ filters })) as {
      Id: string;
      RepoTags?: string[] | null;
      Labels?: Record<string, string> | null;
    }[];
    return found.map((i) => ({
      id: i.Id,
      tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      labels: i.Labels ?? {},
    }));
  } catch (err) {
    return api.fail(err);
  }
}

export async function deleteImage(api: EngineApi, image: string): Promise<'removed' | 'in-use' | 'missing'> {
  try {
    await api.docker.getImage(image).remove();
    return 'removed';
  } catch (err) {
    if (status(err) === 404) return 'missing';
    if (status(err) === 409) return 'in-use';
    return api.fail(err);
  }
}
