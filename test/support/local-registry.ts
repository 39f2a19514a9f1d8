import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * A real registry (Debian's docker-registry, the CNCF distribution server) on 127.0.0.1, for tests of
 * what needs one: no public registry is reachable here. Missing in CI is a failure (it is installed
 * there); on a laptop without it, those tests pass over it with a message.
 */
export function hasLocalRegistry(): boolean {
  try {
    execFileSync('docker-registry', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true')
      throw new Error('CI=true but docker-registry is missing: apt-get install -y docker-registry');
    return false;
  }
}

export interface LocalRegistry {
  /** host:port, as image references name it. */
  host: string;
  stop(): Promise<void>;
}

/** Starts a registry on a free port and waits until it answers /v2/. */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sp-registry-'));
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog: { level: error }\nstorage: { filesystem: { rootdirectory: ${join(dir, 'data')} } }\nhttp: { addr: 127.0.0.1:${port} }\n`,
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (const t0 = Date.now(); ; await new Promise((r) => setTimeout(r, 100))) {
    const ok = await fetch(`http://${host}/v2/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() - t0 > 20_000) {
      child.kill();
      throw new Error(`docker-registry did not answer on ${host} within 20 s`);
    }
  }
  return {
    host,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
