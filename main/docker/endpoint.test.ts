import { describe, expect, it } from 'vitest';
import { findEngineEndpoint, parseDockerHost } from './endpoint';
import { chunksToLines, parseLogFrames } from './log-frames';

describe('engine endpoint', () => {
  it('takes DOCKER_HOST first', () => {
    expect(findEngineEndpoint({ DOCKER_HOST: 'unix:///tmp/d.sock' }, '/home/u', () => true)).toMatchObject({
      socketPath: '/tmp/d.sock',
      reason: 'DOCKER_HOST',
    });
    expect(
      parseDockerHost('tcp://10.0.0.2:2376', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, '/home/u'),
    ).toMatchObject({
      host: '10.0.0.2',
      port: 2376,
      protocol: 'https',
      tls: { certPath: '/certs', verify: true },
    });
    expect(parseDockerHost('tcp://remote', {}, '/home/u')).toMatchObject({ port: 2375, protocol: 'http' });
    expect(parseDockerHost('ssh://user@host', {}, '/home/u')).toMatchObject({ url: 'ssh://user@host', ssh: true });
    expect(() => parseDockerHost('fd://', {}, '/home/u')).toThrow('is not unix://, tcp://, ssh:// or npipe://');
  });

  it('then the first known socket that exists, and says which', () => {
    const only = (p: string) => (path: string) => path === p;
    expect(findEngineEndpoint({}, '/home/u', only('/home/u/.colima/default/docker.sock'))).toMatchObject({
      reason: 'Colima socket',
    });
    expect(
      findEngineEndpoint({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/home/u', only('/run/user/1000/podman/podman.sock')),
    ).toMatchObject({ reason: 'Podman socket' });
    expect(findEngineEndpoint({}, '/home/u', () => false)).toMatchObject({
      socketPath: '/var/run/docker.sock',
      reason: 'default (no socket found)',
    });
  });
});

describe('log frames', () => {
  const frame = (kind: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = kind;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };

  it('splits multiplexed frames into lines per stream, across frame boundaries', () => {
    const buf = Buffer.concat([frame(1, 'one\ntw'), frame(2, 'oops\n'), frame(1, 'o\nthree')]);
    expect(chunksToLines(parseLogFrames(buf))).toEqual([
      { stream: 'stdout', line: 'one' },
      { stream: 'stderr', line: 'oops' },
      { stream: 'stdout', line: 'two' },
      { stream: 'stdout', line: 'three' },
    ]);
  });

  it('treats unframed (TTY) output as stdout', () => {
    expect(parseLogFrames(Buffer.from('plain tty output\n'))).toEqual([
      { stream: 'stdout', text: 'plain tty output\n' },
    ]);
  });
});
