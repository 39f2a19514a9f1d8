import { EngineUnreachable } from '../orchestrator/errors';

/** ssh://[user@]host[:port], as DOCKER_HOST and docker contexts write it. */
export interface SshTarget {
  user?: string;
  host: string;
  port?: number;
}

export function parseSshUrl(url: string): SshTarget {
  const u = new URL(url);
  if (u.protocol !== 'ssh:' || !u.hostname) throw new Error(`"${url}" is not ssh://[user@]host[:port]`);
  if (u.pathname && u.pathname !== '/')
    throw new Error(`"${url}": an ssh:// engine has no path (docker's own rule); write ssh://[user@]host[:port]`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
    ...(u.port ? { port: Number(u.port) } : {}),
  };
}

/**
 * What went wrong, from OpenSSH's own words, as something a person can act on. The first match wins;
 * the messages are OpenSSH's (they have been stable for years).
 */
const SSH_FAILURES: { pattern: RegExp; why: (m: string) => string; hint: string }[] = [
  {
    pattern: /Could not resolve hostname/,
    why: () => 'the host name does not resolve',
    hint: 'check the host in DOCKER_HOST or the docker context (ssh://user@host[:port])',
  },
  {
    pattern:
      /Connection refused|No route to host|Network is unreachable|Connection timed out|timed out during banner exchange|Operation timed out/,
    why: (m) => `the host is unreachable (${m})`,
    hint: 'check that the machine is up, that its SSH server runs, and the port (ssh://user@host:PORT)',
  },
  {
    pattern: /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/,
    why: () => "the host's key is not in known_hosts, or it changed",
    hint: 'connect once with `ssh user@host` in a terminal, check the fingerprint, and accept it; Stackpilot never accepts a host key by itself',
  },
  {
    pattern: /Permission denied/,
    why: (m) => `the SSH server refused the key (${m})`,
    hint: 'load your key into the agent (ssh-add), or put its public half in ~/.ssh/authorized_keys on the far side; check the user in ssh://USER@host',
  },
];

export function sshFailure(url: string, stderr: string): EngineUnreachable {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('Warning: Permanently added'));
  const text = lines.join(' ');
  for (const f of SSH_FAILURES) {
    const m = f.pattern.exec(text);
    if (m) return new EngineUnreachable(url, f.why(lines.find((l) => f.pattern.test(l)) ?? m[0]), { hint: f.hint });
  }
  return new EngineUnreachable(url, `ssh failed: ${text || 'no message'}`, {
    hint: 'try `ssh user@host docker version` in a terminal: what it says is what to fix',
  });
}
