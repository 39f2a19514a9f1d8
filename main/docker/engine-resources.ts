import type Docker from 'dockerode';
import type {
  BuildSpec,
  CommitOptions,
  ImageInfo,
  ImageProgress,
  NetworkAttachment,
  NetworkSpec,
  PathStat,
  VolumeSpec,
  VolumeSummary,
} from '../orchestrator/driver';
import type { FilesPort, ImagePort, NetworkVolumePort } from '../orchestrator/ports';
import type { EngineApi } from './engine-api';
import * as files from './container-files';
import * as images from './images';
import * as networks from './networks-volumes';

/**
 * The engine's images, networks, volumes and container files, through dockerode: the ports of
 * ports.ts that DockerEngine (engine-client.ts) inherits from here.
 */
export abstract class DockerResources implements EngineApi, ImagePort, NetworkVolumePort, Omit<FilesPort, 'copyFiles'> {
  abstract readonly docker: Docker;
  abstract readonly credentials: { env: Readonly<Record<string, string | undefined>>; homeDir: string };
  abstract fail(err: unknown): never;

  // ---- images

  hasImage(image: string, platform?: string): Promise<boolean> {
    return images.hasImage(this, image, platform);
  }

  imageInfo(image: string): Promise<ImageInfo | undefined> {
    return images.imageInfo(this, image);
  }

  pullSize(image: string): Promise<{ layers: number; bytes: number } | undefined> {
    return images.imagePullSize(this, image);
  }

  pullImage(
    image: string,
    onProgress: (p: ImageProgress) => void,
    signal?: AbortSignal,
    platform?: string,
  ): Promise<void> {
    return images.pullImage(this, image, onProgress, signal, platform);
  }
  pushImage(ref: string, onProgress: (p: ImageProgress) => void, signal?: AbortSignal): Promise<void> {
    return images.pushImage(this, ref, onProgress, signal);
  }

  buildImage(spec: BuildSpec, onProgress: (p: ImageProgress) => void, signal?: AbortSignal): Promise<string[]> {
    return images.buildImage(this, spec, onProgress, signal);
  }

  /** Builds a context from an explicit file list (test fixtures, the demo base image). */
  buildContext(
    contextDir: string,
    files: string[],
    tag: string,
    labels: Record<string, string> = {},
  ): Promise<string[]> {
    return images.buildContext(this, contextDir, files, tag, labels);
  }

  listImages(
    labels: Record<string, string>,
  ): Promise<{ id: string; tags: string[]; labels: Record<string, string> }[]> {
    return images.listImages(this, labels);
  }

  deleteImage(image: string): Promise<'removed' | 'in-use' | 'missing'> {
    return images.deleteImage(this, image);
  }

  removeImage(image: string): Promise<void> {
    return images.removeImage(this, image);
  }

  // ---- networks and volumes

  networkExists(name: string): Promise<boolean> {
    return networks.networkExists(this, name);
  }

  listNetworks(labels: Record<string, string>): Promise<{ name: string; labels: Record<string, string> }[]> {
    return networks.listNetworks(this, labels);
  }

  listVolumes(labels: Record<string, string>): Promise<VolumeSummary[]> {
    return networks.listVolumes(this, labels);
  }

  createNetwork(spec: NetworkSpec): Promise<void> {
    return networks.createNetwork(this, spec);
  }

  removeNetwork(name: string, formerMembers: readonly string[] = []): Promise<void> {
    return networks.removeNetwork(this, name, formerMembers);
  }

  statPath(id: string, path: string): Promise<PathStat | undefined> {
    return files.statPath(this, id, path);
  }

  readArchive(id: string, path: string): Promise<NodeJS.ReadableStream> {
    return files.readArchive(this, id, path);
  }

  writeArchive(id: string, folder: string, tar: Buffer): Promise<void> {
    return files.writeArchive(this, id, folder, tar);
  }

  exportContainer(id: string): Promise<NodeJS.ReadableStream> {
    return files.exportContainer(this, id);
  }

  commitContainer(id: string, opts: CommitOptions): Promise<string> {
    return files.commitContainer(this, id, opts);
  }

  connectNetwork(containerId: string, network: NetworkAttachment): Promise<void> {
    return networks.connectNetwork(this, containerId, network);
  }

  disconnectNetwork(containerId: string, network: string): Promise<void> {
    return networks.disconnectNetwork(this, containerId, network);
  }

  volumeExists(name: string): Promise<boolean> {
    return networks.volumeExists(this, name);
  }

  createVolume(spec: VolumeSpec): Promise<void> {
    return networks.createVolume(this, spec);
  }

  removeVolume(name: string): Promise<void> {
    return networks.removeVolume(this, name);
  }
}
