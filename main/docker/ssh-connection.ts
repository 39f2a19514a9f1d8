import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineUnreachable } from '../orchestrator/errors';
import { parseSshUrl, sshFailure } from './ssh-target';
import type { SshTarget } from './ssh-target';

/** How long the SSH handshake may take before the host counts as unreachable. */
const CONNECT_TIMEOUT_S = 10;

/** Connections still open when the process exits: their sockets' folder is removed. */
const OPEN = new Set<SshConnection>();
process.once('exit', () => {
  for (const c of OPEN) c.close();
});

function freeLocalPort(preferred: number): Promise<number> {
  const tryPort = (port: number): Promise<number | undefined> =>
    new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(undefined));
      s.listen(port, '127.0.0.1', () => {
        const got = (s.address() as { port: number }).port;
        s.close(() => resolve(got));
      });
    });
  return tryPort(preferred).then(
    async (p) => p ?? (await tryPort(0)) ?? Promise.reject(new Error('no free local port for a tunnel')),
  );
}

/** The master connection, once it carries the far engine's socket at `socketPath`; `exited` settles when it ends. */
interface Master {
  process: ChildProcess;
  exited: Promise<unknown>;
}

/** How to call ssh for one target, through one control socket. */
function sshArgs(target: SshTarget, control: string, ...extra: string[]): string[] {
  return [
    '-S',
    control,
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
    ...(target.user ? ['-l', target.user] : []),
    ...(target.port ? ['-p', String(target.port)] : []),
    ...extra,
    '--',
    target.host,
  ];
}

interface SshRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** One ssh command through the master's control socket (a check, a forward, a remote command). */
function runSsh(ssh: string, target: SshTarget, control: string, extra: string[], command?: string): Promise<SshRun> {
  return new Promise((resolve) => {
    execFile(
      ssh,
      [...sshArgs(target, control, ...extra), ...(command ? [command] : [])],
      { timeout: CONNECT_TIMEOUT_S * 1000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Connects the master, asks the far docker CLI where its engine is, and forwards that socket to
 * `socketPath`; throws (the master ended) with what went wrong, in words a person can act on.
 */
async function establish(
  url: string,
  target: SshTarget,
  ssh: string,
  dir: string,
  socketPath: string,
): Promise<Master> {
  const control = join(dir, 'c');
  // One left by a master that was killed would make the new one run without multiplexing.
  rmSync(control, { force: true });
  // The master's own session reads our stdin: when this process ends, however it ends, the pipe
  // closes, the far `cat` ends, and the connection with it.
  const master = spawn(
    ssh,
    [
      ...sshArgs(target, control, '-M', '-T', '-o', 'ControlPersist=no', '-o', 'ServerAliveInterval=15'),
      'cat >/dev/null',
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  master.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => {
    master.once('exit', resolve);
    master.once('error', (err) => {
      stderr +=
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? `${ssh}: not found (install OpenSSH's client)` : err.message;
      resolve(-1);
    });
  });
  const fail = (err: Error): never => {
    master.kill();
    throw err;
  };
  const run = (extra: string[], command?: string): Promise<SshRun> => runSsh(ssh, target, control, extra, command);
  // Connected once the master answers on its control socket; failed if it exits first.
  const deadline = Date.now() + (CONNECT_TIMEOUT_S + 5) * 1000;
  for (let connected = false; !connected;) {
    const outcome = await Promise.race([
      exited.then(() => 'exited' as const),
      new Promise((r) => setTimeout(r, 25)).then(() => 'waiting' as const),
    ]);
    if (outcome === 'exited') return fail(sshFailure(url, stderr));
    if (Date.now() > deadline)
      return fail(
        new EngineUnreachable(
          url,
          `the SSH connection did not come up within ${CONNECT_TIMEOUT_S + 5} s${stderr.trim() ? ` (${stderr.trim()})` : ''}`,
        ),
      );
    connected = (await run(['-O', 'check'])).code === 0;
  }
  // The far side's engine, as its own docker CLI finds it (`docker system dial-stdio` would).
  const found = await run([], "docker context inspect --format '{{.Endpoints.docker.Host}}'");
  if (found.code === 127 || /command not found|not found/.test(found.stderr)) {
    return fail(
      new EngineUnreachable(url, 'no docker command on the far side', {
        hint: `install Docker on ${target.host} (the docker CLI there says where its engine is), or check that it is on the PATH of a non-interactive ssh session`,
      }),
    );
  }
  const remote = found.stdout.trim();
  if (found.code !== 0 || !remote.startsWith('unix://')) {
    return fail(
      new EngineUnreachable(
        url,
        found.code !== 0
          ? `the far side's docker failed: ${found.stderr.trim()}`
          : `the far side's docker uses ${remote}, not a unix socket that can be forwarded`,
        {
          hint: `run \`ssh ${target.user ? `${target.user}@` : ''}${target.host} docker version\` to see what it says`,
        },
      ),
    );
  }
  // A master that came back after a drop forwards to the same local socket: the one before left it.
  rmSync(socketPath, { force: true });
  const forwarded = await run(['-O', 'forward', '-L', `${socketPath}:${remote.slice('unix://'.length)}`]);
  if (forwarded.code !== 0)
    return fail(new EngineUnreachable(url, `could not forward the far engine's socket: ${forwarded.stderr.trim()}`));
  // A command line that has done its work exits: the connection does not hold it.
  master.unref();
  for (const s of [master.stdin, master.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
  return { process: master, exited };
}

/** Waits before each try to connect again after a drop: 1 s, 2 s, 4 s, then every 10 s. */
const RECONNECT_MS = [1000, 2000, 4000, 8000, 10_000];

/**
 * One SSH connection to a remote engine's host, the way the docker CLI reaches `ssh://` engines: the
 * system's OpenSSH client (so keys from the agent or ~/.ssh, ~/.ssh/config and known_hosts all apply
 * as they do for `ssh`), BatchMode (never a prompt nobody sees). One master connection carries the
 * engine's socket, forwarded to a local one, and a tunnel per published port asked for. When the
 * connection drops (the network, the far host rebooting), it is made again in the background to the
 * same local socket, so the engine's client goes on once it is back; tunnels are opened again on use.
 * `STACKPILOT_SSH` names another ssh program (as GIT_SSH does for git).
 */
export class SshConnection {
  private readonly tunnels = new Map<number, Promise<number>>();
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  private constructor(
    readonly url: string,
    private readonly target: SshTarget,
    private readonly ssh: string,
    private readonly dir: string,
    private master: Master,
    /** The local socket the far engine's socket is forwarded to. */
    readonly socketPath: string,
  ) {
    this.watch(master);
  }

  static async open(url: string, env: Readonly<Record<string, string | undefined>>): Promise<SshConnection> {
    const target = parseSshUrl(url);
    const ssh = env.STACKPILOT_SSH || 'ssh';
    // Short: a unix socket's path has a limit of about 100 bytes.
    const dir = mkdtempSync(join(tmpdir(), 'sp-ssh-'));
    const socketPath = join(dir, 'd');
    try {
      const connection = new SshConnection(
        url,
        target,
        ssh,
        dir,
        await establish(url, target, ssh, dir, socketPath),
        socketPath,
      );
      OPEN.add(connection);
      return connection;
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The master process now (a test drops it to see the connection come back). */
  get masterPid(): number | undefined {
    return this.master.process.pid;
  }

  private watch(master: Master): void {
    void master.exited.then(() => {
      if (this.closed || this.master !== master) return;
      // Its tunnels went with it: each is opened again when next asked for.
      this.tunnels.clear();
      this.reconnect(0);
    });
  }

  private reconnect(attempt: number): void {
    this.retry = setTimeout(
      () => {
        if (this.closed) return;
        establish(this.url, this.target, this.ssh, this.dir, this.socketPath).then(
          (master) => {
            if (this.closed) {
              master.process.kill();
              return;
            }
            this.master = master;
            this.watch(master);
          },
          () => this.reconnect(attempt + 1),
        );
      },
      RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)],
    ).unref();
  }

  /** The far host's name, as the window shows where a port really is. */
  get host(): string {
    return this.target.host;
  }

  /**
   * A local port that reaches `remotePort` on the far host's loopback (where a published port
   * is), opened once per port: the same number when it is free here, else one the OS picks.
   */
  tunnel(remotePort: number): Promise<number> {
    let opened = this.tunnels.get(remotePort);
    if (!opened) {
      opened = this.openTunnel(remotePort);
      this.tunnels.set(remotePort, opened);
      // A failure is not kept: the next probe tries again.
      opened.catch(() => this.tunnels.delete(remotePort));
    }
    return opened;
  }

  private async openTunnel(remotePort: number): Promise<number> {
    if (this.closed) throw new Error(`the SSH connection to ${this.target.host} is closed`);
    const local = await freeLocalPort(remotePort);
    const { code, stderr } = await runSsh(this.ssh, this.target, join(this.dir, 'c'), [
      '-O',
      'forward',
      '-L',
      `127.0.0.1:${local}:127.0.0.1:${remotePort}`,
    ]);
    if (code !== 0) throw new Error(`could not open a tunnel to ${this.target.host}:${remotePort}: ${stderr.trim()}`);
    return local;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    OPEN.delete(this);
    clearTimeout(this.retry);
    this.master.process.stdin?.end();
    this.master.process.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
