import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { composeReference } from '../support/compose-reference';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/** The labels compose puts on what it makes, so that compose (v1 and v2) can work on a Stackpilot project. */
const engine = inject('engine');
let current: EngineStack | undefined;
afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) await s.cleanup();
});

const labelsOf = (name: string, kind: 'container' | 'network' = 'container'): Record<string, string> =>
  JSON.parse(
    execFileSync(
      'docker',
      [kind, 'inspect', '-f', kind === 'container' ? '{{json .Config.Labels}}' : '{{json .Labels}}', name],
      { encoding: 'utf8' },
    ).trim(),
  ) as Record<string, string>;
const imageId = (image: string): string =>
  execFileSync('docker', ['image', 'inspect', '-f', '{{.Id}}', image], { encoding: 'utf8' }).trim();

const yaml = (greeting: string): string => `services:
  app:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    environment: { GREETING: ${greeting} }
`;

describe.skipIf(!engine.available)(`compose's labels on a Stackpilot project (${engine.reason})`, () => {
  it('version, image, environment file and replace: docker-compose 1.29 reads the project without crashing', async () => {
    const s = (current = await EngineStack.create(yaml('hello')));
    writeFileSync(join(s.dir, '.env'), 'UNUSED=1\n');
    s.reload();
    expect((await s.runner.up()).ok).toBe(true);
    const name = s.runner.get('app')?.containerName ?? '';
    const first = labelsOf(name);
    expect(first).toMatchObject({
      'com.docker.compose.version': expect.stringMatching(/^2\.\d+\.\d+$/) as unknown,
      'com.docker.compose.image': imageId(TEST_IMAGE),
      'com.docker.compose.project.environment_file': join(s.dir, '.env'),
      'com.docker.compose.depends_on': '',
    });
    expect(first).not.toHaveProperty(['com.docker.compose.replace']);
    expect(labelsOf(`${s.project}_default`, 'network')).toMatchObject({
      'com.docker.compose.version': first['com.docker.compose.version'],
    });

    const oldId = s.runner.get('app')?.containerId ?? '';
    s.write(yaml('changed'));
    s.reload();
    expect((await s.runner.up()).ok).toBe(true);
    expect(s.runner.get('app')?.containerId).not.toBe(oldId);
    expect(labelsOf(name)['com.docker.compose.replace']).toBe(oldId);

    // docker-compose 1.29's up crashed on the missing version label (AttributeError); now it takes the project over.
    execFileSync('docker-compose', ['-p', s.project, '-f', join(s.dir, 'compose.yaml'), 'up', '-d'], { stdio: 'pipe' });
    expect(
      execFileSync('docker-compose', ['-p', s.project, '-f', join(s.dir, 'compose.yaml'), 'ps'], { encoding: 'utf8' }),
    ).toMatch(/_app_1 .* Up/);
  });

  it('docker compose v2 up finds a stack Stackpilot started up to date, and recreates nothing (its config-hash is compose’s)', async () => {
    const reference = composeReference();
    if (!reference) return;
    const s = (current = await EngineStack.create(yaml('first')));
    writeFileSync(join(s.dir, 'db.env'), 'PASSWORD=secret\n');
    s.write(`services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    env_file: [db.env]
    environment: { MODE: dev }
    volumes: [data:/data, ./conf:/conf:ro]
    healthcheck: { test: ["CMD", "true"], interval: 1s }
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on: { db: { condition: service_healthy } }
    deploy: { replicas: 1 }
volumes:
  data:
`);
    s.reload();
    expect((await s.runner.up()).ok).toBe(true);
    const ids = [s.runner.get('db')?.containerId, s.runner.get('app')?.containerId];
    const out = execFileSync(reference, ['-p', s.project, '-f', join(s.dir, 'compose.yaml'), 'up', '-d'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent-home' },
    });
    expect(out).not.toMatch(/Recreat/);
    await s.runner.refresh();
    expect([s.runner.get('db')?.containerId, s.runner.get('app')?.containerId]).toEqual(ids);
  });
});
