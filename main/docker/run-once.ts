import type Docker from 'dockerode';
import { ImageMissing } from '../orchestrator/errors';
import type { DockerEngine } from './engine-client';
import { chunksToLines, parseLogFrames } from './log-frames';

/** Helpers for tests and fixtures on a real engine, outside the driver's ports. */

export interface RunOnceOptions {
  image: string;
  command: string[];
  labels: Record<string, string>;
  name?: string;
}

/** Runs a container to completion and returns its exit code and output lines; removes it after. */
export async function runOnce(
  engine: DockerEngine,
  opts: RunOnceOptions,
): Promise<{ exitCode: number; lines: { stream: 'stdout' | 'stderr'; line: string }[] }> {
  if (!(await engine.hasImage(opts.image))) throw new ImageMissing(opts.image, 'not present locally');
  let container: Docker.Container;
  try {
    container = await engine.docker.createContainer({
      Image: opts.image,
      Cmd: opts.command,
      Labels: opts.labels,
      ...(opts.name ? { name: opts.name } : {}),
      Tty: false,
    });
  } catch (err) {
    return engine.fail(err);
  }
  try {
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    const raw = await container.logs({ stdout: true, stderr: true, follow: false });
    return { exitCode: result.StatusCode, lines: chunksToLines(parseLogFrames(raw)) };
  } catch (err) {
    return engine.fail(err);
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** Container ids carrying `label` (`key=value`). */
export async function containerIdsWithLabel(engine: DockerEngine, label: string): Promise<string[]> {
  try {
    const list = await engine.docker.listContainers({ all: true, filters: { label: [label] } });
    return list.map((c) => c.Id);
  } catch (err) {
    return engine.fail(err);
  }
}
