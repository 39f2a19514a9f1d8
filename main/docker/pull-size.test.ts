import { describe, expect, it } from 'vitest';
import { parseReference } from './pull-size';

describe('image references, as docker reads them', () => {
  it.each([
    ['redis', { base: 'https://registry-1.docker.io', repository: 'library/redis', reference: 'latest' }],
    ['bitnami/redis:7.2', { base: 'https://registry-1.docker.io', repository: 'bitnami/redis', reference: '7.2' }],
    [
      'docker.io/library/postgres:16',
      { base: 'https://registry-1.docker.io', repository: 'library/postgres', reference: '16' },
    ],
    ['ghcr.io/org/app/api:v1', { base: 'https://ghcr.io', repository: 'org/app/api', reference: 'v1' }],
    ['127.0.0.1:5000/sp/busybox:1', { base: 'http://127.0.0.1:5000', repository: 'sp/busybox', reference: '1' }],
    ['localhost:5000/x@sha256:abc', { base: 'http://localhost:5000', repository: 'x', reference: 'sha256:abc' }],
  ])('%s', (image, expected) => expect(parseReference(image)).toEqual(expected));
});
