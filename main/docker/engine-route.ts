import type { EngineEndpoint } from './endpoint';
import { SshConnection } from './ssh-connection';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);

/**
 * How this machine gets to the engine and to the ports it publishes. Local: directly. tcp:// to
 * another host: its ports are on that host. ssh://: the engine's socket and each port asked for go
 * through one SSH connection.
 */
export interface EngineRoute {
  /** What dockerode connects to (an ssh:// engine's forwarded local socket). */
  endpoint: EngineEndpoint;
  remote?: { host: string; via: 'ssh' | 'tcp' };
  reach(host: string, port: number): Promise<{ host: string; port: number }>;
  close(): void;
}

export async function openRoute(
  endpoint: EngineEndpoint,
  env: Readonly<Record<string, string | undefined>>,
): Promise<EngineRoute> {
  if (endpoint.ssh) {
    const ssh = await SshConnection.open(endpoint.url, env);
    return {
      endpoint: { ...endpoint, socketPath: ssh.socketPath },
      remote: { host: ssh.host, via: 'ssh' },
      reach: async (host, port) =>
        LOOPBACK.has(host) ? { host: '127.0.0.1', port: await ssh.tunnel(port) } : { host, port },
      close: () => ssh.close(),
    };
  }
  const far = endpoint.host && !LOOPBACK.has(endpoint.host) ? endpoint.host : undefined;
  return {
    endpoint,
    ...(far ? { remote: { host: far, via: 'tcp' as const } } : {}),
    reach: (host, port) => Promise.resolve(far && LOOPBACK.has(host) ? { host: far, port } : { host, port }),
    close: () => undefined,
  };
}
