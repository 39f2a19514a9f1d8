import { describe, expect, it } from 'vitest';
import { placeUrl, portLink } from './cells';

describe('where a published port is from here', () => {
  const port = { published: '8080', target: 80, protocol: 'tcp' } as Parameters<typeof portLink>[0];

  it('a local engine: localhost, as published', () => {
    expect(portLink(port)).toBe('http://localhost:8080');
    expect(placeUrl('http://localhost:8080/admin', {})).toBe('http://localhost:8080/admin');
  });

  it('a remote engine over TCP: its host', () => {
    expect(portLink(port, { remote: 'devbox' })).toBe('http://devbox:8080');
    expect(placeUrl('http://localhost:8080/admin', { remote: 'devbox' })).toBe('http://devbox:8080/admin');
  });

  it('over SSH: the local end of the port’s tunnel; a URL on another host is left as it is', () => {
    const place = { remote: 'devbox', ports: { '8080': '127.0.0.1:41234' } };
    expect(portLink(port, place)).toBe('http://127.0.0.1:41234');
    expect(placeUrl('http://localhost:8080/admin?x=1', place)).toBe('http://127.0.0.1:41234/admin?x=1');
    expect(placeUrl('https://example.com/docs', place)).toBe('https://example.com/docs');
  });
});
