import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerEngine } from '../../main/docker/engine-client';
import { freePort } from '../support/free-port';
import type { ExtraEngine } from './podman';
import { isCI } from './engine';

const SSHD = '/usr/sbin/sshd';

/** Where the test SSH server keeps its keys and configs; the tests that make it fail write their own next to them. */
export interface SshFixture {
  dir: string;
  port: number;
  user: string;
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stackpilot-test', '-f', file]);
}

/**
 * A client config and a wrapper named by STACKPILOT_SSH: the test's key and known_hosts, never the
 * user's own ~/.ssh (OpenSSH reads ~ from the password database, not $HOME, so only -F can say so).
 */
export function sshClient(fx: SshFixture, name: string, opts: { key: string; knownHosts: string }): string {
  const config = join(fx.dir, `${name}.config`);
  writeFileSync(
    config,
    `Host 127.0.0.1\n  IdentityFile ${opts.key}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${opts.knownHosts}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n`,
  );
  const wrapper = join(fx.dir, `${name}.ssh`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ssh -F ${config} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

/**
 * Docker over SSH for the tests: Debian's OpenSSH server on 127.0.0.1 with keys made here, in front
 * of this machine's own engine, so an ssh:// engine is the real thing end to end (the docker CLI on
 * the far side, the forwarded socket, the tunnels) without a second machine. A second key makes a
 * session whose PATH has no docker (the "no docker on the far side" case).
 */
export async function ensureSshd(): Promise<ExtraEngine & { fixture?: SshFixture }> {
  const product = 'Docker';
  if (!existsSync(SSHD)) {
    if (isCI()) throw new Error('CI=true but sshd is not installed: apt-get install -y openssh-server openssh-client');
    return { available: false, reason: 'sshd is not installed (apt-get install -y openssh-server)', product, env: {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sp-sshd-'));
  const port = await freePort();
  const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  keygen(join(dir, 'host'));
  keygen(join(dir, 'id'));
  keygen(join(dir, 'nodocker'));
  keygen(join(dir, 'stranger'));
  writeFileSync(
    join(dir, 'authorized_keys'),
    `${readFileSync(join(dir, 'id.pub'), 'utf8')}environment="PATH=/nowhere" ${readFileSync(join(dir, 'nodocker.pub'), 'utf8')}`,
  );
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host.pub'), 'utf8')}`);
  writeFileSync(join(dir, 'empty_known_hosts'), '');
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'PermitUserEnvironment yes',
      'StrictModes no',
      'UsePAM no',
      'AllowTcpForwarding yes',
      'AllowStreamLocalForwarding yes',
      'MaxSessions 100',
      'MaxStartups 100',
      '',
    ].join('\n'),
  );
  // Privilege separation wants its empty folder.
  mkdirSync('/run/sshd', { recursive: true });
  const log = join(dir, 'sshd.log');
  const child = spawn(SSHD, ['-D', '-f', join(dir, 'sshd_config'), '-E', log], {
    detached: true,
    stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
  });
  child.on('error', () => undefined);
  child.unref();
  const fixture = { dir, port, user };
  const env = {
    DOCKER_HOST: `ssh://${user}@127.0.0.1:${port}`,
    STACKPILOT_SSH: sshClient(fixture, 'client', { key: join(dir, 'id'), knownHosts: join(dir, 'known_hosts') }),
  };
  let last: unknown;
  for (let i = 0; i < 40; i++) {
    try {
      const engine = await DockerEngine.connect({ ...process.env, ...env }, '/root');
      const info = engine.info();
      engine.close();
      return { available: true, reason: `Docker ${info.version} over SSH (${env.DOCKER_HOST})`, product, env, fixture };
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const why = `sshd on 127.0.0.1:${port} did not carry Docker over SSH: ${(last as Error).message}; see ${log}`;
  if (isCI()) throw new Error(`CI=true: ${why}`);
  return { available: false, reason: why, product, env };
}

/** Stops the test's SSH server (its pid file says which). */
export function stopSshd(fx: SshFixture | undefined): void {
  if (!fx) return;
  try {
    process.kill(Number(readFileSync(join(fx.dir, 'sshd.pid'), 'utf8').trim()), 'SIGTERM');
  } catch {
    // Not running: nothing to stop.
  }
}
