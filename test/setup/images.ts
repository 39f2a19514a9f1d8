import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerEngine } from '../../main/docker/engine-client';

/** Local images for tests and the demo: no registry is reachable, so everything is built from busybox. */
export const TEST_IMAGE = 'stackpilot-test/busybox:1';
export const DEMO_BASE_IMAGE = 'stackpilot-demo/base:1';
export const TEST_LABEL = 'org.stackpilot.test';

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

export const BUSYBOX_DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "mkdir", "-p", "/tmp", "/www", "/etc"]
RUN ["/bin/busybox", "chmod", "1777", "/tmp"]
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin
CMD ["sh"]
`;

export function findBusybox(): string {
  const found = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('no static busybox: install it with `apt-get install -y busybox-static`');
  return found;
}

/** Writes a build context (Dockerfile + static busybox) to a temporary folder; the caller removes it. */
export function busyboxContext(dockerfile = BUSYBOX_DOCKERFILE): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'stackpilot-image-'));
  copyFileSync(findBusybox(), join(dir, 'busybox'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return { dir, files: ['Dockerfile', 'busybox'] };
}

export async function buildFixtureImages(engine: DockerEngine): Promise<void> {
  const ctx = busyboxContext();
  try {
    for (const tag of [TEST_IMAGE, DEMO_BASE_IMAGE])
      await engine.buildContext(ctx.dir, ctx.files, tag, { [TEST_LABEL]: 'fixture' });
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
}
