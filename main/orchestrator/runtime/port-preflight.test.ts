import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { takenPorts } from './port-preflight';

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve(server));
  });
}

describe('host port preflight', () => {
  it('finds a port something listens on, and names the holder', async () => {
    const server = await listen();
    const port = (server.address() as AddressInfo).port;
    try {
      const problems = await takenPorts([{ published: String(port), hostIp: '127.0.0.1', protocol: 'tcp' }]);
      expect(problems).toMatchObject([{ port, hostIp: '127.0.0.1' }]);
      if (process.platform === 'linux') expect(problems[0]?.holder).toMatch(/\(pid \d+\)$/);
    } finally {
      server.close();
    }
  });

  it('calls a free port free even when it is checked several times at once', async () => {
    const server = await listen();
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const mapping = [{ published: String(port), hostIp: '127.0.0.1', protocol: 'tcp' }];
    const results = await Promise.all(Array.from({ length: 5 }, () => takenPorts(mapping)));
    expect(results).toEqual([[], [], [], [], []]);
  });
});
