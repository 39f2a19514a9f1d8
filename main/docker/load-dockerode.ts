import { createRequire } from 'node:module';
import type Dockerode from 'dockerode';

const requireCjs = createRequire(import.meta.url);

class SshUnsupported {
  constructor() {
    throw new Error('ssh:// engines are not supported yet: forward the socket (ssh -L) and use DOCKER_HOST=unix://… or tcp://…');
  }
}

/**
 * dockerode, loaded without ssh2. ssh2 only serves ssh:// engines, which Stackpilot refuses with a
 * message (see endpoint.ts), and loading it costs ~400 ms at every start of the CLI and the app.
 * docker-modem requires it at load time for its `Client` class, so a stand-in takes its place in the
 * module cache before dockerode is loaded.
 */
export function loadDockerode(): typeof Dockerode {
  try {
    const path = requireCjs.resolve('ssh2', { paths: [requireCjs.resolve('docker-modem')] });
    requireCjs.cache[path] ??= { id: path, filename: path, loaded: true, exports: { Client: SshUnsupported } } as unknown as NodeJS.Module;
  } catch {
    // No ssh2 installed: nothing to stand in for.
  }
  return requireCjs('dockerode') as typeof Dockerode;
}
