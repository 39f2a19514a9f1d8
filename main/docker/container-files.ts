import type { CommitOptions, PathStat } from '../orchestrator/driver';
import { status } from './engine-api';
import type { EngineApi } from './engine-api';

/** A container's filesystem as the engine gives it: exported as a tar, or committed to an image. */
export async function exportContainer(api: EngineApi, id: string): Promise<NodeJS.ReadableStream> {
  try {
    return await api.docker.getContainer(id).export();
  } catch (err) {
    return api.fail(err);
  }
}

/** REPOSITORY[:TAG] split as docker splits it: the tag is after the last colon that follows the last slash. */
export function splitReference(reference: string): { repo: string; tag?: string } {
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/')
    ? { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) }
    : { repo: reference };
}

export async function commitContainer(api: EngineApi, id: string, opts: CommitOptions): Promise<string> {
  const ref = opts.reference ? splitReference(opts.reference) : undefined;
  try {
    const made = (await api.docker.getContainer(id).commit({
      ...(ref ? { repo: ref.repo, ...(ref.tag ? { tag: ref.tag } : {}) } : {}),
      ...(opts.author ? { author: opts.author } : {}),
      ...(opts.message ? { comment: opts.message } : {}),
      ...(opts.changes.length > 0 ? { changes: opts.changes } : {}),
      pause: opts.pause,
    })) as { Id?: string };
    return made.Id ?? '';
  } catch (err) {
    return api.fail(err);
  }
}

/** Go's os.ModeDir, the bit the engine's path stat sets on folders. */
const MODE_DIR = 2 ** 31;

export async function statPath(api: EngineApi, id: string, path: string): Promise<PathStat | undefined> {
  try {
    const res = (await api.docker.getContainer(id).infoArchive({ path })) as {
      headers?: Record<string, string | undefined>;
      resume?: () => void;
    };
    res.resume?.();
    const raw = res.headers?.['x-docker-container-path-stat'];
    if (!raw) return undefined;
    const st = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as {
      name?: string;
      size?: number;
      mode?: number;
      linkTarget?: string;
    };
    return {
      name: st.name ?? '',
      size: st.size ?? 0,
      isDirectory: Math.floor((st.mode ?? 0) / MODE_DIR) % 2 === 1,
      linkTarget: st.linkTarget ?? '',
    };
  } catch (err) {
    if (status(err) === 404) return undefined;
    return api.fail(err);
  }
}

export async function readArchive(api: EngineApi, id: string, path: string): Promise<NodeJS.ReadableStream> {
  try {
    return await api.docker.getContainer(id).getArchive({ path });
  } catch (err) {
    return api.fail(err);
  }
}

export async function writeArchive(api: EngineApi, id: string, folder: string, tar: Buffer): Promise<void> {
  try {
    await api.docker.getContainer(id).putArchive(tar, { path: folder });
  } catch (err) {
    return api.fail(err);
  }
}
