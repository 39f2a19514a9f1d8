import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { EngineStack } from '../support/engine-stack';

const engineState = inject('engine');
let current: EngineStack | undefined;
const images: string[] = [];

afterEach(async () => {
  const s = current;
  current = undefined;
  if (!s) return;
  for (const image of images.splice(0)) await s.driver.removeImage(image);
  await s.cleanup();
});

describe.skipIf(!engineState.available)(`images: present, missing, built (${engineState.reason})`, () => {
  it('names a missing image and the engine’s reason when it cannot be pulled, and blocks what needs it', async () => {
    const s = (current = await EngineStack.create(`services:
  app:
    image: stackpilot-test/absent:1
  web:
    image: stackpilot-test/busybox:1
    command: ["sleep", "60"]
    depends_on: [app]
`));
    const result = await s.runner.up();
    expect(result.ok).toBe(false);
    expect(s.runner.get('app')?.status).toBe('failed');
    expect(s.runner.get('app')?.reason).toMatch(
      /^image stackpilot-test\/absent:1 is not on the engine and could not be pulled: .+ — build it, or pull it where a registry is reachable/,
    );
    expect(s.runner.get('web')?.status).toBe('blocked');
  });

  it('builds from the context with args and target, honouring .dockerignore', async () => {
    const s = (current = await EngineStack.create(`services:
  app:
    build:
      context: ./app
      dockerfile: build/App.Dockerfile
      target: runtime
      args:
        GREETING: built-by-stackpilot
    command: ["sh", "-c", "cat /greeting; ls /src; sleep 60"]
    init: true
`));
    const ctx = join(s.dir, 'app');
    mkdirSync(join(ctx, 'build'), { recursive: true });
    mkdirSync(join(ctx, 'secrets'), { recursive: true });
    writeFileSync(
      join(ctx, 'build', 'App.Dockerfile'),
      'FROM stackpilot-test/busybox:1 AS base\nARG GREETING=none\nRUN ["sh", "-c", "echo $GREETING > /greeting"]\nCOPY . /src\nFROM base AS runtime\nFROM base AS unused\nRUN ["sh", "-c", "exit 9"]\n',
    );
    writeFileSync(join(ctx, 'main.txt'), 'source\n');
    writeFileSync(join(ctx, 'secrets', 'key.pem'), 'do not ship\n');
    writeFileSync(join(ctx, 'debug.log'), 'noise\n');
    writeFileSync(join(ctx, '.dockerignore'), 'secrets\n*.log\n');
    s.reload();
    images.push(`${s.project}-app`);
    const result = await s.runner.up();
    expect(result).toMatchObject({ ok: true });
    const lines: string[] = [];
    await new Promise<void>((resolve) =>
      s.driver.logs(
        s.runner.get('app')?.containerId ?? '',
        { follow: false },
        (l) => lines.push(l.text),
        () => resolve(),
      ),
    );
    expect(lines).toContain('built-by-stackpilot');
    expect(lines).toContain('main.txt');
    expect(lines).not.toContain('secrets');
    expect(lines).not.toContain('debug.log');
  });

  it('keeps the build log when a build fails', async () => {
    const s = (current = await EngineStack.create(`services:
  app:
    build: ./app
`));
    mkdirSync(join(s.dir, 'app'), { recursive: true });
    writeFileSync(
      join(s.dir, 'app', 'Dockerfile'),
      'FROM stackpilot-test/busybox:1\nRUN ["sh", "-c", "echo compiling the app; echo error: missing semicolon >&2; exit 2"]\n',
    );
    s.reload();
    const result = await s.runner.up();
    expect(result.ok).toBe(false);
    const app = s.runner.get('app');
    expect(app?.reason).toMatch(/^building sp-it-\w+-app failed: .*returned a non-zero code: 2/);
    expect(app?.lastLines.join('\n')).toContain('compiling the app');
  });
});
