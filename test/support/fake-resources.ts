import type {
  BuildSpec,
  ImageInfo,
  ImageProgress,
  NetworkAttachment,
  NetworkSpec,
  VolumeSpec,
} from '../../main/orchestrator/driver';
import { ImageMissing, PushFailed } from '../../main/orchestrator/errors';
import { FakeEngineBase } from './fake-engine-base';

/** The fake engine's images, networks and volumes (ImagePort, NetworkVolumePort). */
export abstract class FakeResources extends FakeEngineBase {
  protected readonly networks = new Map<string, Record<string, string>>();

  protected readonly volumes = new Map<string, Record<string, string>>();

  hasImage(image: string): Promise<boolean> {
    return Promise.resolve(!this.missingImages.has(image) && (this.images === undefined || this.images.has(image)));
  }

  /** When each image was last pulled or tagged (fake ms); unset: at the fake clock's start. */
  readonly tagTimes = new Map<string, number>();

  imageInfo(image: string): Promise<ImageInfo | undefined> {
    const id = `sha256:${Buffer.from(image).toString('hex').padEnd(64, '0').slice(0, 64)}`;
    return this.hasImage(image).then((has) =>
      has ? { id, size: 1_000_000, lastTagTime: this.tagTimes.get(image) ?? 1_000_000 } : undefined,
    );
  }

  /** No registry here either: a pull always fails, as it does on the machines the tests run on. */
  pullImage(image: string, onProgress: (p: ImageProgress) => void): Promise<void> {
    this.calls.push(`pull ${image}`);
    onProgress({ message: `pulling ${image}` });
    return Promise.reject(new ImageMissing(image, 'no registry'));
  }

  /** A push of an image that is here succeeds (the fake registry takes anything); of one that is not, fails as the engine's does. */
  async pushImage(ref: string, onProgress: (p: ImageProgress) => void): Promise<void> {
    this.calls.push(`push ${ref}`);
    if (!(await this.hasImage(ref))) throw new PushFailed(ref, `An image does not exist locally with the tag: ${ref}`);
    onProgress({ message: `pushing ${ref}` });
  }

  /** What each build was asked for. */
  readonly builds: BuildSpec[] = [];

  buildImage(spec: BuildSpec): Promise<string[]> {
    this.builds.push(spec);
    this.calls.push(`build ${spec.tag}`);
    // A build takes a while, so services sharing the image overlap with it.
    return this.clock.sleep(200).then(() => {
      this.missingImages.delete(spec.tag);
      this.images?.add(spec.tag);
      return ['built'];
    });
  }

  listImages(): Promise<{ id: string; tags: string[]; labels: Record<string, string> }[]> {
    return Promise.resolve([]);
  }

  deleteImage(image: string): Promise<'removed' | 'in-use' | 'missing'> {
    this.calls.push(`rmi ${image}`);
    // `redis` and `redis:latest` are one image.
    const names = new Set([image, image.replace(/:latest$/, '')]);
    if ([...this.containers.values()].some((c) => names.has(c.spec.image))) return Promise.resolve('in-use');
    const here = [...names].filter((n) => (this.images ? this.images.has(n) : !this.missingImages.has(n)));
    if (here.length === 0) return Promise.resolve('missing');
    for (const n of here) {
      this.images?.delete(n);
      this.missingImages.add(n);
    }
    return Promise.resolve('removed');
  }

  listNetworks(labels: Record<string, string>): Promise<{ name: string; labels: Record<string, string> }[]> {
    return Promise.resolve(matching(this.networks, labels));
  }

  networkExists(name: string): Promise<boolean> {
    return Promise.resolve(this.networks.has(name));
  }

  createNetwork(spec: NetworkSpec): Promise<void> {
    this.networks.set(spec.name, spec.labels);
    return Promise.resolve();
  }

  removeNetwork(name: string): Promise<void> {
    this.networks.delete(name);
    return Promise.resolve();
  }

  connectNetwork(id: string, network: NetworkAttachment): Promise<void> {
    this.calls.push(`connect ${this.containers.get(id)?.service ?? id} ${network.name}`);
    return Promise.resolve();
  }

  disconnectNetwork(id: string, network: string): Promise<void> {
    this.calls.push(`disconnect ${this.containers.get(id)?.service ?? id} ${network}`);
    return Promise.resolve();
  }

  listVolumes(labels: Record<string, string>): Promise<{ name: string; labels: Record<string, string> }[]> {
    return Promise.resolve(matching(this.volumes, labels));
  }

  volumeExists(name: string): Promise<boolean> {
    return Promise.resolve(this.volumes.has(name));
  }

  createVolume(spec: VolumeSpec): Promise<void> {
    this.volumes.set(spec.name, spec.labels);
    return Promise.resolve();
  }

  removeVolume(name: string): Promise<void> {
    this.volumes.delete(name);
    return Promise.resolve();
  }
}

/** The named objects whose labels include every one asked for. */
function matching(
  objects: ReadonlyMap<string, Record<string, string>>,
  labels: Record<string, string>,
): { name: string; labels: Record<string, string> }[] {
  return [...objects]
    .filter(([, l]) => Object.entries(labels).every(([k, v]) => l[k] === v))
    .map(([name, l]) => ({ name, labels: l }));
}
