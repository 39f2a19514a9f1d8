import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contextNamed, currentContextName, listContexts } from './contexts';
import { engineChoices, findEngineEndpoint, withContext } from './endpoint';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

/** A home with ~/.docker holding these contexts, as `docker context create` writes them. */
function home(
  contexts: { name: string; host: string; description?: string; tls?: boolean }[],
  current?: string,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'sp-contexts-'));
  homes.push(dir);
  for (const c of contexts) {
    const hash = createHash('sha256').update(c.name).digest('hex');
    mkdirSync(join(dir, '.docker', 'contexts', 'meta', hash), { recursive: true });
    writeFileSync(
      join(dir, '.docker', 'contexts', 'meta', hash, 'meta.json'),
      JSON.stringify({
        Name: c.name,
        Metadata: { Description: c.description ?? '' },
        Endpoints: { docker: { Host: c.host, SkipTLSVerify: false } },
      }),
    );
    if (c.tls) {
      mkdirSync(join(dir, '.docker', 'contexts', 'tls', hash, 'docker'), { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
        writeFileSync(join(dir, '.docker', 'contexts', 'tls', hash, 'docker', f), 'x');
    }
  }
  mkdirSync(join(dir, '.docker'), { recursive: true });
  if (current) writeFileSync(join(dir, '.docker', 'config.json'), JSON.stringify({ currentContext: current }));
  return dir;
}

describe('docker contexts', () => {
  it('lists them by name, with their host, description and TLS material', () => {
    const h = home([
      { name: 'podman', host: 'unix:///run/podman/podman.sock', description: 'rootful podman' },
      { name: 'devbox', host: 'tcp://10.0.0.5:2376', tls: true },
    ]);
    const listed = listContexts({}, h);
    expect(listed.map((c) => [c.name, c.host, c.description])).toEqual([
      ['devbox', 'tcp://10.0.0.5:2376', undefined],
      ['podman', 'unix:///run/podman/podman.sock', 'rootful podman'],
    ]);
    expect(listed[0]?.tlsDir).toMatch(/contexts\/tls\/[0-9a-f]{64}\/docker$/);
  });

  it("uses docker's order: DOCKER_HOST, then DOCKER_CONTEXT, then config.json's currentContext", () => {
    const h = home(
      [
        { name: 'podman', host: 'unix:///run/podman/podman.sock' },
        { name: 'remote', host: 'ssh://me@devbox' },
      ],
      'podman',
    );
    expect(currentContextName({}, h)).toBe('podman');
    expect(findEngineEndpoint({}, h)).toMatchObject({
      socketPath: '/run/podman/podman.sock',
      reason: 'docker context "podman"',
    });
    expect(findEngineEndpoint({ DOCKER_CONTEXT: 'remote' }, h)).toMatchObject({
      url: 'ssh://me@devbox',
      ssh: true,
      reason: 'docker context "remote"',
    });
    expect(findEngineEndpoint({ DOCKER_HOST: 'unix:///x.sock', DOCKER_CONTEXT: 'remote' }, h)).toMatchObject({
      socketPath: '/x.sock',
      reason: 'DOCKER_HOST',
    });
    // --context NAME wins over DOCKER_HOST, as docker's flag does.
    expect(findEngineEndpoint(withContext({ DOCKER_HOST: 'unix:///x.sock' }, 'remote'), h)).toMatchObject({
      url: 'ssh://me@devbox',
    });
    expect(findEngineEndpoint(withContext({ DOCKER_HOST: 'unix:///x.sock' }, 'default'), h)).toMatchObject({
      socketPath: '/x.sock',
    });
  });

  it("a tcp context's own TLS material is used to verify it", () => {
    const h = home([{ name: 'devbox', host: 'tcp://10.0.0.5:2376', tls: true }]);
    expect(findEngineEndpoint({ DOCKER_CONTEXT: 'devbox' }, h)).toMatchObject({
      host: '10.0.0.5',
      protocol: 'https',
      tls: { verify: true },
    });
  });

  it('a context that is not there is an error naming those that are', () => {
    const h = home([{ name: 'podman', host: 'unix:///run/podman/podman.sock' }]);
    expect(() => contextNamed('nope', {}, h)).toThrow(
      'cannot reach the Docker engine at docker context "nope": there is no such context',
    );
    expect(() => findEngineEndpoint({ DOCKER_CONTEXT: 'nope' }, h)).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('default, podman') as string }) as Error,
    );
  });

  it('offers default first (what discovery finds), marking the current one', () => {
    const h = home([{ name: 'podman', host: 'unix:///run/podman/podman.sock' }], 'podman');
    expect(engineChoices({}, h, (p) => p === '/var/run/docker.sock')).toEqual([
      { name: 'default', host: 'unix:///var/run/docker.sock', description: 'found by Docker socket', current: false },
      { name: 'podman', host: 'unix:///run/podman/podman.sock', current: true },
    ]);
    expect(engineChoices({ DOCKER_HOST: 'tcp://h:2375' }, h)[0]).toMatchObject({ host: 'tcp://h:2375', current: true });
  });
});
