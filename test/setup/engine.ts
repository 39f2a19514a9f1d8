import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerEngine } from '../../main/docker/engine-client';

export interface EngineAvailability {
  available: boolean;
  reason: string;
}

/** CI=true: what the tests need must be there (fail loudly), not skipped. */
export const isCI = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

async function tryConnect(): Promise<DockerEngine | Error> {
  try {
    return await DockerEngine.connect(process.env, homedir());
  } catch (err) {
    return err as Error;
  }
}

/**
 * A Docker engine for the integration and end-to-end tests. In CI (CI=true) with no engine answering,
 * starts Debian's dockerd itself and waits for it; fails loudly if that does not work. On a laptop
 * without an engine it reports why, so the tests that need it skip with that message.
 */
export async function ensureEngine(): Promise<{ engine?: DockerEngine; availability: EngineAvailability }> {
  let result = await tryConnect();
  if (result instanceof Error && isCI()) {
    const log = join(tmpdir(), 'stackpilot-test-dockerd.log');
    const fd = openSync(log, 'a');
    const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', () => undefined);
    child.unref();
    for (let i = 0; i < 120 && result instanceof Error; i++) {
      await new Promise((r) => setTimeout(r, 500));
      result = await tryConnect();
    }
    if (result instanceof Error)
      throw new Error(
        `CI=true but no Docker engine: started dockerd and it did not answer within 60 s (${result.message}); see ${log}`,
      );
  }
  if (result instanceof Error) {
    return {
      availability: { available: false, reason: `no Docker engine (${result.message}); start one to run these tests` },
    };
  }
  return {
    engine: result,
    availability: {
      available: true,
      reason: `Docker ${result.info().version} (API ${result.info().apiVersion}) via ${result.info().reason}`,
    },
  };
}
