import type { Stack } from '../compose/model';
import type { ContainerDriver } from '../driver';
import { imageName } from './container-spec';
import { Label } from './labels';

/** `down --rmi`: local, the images the project built; all, the services' named images too. */
export type RemoveImages = 'local' | 'all';

/** What of the engine the choice and the removal need. */
export type ImagePort = 'imageInfo' | 'listImages' | 'deleteImage';

/** A reference as the engine names it: a tag, `latest` when none is written. */
function normalised(ref: string): string {
  const name = ref.split('@')[0] ?? ref;
  return ref.includes('@') || name.lastIndexOf(':') > name.lastIndexOf('/') ? ref : `${ref}:latest`;
}

/**
 * The images `down --rmi` removes, as docker compose picks them: with `all` each service's `image`
 * that is here; always the images labelled with the project whose service is in the file, and the
 * default names (PROJECT-SERVICE) of the services built without an `image`.
 */
export async function imagesToRemove(
  driver: Pick<ContainerDriver, ImagePort>,
  stack: Stack,
  mode: RemoveImages,
): Promise<string[]> {
  const services = Object.values(stack.services);
  const here = async (ref: string): Promise<boolean> => (await driver.imageInfo(ref)) !== undefined;
  const out: string[] = [];
  if (mode === 'all') for (const s of services) if (s.image && (await here(s.image))) out.push(s.image);
  for (const img of await driver.listImages({ [Label.project]: stack.name })) {
    const tag = img.tags[0];
    if (tag && stack.services[img.labels[Label.service] ?? '']) out.push(tag);
  }
  for (const s of services) if (!s.image && (await here(imageName(stack, s)))) out.push(imageName(stack, s));
  // Sorted, as compose removes them.
  return [...new Set(out.map(normalised))].sort();
}

/** Removes them, not forced: one a container elsewhere still uses is kept, and said so. */
export async function removeImages(
  driver: Pick<ContainerDriver, ImagePort>,
  refs: readonly string[],
): Promise<{ removed: string[]; inUse: string[] }> {
  const removed: string[] = [];
  const inUse: string[] = [];
  for (const ref of refs) {
    const outcome = await driver.deleteImage(ref);
    if (outcome === 'removed') removed.push(ref);
    else if (outcome === 'in-use') inUse.push(ref);
  }
  return { removed, inUse };
}
