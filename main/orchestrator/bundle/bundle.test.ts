import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import { initialSnapshot, withStatus } from '../runtime/service-state';
import { writeBundle } from './diagnostic-bundle';
import type { BundleInput } from './diagnostic-bundle';
import { MASK, SecretMask } from './secret-mask';

const dirs: string[] = [];
afterEach(() => {
  removeStacks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Values planted in every place a secret can come from; none may appear in the bundle. */
const PLANTED = {
  dotenv: 'dotenv-planted-7f3a9c',
  declared: 'declared-planted-51be02',
  secretFile: 'secretfile-planted-c0ffee',
  processToken: 'process-token-planted-9d8e7f',
  literal: 'literal-jwt-planted-4455aa',
  interpolated: 'interpolated-planted-8181ff',
};

const COMPOSE = `name: leaky
x-stackpilot:
  env:
    API_TOKEN: { description: the API's token, secret: true }
services:
  api:
    image: api:1
    environment:
      DATABASE_PASSWORD: \${DB_PASSWORD}
      JWT_SECRET: ${PLANTED.literal}
      SESSION_COOKIE_KEY: \${SESSION_COOKIE_KEY}
      API_TOKEN: \${API_TOKEN}
      LOG_LEVEL: debug
    secrets: [db_pass]
secrets:
  db_pass:
    file: ./db_pass.txt
`;

function bundleOf(): { file: string; input: BundleInput } {
  const dir = writeStack({
    'compose.yaml': COMPOSE,
    '.env': `DB_PASSWORD=${PLANTED.dotenv}\n`,
    'db_pass.txt': `${PLANTED.secretFile}\n`,
  });
  const env = {
    API_TOKEN: PLANTED.declared,
    GITHUB_TOKEN: PLANTED.processToken,
    SESSION_COOKIE_KEY: PLANTED.interpolated,
    HOME: '/home/dev',
  };
  const result = load(dir, { env });
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  const all = Object.values(PLANTED).join(' ');
  let api = withStatus(
    initialSnapshot('api', 'leaky-api-1', 1000),
    'failed',
    `exited with code 1: password ${PLANTED.dotenv} rejected`,
    2000,
  );
  api = { ...api, exits: [{ at: 2000, exitCode: 1, reason: 'exited', lines: [`token=${PLANTED.declared}`] }] };
  const out = mkdtempSync(join(tmpdir(), 'sp-bundle-'));
  dirs.push(out);
  const input: BundleInput = {
    stack: result.stack,
    env,
    versions: { stackpilot: '0.1.0', engine: 'Docker 20.10' },
    services: [api],
    health: {
      api: {
        status: 'unhealthy',
        failingStreak: 1,
        log: [{ at: 1500, exitCode: 1, output: `auth failed for ${PLANTED.secretFile}` }],
      },
    },
    logs: { api: ['starting', `connecting with ${all}`, 'LOG_LEVEL=debug'] },
    preflight: { checks: [{ id: 'variables', detail: `API_TOKEN=${PLANTED.declared}` }] },
    runs: [],
    at: '2026-12-03T07:00:00.000Z',
  };
  const file = join(out, 'bundle.tar.gz');
  writeBundle(file, input);
  return { file, input };
}

describe('the diagnostic bundle', () => {
  it('holds the config, versions, states, health, logs, preflight and history, as a tar.gz that tar reads', () => {
    const { file } = bundleOf();
    const listed = execFileSync('tar', ['-tzf', file]).toString().trim().split('\n');
    expect(listed.map((n) => n.split('/').slice(1).join('/')).sort()).toEqual([
      'README.txt',
      'config.yaml',
      'history.json',
      'logs/api.log',
      'preflight.json',
      'services.json',
      'versions.json',
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const into = mkdtempSync(join(tmpdir(), 'sp-bundle-x-'));
    dirs.push(into);
    execFileSync('tar', ['-xzf', file, '-C', into]);
    const root = join(into, readdirSync(into)[0] ?? '');
    const services = JSON.parse(readFileSync(join(root, 'services.json'), 'utf8')) as {
      name: string;
      status: string;
      health?: { status: string };
    }[];
    expect(services[0]).toMatchObject({ name: 'api', status: 'failed', health: { status: 'unhealthy' } });
    const config = readFileSync(join(root, 'config.yaml'), 'utf8');
    expect(config).toContain('image: api:1');
    expect(config).toContain('LOG_LEVEL: debug');
    expect(config).toContain(`JWT_SECRET: "${MASK}"`);
  });

  it('has none of the secrets planted in the stack, anywhere, byte for byte', () => {
    const { file } = bundleOf();
    const raw = gunzipSync(readFileSync(file)).toString('utf8');
    for (const [where, value] of Object.entries(PLANTED))
      expect(raw.includes(value), `${where} (${value}) found in the bundle`).toBe(false);
    // What is masked is said, and what is not secret is still there to read.
    expect(raw).toContain(MASK);
    expect(raw).toContain('LOG_LEVEL=debug');
  });

  it('masks the longest value first, and leaves short plain values alone', () => {
    const mask = new SecretMask(['abcd', 'abcdefgh']);
    expect(mask.mask('x abcdefgh y abcd z')).toBe(`x ${MASK} y ${MASK} z`);
  });
});
