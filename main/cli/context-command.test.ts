import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContainerDriver } from '../orchestrator/driver';
import { capturedCli } from '../../test/support/fake-cli';
import { systemClock } from '../orchestrator/clock';
import { splitGlobalOptions } from './global-options';

const config = mkdtempSync(join(tmpdir(), 'sp-cli-contexts-'));
const hash = createHash('sha256').update('devbox').digest('hex');
mkdirSync(join(config, 'contexts', 'meta', hash), { recursive: true });
writeFileSync(
  join(config, 'contexts', 'meta', hash, 'meta.json'),
  JSON.stringify({
    Name: 'devbox',
    Metadata: { Description: 'the big machine' },
    Endpoints: { docker: { Host: 'ssh://me@devbox' } },
  }),
);
afterAll(() => rmSync(config, { recursive: true, force: true }));

/** The CLI with DOCKER_CONFIG at a folder with one context; records the environment each connect was given. */
async function cli(...argv: string[]) {
  const seen: (Readonly<Record<string, string | undefined>> | undefined)[] = [];
  const connectEngine = (env?: Readonly<Record<string, string | undefined>>): Promise<ContainerDriver> => {
    seen.push(env);
    return Promise.reject(new Error('no engine in this test'));
  };
  const run = await capturedCli(argv, {
    cwd: config,
    clock: systemClock,
    connectEngine,
    env: { DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///var/run/docker.sock' },
  });
  return { ...run, seen };
}

describe('engines on the command line: --context and context ls', () => {
  it('reads --context NAME, --context=NAME and -c NAME before the command, and refuses one without a name', () => {
    expect(splitGlobalOptions(['--context', 'devbox', 'ps'])).toEqual({ context: 'devbox', project: [], rest: ['ps'] });
    expect(splitGlobalOptions(['--context=devbox', 'up', '-d'])).toEqual({
      context: 'devbox',
      project: [],
      rest: ['up', '-d'],
    });
    expect(splitGlobalOptions(['-c', 'devbox', 'ls'])).toEqual({ context: 'devbox', project: [], rest: ['ls'] });
    expect(splitGlobalOptions(['ps', '--context', 'x'])).toEqual({ project: [], rest: ['ps', '--context', 'x'] });
    expect(() => splitGlobalOptions(['--context'])).toThrow('--context needs a context name');
  });

  it('lists default (DOCKER_HOST here) and the contexts, the current one marked, as a table and as JSON', async () => {
    const table = await cli('context', 'ls');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      'NAME DESCRIPTION DOCKER ENDPOINT',
      'default * found by DOCKER_HOST unix:///var/run/docker.sock',
      'devbox the big machine ssh://me@devbox',
      '',
    ]);
    const json = JSON.parse((await cli('context', 'ls', '--format', 'json')).stdout) as {
      name: string;
      current: boolean;
    }[];
    expect(json.map((c) => [c.name, c.current])).toEqual([
      ['default', true],
      ['devbox', false],
    ]);
  });

  it('connects to the context asked for: DOCKER_CONTEXT set, DOCKER_HOST no longer in the way', async () => {
    const r = await cli('--context', 'devbox', 'ls');
    expect(r.code).toBe(1);
    expect(r.seen).toHaveLength(1);
    expect(r.seen[0]).toMatchObject({ DOCKER_CONTEXT: 'devbox', DOCKER_HOST: undefined });
  });

  it('a bad context subcommand or a missing name is a usage error (exit 2)', async () => {
    expect((await cli('context', 'use', 'devbox')).code).toBe(2);
    expect((await cli('--context')).stderr).toContain('--context needs a context name');
  });
});
