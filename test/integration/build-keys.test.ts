import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { EngineStack, TEST_IMAGE } from '../support/engine-stack';

/**
 * The build section's keys on the real engine's builder: what each RUN step saw (hosts, /dev/shm,
 * ulimits, the network, build args) is written into the image and read back from a container of it;
 * labels and tags from image inspect.
 */
const engine = inject('engine');
let current: EngineStack | undefined;
const images: string[] = [];
afterEach(async () => {
  const s = current;
  current = undefined;
  if (s) await s.cleanup();
  for (const image of images.splice(0)) execFileSync('docker', ['rmi', '-f', image], { stdio: 'ignore' });
});

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

describe.skipIf(!engine.available)(`build keys on the real engine (${engine.reason})`, () => {
  it('dockerfile_inline with args, labels, extra_hosts, shm_size, ulimits, network and tags', async () => {
    const s = (current = await EngineStack.create(`services:\n  x: { image: ${TEST_IMAGE} }\n`));
    const tag = `${s.project}-app:1`;
    const extra = `${s.project}-extra:2`;
    images.push(tag, extra);
    mkdirSync(join(s.dir, 'ctx'));
    writeFileSync(join(s.dir, 'ctx', 'hello.txt'), 'hello from the context\n');
    s.write(`services:
  app:
    image: ${tag}
    command: ["sleep", "3600"]
    init: true
    build:
      context: ./ctx
      dockerfile_inline: |
        FROM ${TEST_IMAGE}
        ARG GREETING
        COPY hello.txt /hello.txt
        RUN echo "$$GREETING" > /greeting && grep buildhost /etc/hosts | cut -f1 > /hosts && ulimit -n > /nofile && df -k /dev/shm | tail -1 | tr -s ' ' | cut -d' ' -f2 > /shm && ls /sys/class/net | tr '\\n' ' ' > /nets
      args: { GREETING: hi }
      labels: { com.example.built-by: stackpilot }
      extra_hosts: ["buildhost=10.1.2.3"]
      shm_size: 64m
      ulimits: { nofile: 1024 }
      network: none
      tags: ["${extra}"]
`);
    s.reload();
    const result = await s.runner.up();
    expect(result.problems).toEqual([]);
    const name = s.runner.get('app')?.containerName ?? '';
    expect(docker('exec', name, 'cat', '/hello.txt', '/greeting', '/hosts', '/nofile', '/shm')).toBe(
      'hello from the context\nhi\n10.1.2.3\n1024\n65536',
    );
    // network: none: the RUN steps had only the loopback interface.
    expect(docker('exec', name, 'cat', '/nets').trim()).toBe('lo');
    expect(JSON.parse(docker('image', 'inspect', '-f', '{{json .Config.Labels}}', tag))).toMatchObject({
      'com.example.built-by': 'stackpilot',
      'com.docker.compose.project': s.project,
    });
    expect(docker('image', 'inspect', '-f', '{{.Id}}', extra)).toBe(docker('image', 'inspect', '-f', '{{.Id}}', tag));
  });

  it('a Dockerfile outside the context is sent with it; no_cache builds every step again', async () => {
    const s = (current = await EngineStack.create(`services:\n  x: { image: ${TEST_IMAGE} }\n`));
    const tag = `${s.project}-outside:1`;
    images.push(tag);
    mkdirSync(join(s.dir, 'ctx'));
    mkdirSync(join(s.dir, 'docker'));
    writeFileSync(join(s.dir, 'ctx', 'data.txt'), 'data\n');
    writeFileSync(
      join(s.dir, 'docker', 'app.Dockerfile'),
      `FROM ${TEST_IMAGE}\nCOPY data.txt /data.txt\nRUN date +%s%N > /stamp\n`,
    );
    const yaml = (noCache: boolean) => `services:
  app:
    image: ${tag}
    command: ["sleep", "3600"]
    init: true
    pull_policy: build
    build: { context: ./ctx, dockerfile: ../docker/app.Dockerfile, no_cache: ${noCache} }
`;
    s.write(yaml(false));
    s.reload();
    expect((await s.runner.up()).problems).toEqual([]);
    const name = s.runner.get('app')?.containerName ?? '';
    expect(docker('exec', name, 'cat', '/data.txt')).toBe('data');
    const first = docker('image', 'inspect', '-f', '{{.Id}}', tag);
    // Built again (pull_policy: build) with the cache: the same image.
    s.reload();
    expect((await s.runner.up()).problems).toEqual([]);
    expect(docker('image', 'inspect', '-f', '{{.Id}}', tag)).toBe(first);
    s.write(yaml(true));
    s.reload();
    expect((await s.runner.up()).problems).toEqual([]);
    expect(docker('image', 'inspect', '-f', '{{.Id}}', tag)).not.toBe(first);
  });
});
