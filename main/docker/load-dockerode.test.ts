import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadDockerode } from './load-dockerode';

const requireCjs = createRequire(import.meta.url);
const loaded = (fragment: string): boolean => Object.keys(requireCjs.cache).some((path) => path.includes(fragment));

describe('dockerode, loaded without what Stackpilot never uses', () => {
  it('loads neither ssh2 nor the gRPC of its BuildKit session, and its ssh transport is a stand-in that refuses', () => {
    const Docker = loadDockerode();
    expect(typeof Docker).toBe('function');
    expect(loaded('/node_modules/@grpc/')).toBe(false);
    expect(loaded('/node_modules/protobufjs/')).toBe(false);
    // What docker-modem gets for ssh2 is the stand-in, which says what to do instead.
    const ssh2 = requireCjs.resolve('ssh2', { paths: [requireCjs.resolve('docker-modem')] });
    const { Client } = requireCjs.cache[ssh2]?.exports as { Client: new () => unknown };
    expect(() => new Client()).toThrow(/ssh:\/\/ engines go through ssh-connection.ts/);
  });

  it('still gives the real BuildKit session to whoever calls it', () => {
    loadDockerode();
    const session = requireCjs.resolve('dockerode/lib/session.js');
    const standIn = requireCjs.cache[session]?.exports as (...args: unknown[]) => unknown;
    // Called without a client, the real session fails inside; what matters is that it was loaded.
    expect(() => standIn(undefined, undefined, () => undefined)).toThrow();
    expect(loaded('/node_modules/@grpc/grpc-js/')).toBe(true);
  });
});
