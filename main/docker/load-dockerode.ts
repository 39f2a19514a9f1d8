import { createRequire } from 'node:module';
import type Dockerode from 'dockerode';

const requireCjs = createRequire(import.meta.url);

class SshUnsupported {
  constructor() {
    throw new Error("dockerode's own ssh transport is not used: ssh:// engines go through ssh-connection.ts");
  }
}

/** Puts `exports` in the module cache in place of the module at `path`, so requiring it loads nothing. */
function standIn(path: string, exports: unknown): void {
  requireCjs.cache[path] ??= { id: path, filename: path, loaded: true, exports } as unknown as NodeJS.Module;
}

/**
 * dockerode, loaded without what Stackpilot never uses, each of which costs at every start of the CLI
 * and the app (measured on this machine: dockerode 180 ms, 90 of them for its BuildKit session):
 * - ssh2, docker-modem's own ssh transport: Stackpilot reaches ssh:// engines through the system's
 *   OpenSSH as the docker CLI does (ssh-connection.ts); docker-modem requires ssh2 at load time for
 *   its `Client` class, so a stand-in that refuses takes its place.
 * - its BuildKit session (gRPC and protobuf), used only by `buildImage` with `version: "2"`; the
 *   builds here use the classic builder. The stand-in loads the real one if it is ever called.
 */
export function loadDockerode(): typeof Dockerode {
  try {
    standIn(requireCjs.resolve('ssh2', { paths: [requireCjs.resolve('docker-modem')] }), { Client: SshUnsupported });
  } catch {
    // No ssh2 installed: nothing to stand in for.
  }
  const session = requireCjs.resolve('dockerode/lib/session.js');
  standIn(session, (...args: unknown[]): unknown => {
    delete requireCjs.cache[session];
    return (requireCjs(session) as (...a: unknown[]) => unknown)(...args);
  });
  return requireCjs('dockerode') as typeof Dockerode;
}
