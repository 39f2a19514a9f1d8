import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { containerIdsWithLabel, runOnce } from '../../main/docker/run-once';
import { BuildFailed, EngineUnreachable, ImageMissing } from '../../main/orchestrator/errors';
import { TEST_IMAGE, TEST_LABEL, busyboxContext } from '../setup/images';

const engineState = inject('engine');
const runId = randomBytes(4).toString('hex');
const label = `${TEST_LABEL}=run-${runId}`;

describe.skipIf(!engineState.available)(`the real Docker engine through main/docker (${engineState.reason})`, () => {
  let engine: DockerEngine;
  const built: string[] = [];

  beforeAll(async () => {
    engine = await DockerEngine.connect(process.env, '/root');
  });

  afterAll(async () => {
    for (const tag of built) await engine.removeImage(tag);
  });

  it('negotiates an API version the engine speaks', () => {
    const [major, minor] = engine.info().apiVersion.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(40);
    expect(engine.info().version).toMatch(/^\d+\.\d+/);
  });

  it('builds an image, runs a container, reads its logs per stream, and cleans up', async () => {
    const tag = `stackpilot-test/logger:${runId}`;
    const ctx = busyboxContext(`FROM ${TEST_IMAGE}\nCOPY log.sh /log.sh\nCMD ["sh", "/log.sh"]\n`);
    writeFileSync(
      join(ctx.dir, 'log.sh'),
      'for i in 1 2 3; do echo "line $i"; done\necho "warning: almost done" >&2\necho done\nexit 3\n',
    );
    try {
      const log = await engine.buildContext(ctx.dir, ['Dockerfile', 'log.sh'], tag, { [TEST_LABEL]: `run-${runId}` });
      built.push(tag);
      expect(log.join('\n')).toContain('Successfully built');
    } finally {
      rmSync(ctx.dir, { recursive: true, force: true });
    }
    expect(await engine.hasImage(tag)).toBe(true);

    const run = await runOnce(engine, {
      image: tag,
      command: ['sh', '/log.sh'],
      labels: { [TEST_LABEL]: `run-${runId}` },
    });
    expect(run.exitCode).toBe(3);
    expect(run.lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual([
      'line 1',
      'line 2',
      'line 3',
      'done',
    ]);
    expect(run.lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['warning: almost done']);
    expect(await containerIdsWithLabel(engine, label)).toEqual([]);
  });

  it('reports a failed build with its log', async () => {
    const tag = `stackpilot-test/broken:${runId}`;
    const ctx = busyboxContext(`FROM ${TEST_IMAGE}\nRUN ["sh", "-c", "echo compiling; exit 7"]\n`);
    try {
      const error = await engine.buildContext(ctx.dir, ['Dockerfile'], tag).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BuildFailed);
      expect((error as BuildFailed).message).toMatch(
        /building stackpilot-test\/broken:\w+ failed: .*returned a non-zero code: 7/,
      );
      expect((error as BuildFailed).buildLog.join('\n')).toContain('compiling');
    } finally {
      rmSync(ctx.dir, { recursive: true, force: true });
      await engine.removeImage(tag);
    }
  });

  it('names a missing image', async () => {
    await expect(
      runOnce(engine, { image: `stackpilot-test/absent:${runId}`, command: ['true'], labels: {} }),
    ).rejects.toBeInstanceOf(ImageMissing);
  });

  it('says when no engine answers at DOCKER_HOST', async () => {
    const error = await DockerEngine.connect({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, '/root').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineUnreachable);
    expect((error as Error).message).toBe(
      'cannot reach the Docker engine at unix:///nonexistent/docker.sock: no socket there',
    );
  });
});
