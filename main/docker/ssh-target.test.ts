import { describe, expect, it } from 'vitest';
import { parseSshUrl, sshFailure } from './ssh-target';

describe('ssh:// engines', () => {
  it('reads user, host and port as docker does, and refuses a path', () => {
    expect(parseSshUrl('ssh://dev@box.local:2222')).toEqual({ user: 'dev', host: 'box.local', port: 2222 });
    expect(parseSshUrl('ssh://box')).toEqual({ host: 'box' });
    expect(parseSshUrl('ssh://me@[::1]:22')).toEqual({ user: 'me', host: '::1', port: 22 });
    expect(() => parseSshUrl('ssh://box/var/run/docker.sock')).toThrow('an ssh:// engine has no path');
  });

  it("turns each of OpenSSH's failures into what happened and what to do", () => {
    const url = 'ssh://dev@box';
    expect(sshFailure(url, 'ssh: Could not resolve hostname box: Name or service not known\n').message).toContain(
      'the host name does not resolve',
    );
    expect(sshFailure(url, 'ssh: connect to host box port 22: Connection refused\n').message).toContain(
      'the host is unreachable (ssh: connect to host box port 22: Connection refused)',
    );
    expect(sshFailure(url, 'ssh: connect to host box port 22: Connection timed out\n').hint).toContain(
      'SSH server runs',
    );
    expect(
      sshFailure(
        url,
        'No ED25519 host key is known for box and you have requested strict checking.\nHost key verification failed.\n',
      ).message,
    ).toContain("the host's key is not in known_hosts");
    expect(sshFailure(url, 'dev@box: Permission denied (publickey).\n')).toMatchObject({
      code: 'engine-unreachable',
      message: expect.stringContaining('refused the key (dev@box: Permission denied (publickey).)') as string,
    });
    expect(
      sshFailure(
        url,
        "Warning: Permanently added 'box' (ED25519) to the list of known hosts.\nkex_exchange_identification: read: Connection reset by peer\n",
      ).message,
    ).toContain('ssh failed: kex_exchange_identification');
  });
});
