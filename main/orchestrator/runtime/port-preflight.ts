import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

export interface PortProblem {
  port: number;
  hostIp: string;
  /** Who holds it, when that can be told: "docker-proxy (pid 123)", "postgres (pid 88)". */
  holder?: string;
}

/** Whether a TCP port can be bound on the host right now. */
function tryBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

let binding: Promise<unknown> = Promise.resolve();

/**
 * One probe at a time in this process: two checks of the same port at once (the window asking twice,
 * two services) would each find the other's probe holding it, and call a free port taken.
 */
function canBind(port: number, host: string): Promise<boolean> {
  const result = binding.then(() => tryBind(port, host));
  binding = result;
  return result;
}

/** On Linux, the process listening on a TCP port: /proc/net/tcp gives the socket, /proc/<pid>/fd its owner. */
export function portHolder(port: number): string | undefined {
  try {
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text = '';
      try {
        text = readFileSync(table, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let target = '';
        try {
          target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) {
          const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
          return comm === 'docker-proxy'
            ? `docker-proxy (pid ${pid}: another container publishes it)`
            : `${comm} (pid ${pid})`;
        }
      }
    }
  } catch {
    // Not Linux, or no permission: say nothing rather than guess.
  }
  return undefined;
}

/**
 * Host ports a service publishes that something else holds, found before anything starts, so the
 * failure names the port and, when it can, who holds it.
 */
export async function takenPorts(
  ports: readonly { published?: string; hostIp?: string; protocol: string }[],
): Promise<PortProblem[]> {
  const problems: PortProblem[] = [];
  for (const p of ports) {
    if (p.protocol !== 'tcp' || !p.published || p.published.includes('-')) continue;
    const port = Number(p.published);
    const hostIp = p.hostIp && p.hostIp !== '' ? p.hostIp : '0.0.0.0';
    if (await canBind(port, hostIp)) continue;
    const holder = portHolder(port);
    problems.push({ port, hostIp, ...(holder ? { holder } : {}) });
  }
  return problems;
}
