import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { runPreflight } from '../../main/session/preflight';
import { TEST_IMAGE } from '../setup/images';
import { hasLocalRegistry, startLocalRegistry } from '../support/local-registry';
import type { LocalRegistry } from '../support/local-registry';
import { load, removeStacks, writeStack } from '../support/stack-dir';

const engineState = inject('engine');

describe.skipIf(!engineState.available || !hasLocalRegistry())(
  'what an image still to pull weighs, from a real registry',
  () => {
    let registry: LocalRegistry;
    let image: string;

    beforeAll(async () => {
      registry = await startLocalRegistry();
      image = `${registry.host}/sp/busybox:1`;
      // The engine may push to a registry on 127.0.0.1 over plain HTTP (docker's default for loopback).
      execFileSync('docker', ['tag', TEST_IMAGE, image]);
      execFileSync('docker', ['push', image], { stdio: 'ignore' });
      execFileSync('docker', ['rmi', image], { stdio: 'ignore' });
    }, 120_000);

    afterAll(async () => {
      removeStacks();
      try {
        execFileSync('docker', ['rmi', image], { stdio: 'ignore' });
      } catch {
        // Not pulled, or already gone.
      }
      await registry?.stop();
    });

    it('reads the layers and their size from the manifest, and the checklist says it', async () => {
      const engine = await DockerEngine.connect(process.env, '/root');
      const layers = Number(
        execFileSync('docker', ['image', 'inspect', '-f', '{{len .RootFS.Layers}}', TEST_IMAGE]).toString().trim(),
      );
      const size = await engine.pullSize(image);
      expect(size?.layers).toBe(layers);
      expect(size?.bytes).toBeGreaterThan(100_000);
      expect(await engine.pullSize(`${registry.host}/sp/nothing:1`)).toBeUndefined();

      const stack = load(
        writeStack({
          'compose.yaml': `services:\n  app:\n    image: ${image}\n  gone:\n    image: ${registry.host}/sp/nothing:1\n`,
        }),
      ).stack;
      if (!stack) throw new Error('the stack did not load');
      const view = await runPreflight({
        stack,
        variables: [],
        engine: { state: 'connected', since: 0 },
        driver: engine,
        running: new Set(),
        platform: 'linux',
      });
      const images = view.checks.find((c) => c.id === 'images');
      expect(images?.items.map((i) => i.detail)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${image} not present: pulled on Up, or now; up to [\\d.]+ MiB in ${layers} layers? to pull \\(less if it shares layers with images here\\)$`,
          ),
        ),
        `${registry.host}/sp/nothing:1 not present: pulled on Up, or now; its registry did not say how much to pull`,
      ]);

      // And the pull itself, from that registry: what Up does with a missing image.
      await engine.pullImage(image, () => undefined);
      expect(await engine.hasImage(image)).toBe(true);
    }, 120_000);
  },
);
