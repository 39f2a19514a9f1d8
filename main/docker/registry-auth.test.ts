import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerEngine } from './engine-client';
import { allCredentials, credentialsFor, registryOf, runCredentialHelper } from './registry-auth';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sp-auth-'));
  made.push(d);
  return d;
};
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('registry credentials, as docker login stores them', () => {
  it('finds the registry an image names: a host first, else Docker Hub', () => {
    expect(
      ['nginx', 'library/nginx:1', 'ghcr.io/acme/api:2', 'localhost:5000/x', 'registry.local/x/y', 'acme/api'].map(
        registryOf,
      ),
    ).toEqual(['docker.io', 'docker.io', 'ghcr.io', 'localhost:5000', 'registry.local', 'docker.io']);
  });

  it('reads auths (user:password or an identity token), per-registry helpers, then the default store', () => {
    const config = {
      auths: { 'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') }, 'ghcr.io': { identitytoken: 'tok' } },
      credHelpers: { 'registry.local': 'corp' },
      credsStore: 'desktop',
    };
    const asked: string[] = [];
    const helper = (name: string, server: string) => (
      asked.push(`${name} ${server}`),
      name === 'corp' ? { Username: 'svc', Secret: 's3cret' } : undefined
    );
    expect(credentialsFor('nginx', config, helper)).toEqual({
      serveraddress: 'https://index.docker.io/v1/',
      username: 'hubuser',
      password: 'hubpass',
    });
    expect(credentialsFor('ghcr.io/acme/api', config, helper)).toEqual({
      serveraddress: 'ghcr.io',
      identitytoken: 'tok',
    });
    expect(credentialsFor('registry.local/x', config, helper)).toEqual({
      serveraddress: 'registry.local',
      username: 'svc',
      password: 's3cret',
    });
    expect(credentialsFor('quay.io/x', config, helper)).toBeUndefined();
    expect(asked).toEqual([
      'desktop https://index.docker.io/v1/',
      'desktop ghcr.io',
      'corp registry.local',
      'desktop quay.io',
    ]);
    expect(Object.keys(allCredentials(config, helper))).toEqual([
      'https://index.docker.io/v1/',
      'ghcr.io',
      'registry.local',
    ]);
  });

  it('runs a real credential helper program, and says when the one named is not installed', () => {
    const bin = tempDir();
    writeFileSync(
      join(bin, 'docker-credential-fake'),
      '#!/bin/sh\nread server\n[ "$server" = "registry.local" ] && echo \'{"ServerURL":"registry.local","Username":"<token>","Secret":"abc"}\' && exit 0\necho "credentials not found in native keychain"\nexit 1\n',
    );
    chmodSync(join(bin, 'docker-credential-fake'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      expect(credentialsFor('registry.local/x', { credsStore: 'fake' }, runCredentialHelper)).toEqual({
        serveraddress: 'registry.local',
        identitytoken: 'abc',
      });
      expect(credentialsFor('other.io/x', { credsStore: 'fake' }, runCredentialHelper)).toBeUndefined();
      expect(() => credentialsFor('x', { credsStore: 'missing-helper' }, runCredentialHelper)).toThrow(
        'docker-credential-missing-helper named in your docker config is not installed',
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('pulls and builds send them to the engine', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('X-Registry-Auth on a pull, X-Registry-Config on a build, from ~/.docker/config.json', async () => {
    const home = tempDir();
    mkdirSync(join(home, '.docker'));
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'registry.local': { auth: b64('dev:pw') } } }),
    );
    const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
    const socket = join(tempDir(), 'engine.sock');
    // A stand-in engine: enough of the API to answer /version, a pull and a build.
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      req.resume();
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        if (req.url?.endsWith('/version')) res.end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41' }));
        else res.end('{"status":"done"}\n');
      });
    });
    await new Promise<void>((r) => server?.listen(socket, r));
    const engine = await DockerEngine.connect({ DOCKER_HOST: `unix://${socket}` }, home);
    await engine.pullImage('registry.local/team/api:1', () => undefined);
    const pull = seen.find((s) => s.url.includes('/images/create'));
    expect(JSON.parse(Buffer.from(String(pull?.headers['x-registry-auth']), 'base64url').toString('utf8'))).toEqual({
      serveraddress: 'registry.local',
      username: 'dev',
      password: 'pw',
    });
    const ctx = tempDir();
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM registry.local/team/base:1\n');
    await engine.buildImage(
      { context: ctx, dockerfile: 'Dockerfile', args: {}, tag: 'x:1', labels: {} },
      () => undefined,
    );
    const build = seen.find((s) => s.url.includes('/build'));
    expect(JSON.parse(Buffer.from(String(build?.headers['x-registry-config']), 'base64').toString('utf8'))).toEqual({
      'registry.local': { serveraddress: 'registry.local', username: 'dev', password: 'pw' },
    });
  });
});
