import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeDriver } from '../../../test/support/fake-driver';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';
import type { ProgramResult, ProviderHost } from './provider-host';
import { Orchestrator } from './orchestrator';

afterEach(removeStacks);

/** A provider program as a script: what it prints for each command, and the calls it got. */
class FakeProviders implements ProviderHost {
  readonly calls: string[] = [];
  constructor(
    private readonly programs: Record<
      string,
      (args: readonly string[]) => { lines: string[]; code?: number; stderr?: string }
    >,
  ) {}
  find(type: string): string | undefined {
    return this.programs[type] ? `/plugins/docker-${type}` : undefined;
  }
  run(program: string, args: readonly string[], onLine: (line: string) => void): Promise<ProgramResult> {
    const type = program.replace('/plugins/docker-', '');
    const out = this.programs[type]?.(args) ?? { lines: [], code: 127 };
    if (args[1] !== 'metadata') this.calls.push(`${type} ${args.join(' ')}`);
    for (const line of out.lines) onLine(line);
    return Promise.resolve({ code: out.code ?? 0, stderr: out.stderr ?? '' });
  }
}

const msg = (type: string, message: string): string => JSON.stringify({ type, message });

/** Like docker/compose's example provider: a cloud database that says where it is. */
const cloud = (args: readonly string[]) => {
  const command = args[2];
  if (command === 'metadata' || args[1] === 'metadata') {
    return {
      lines: [
        JSON.stringify({
          description: 'a cloud',
          up: { parameters: [{ name: 'type', required: true }, { name: 'size' }] },
          down: { parameters: [] },
          stop: { parameters: [] },
        }),
      ],
    };
  }
  const service = args[args.length - 1] ?? '';
  if (command === 'up')
    return {
      lines: [
        msg('debug', 'starting'),
        msg('info', 'Processing ... 50%'),
        msg('setenv', `URL=https://magic.cloud/${service}`),
        msg('rawsetenv', 'CLOUD_REGION=us-east-1'),
      ],
    };
  return { lines: [] };
};

function setup(
  yaml: string,
  programs: Record<string, (args: readonly string[]) => { lines: string[]; code?: number; stderr?: string }>,
) {
  const result = load(writeStack({ 'compose.yaml': `name: t\n${yaml}` }));
  if (!result.stack) throw new Error(JSON.stringify(result.errors));
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  const providers = new FakeProviders(programs);
  const refused: string[] = [];
  const runner = new Orchestrator(result.stack, {
    driver,
    clock,
    providers,
    onIllegalTransition: (why) => refused.push(why),
  });
  return { clock, driver, runner, providers, refused };
}

const APP = `services:
  app:
    image: app
    environment: { CLOUD_REGION: user-defined-region, KEEP: me }
    depends_on: [database]
  database:
    provider:
      type: cloud
      options: { type: mysql, size: 256, name: mydb }
`;

describe('provider services (compose’s extension protocol)', () => {
  it('runs the provider’s up before its dependents, with the options it declares, and gives them what it set', async () => {
    const { clock, driver, runner, providers, refused } = setup(APP, { cloud });
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(true);
    // Only the options the up declares in its metadata (name is not one): as compose passes them.
    expect(providers.calls).toEqual(['cloud compose --project-name=t up --type=mysql --size=256 database']);
    expect(runner.get('database')).toMatchObject({
      status: 'ready',
      reason: 'created by cloud; gives DATABASE_URL, CLOUD_REGION to its dependents',
    });
    const app = [...driver.containers.values()].find((c) => c.service === 'app');
    expect(app?.spec.env).toEqual(
      expect.arrayContaining(['DATABASE_URL=https://magic.cloud/database', 'CLOUD_REGION=us-east-1', 'KEEP=me']),
    );
    expect(app?.spec.env).not.toContain('CLOUD_REGION=user-defined-region');
    expect(result.warnings).toEqual([
      {
        service: 'app',
        dependency: 'database',
        message: 'provider "database" overrides environment variable "CLOUD_REGION" in service "app"',
      },
    ]);
    // No container, image or network of its own.
    expect(driver.calls.filter((c) => c.includes('database'))).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('stop asks a provider that has a stop; down releases it after its dependents are gone', async () => {
    const { clock, driver, runner, providers, refused } = setup(APP, { cloud });
    await clock.run(runner.up());
    await clock.run(runner.stop());
    expect(providers.calls.slice(1)).toEqual(['cloud compose --project-name=t stop database']);
    expect(runner.get('database')).toMatchObject({ status: 'stopped', reason: 'stopped by cloud' });
    await clock.run(runner.down());
    expect(providers.calls.slice(2)).toEqual(['cloud compose --project-name=t down database']);
    expect(driver.containers.size).toBe(0);
    expect(refused).toEqual([]);
  });

  it('an error message, a failed program, a missing required option or a missing program fails the service and blocks its dependents', async () => {
    const cases: [
      string,
      Record<string, (args: readonly string[]) => { lines: string[]; code?: number; stderr?: string }>,
      string,
    ][] = [
      [
        '      options: { type: mysql }\n',
        {
          cloud: (a) =>
            a[2] === 'up' ? { lines: [msg('info', 'quota?'), msg('error', 'Permission error\nmore')] } : cloud(a),
        },
        'cloud could not create it: Permission error\nmore',
      ],
      [
        '      options: { type: mysql }\n',
        { cloud: (a) => (a[2] === 'up' ? { lines: [], code: 3, stderr: 'boom\nno credentials' } : cloud(a)) },
        'cloud could not create it: /plugins/docker-cloud exited with code 3: no credentials',
      ],
      [
        '      options: { size: 1 }\n',
        { cloud },
        'cloud could not create it: required parameter "type" is missing from provider "cloud" definition: add it under provider.options',
      ],
      [
        '      options: { type: mysql }\n',
        { cloud: (a) => (a[2] === 'up' ? { lines: ['not json'] } : cloud(a)) },
        'cloud could not create it: invalid response from provider (not a JSON message): not json',
      ],
      [
        '      options: { type: mysql }\n',
        {},
        'cloud could not create it: no docker CLI plugin docker-cloud and no cloud on PATH: install the provider, or put it on PATH',
      ],
    ];
    for (const [options, programs, reason] of cases) {
      const { clock, runner, refused } = setup(
        `services:\n  app:\n    image: app\n    depends_on: [database]\n  database:\n    provider:\n      type: cloud\n${options}`,
        programs,
      );
      const result = await clock.run(runner.up());
      expect(result.ok).toBe(false);
      expect(runner.get('database')).toMatchObject({ status: 'failed', reason });
      expect(runner.get('app')?.status).toBe('blocked');
      expect(refused).toEqual([]);
    }
  });

  it('without metadata, every option is passed, lists as one flag per value', async () => {
    const seen: string[][] = [];
    const bare = (a: readonly string[]) => {
      if (a[1] === 'metadata') return { lines: [], code: 1 };
      seen.push([...a]);
      return { lines: [] };
    };
    const { clock, runner } = setup(
      `services:\n  db:\n    provider:\n      type: bare\n      options: { tag: [a, b], on: true }\n`,
      { bare },
    );
    expect((await clock.run(runner.up())).ok).toBe(true);
    expect(seen).toEqual([['compose', '--project-name=t', 'up', '--tag=a', '--tag=b', '--on=true', 'db']]);
  });

  it('a new session does not call a dependent outdated before its providers have run; its up keeps it when they give the same, recreates it when not', async () => {
    const { clock, driver, runner } = setup(APP, { cloud });
    await clock.run(runner.up());
    const first = runner.get('app')?.containerId;
    const stack = load(writeStack({ 'compose.yaml': `name: t\n${APP}` })).stack;
    if (!stack) throw new Error('no stack');
    const again = (programs: ConstructorParameters<typeof FakeProviders>[0]) =>
      new Orchestrator(
        { ...stack, projectDir: runner.stack.projectDir, files: runner.stack.files },
        { driver, clock, providers: new FakeProviders(programs) },
      );
    const second = again({ cloud });
    await clock.run(second.refresh());
    expect(second.get('app')).toMatchObject({ status: 'ready', outdated: false });
    expect((await clock.run(second.up())).ok).toBe(true);
    expect(second.get('app')?.containerId).toBe(first);
    const moved = again({
      cloud: (a) => (a[2] === 'up' ? { lines: [msg('setenv', 'URL=https://elsewhere/db')] } : cloud(a)),
    });
    expect((await clock.run(moved.up())).ok).toBe(true);
    expect(moved.get('app')?.containerId).not.toBe(first);
  });
});
