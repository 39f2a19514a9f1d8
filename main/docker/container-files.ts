import type { CommitOptions } from '../engine/driver';
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
  return colon > reference.lastIndexOf('/') ? { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) } : { repo: reference };
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
