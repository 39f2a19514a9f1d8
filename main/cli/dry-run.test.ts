import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { fakeCli } from '../../test/support/fake-cli';
import { removeStacks, writeStack } from '../../test/support/stack-dir';

afterEach(removeStacks);

const STACK = `name: t
services:
  db:
    image: db
    volumes: [data:/var/lib/db]
  api:
    image: api
    depends_on: [db]
    environment: { MODE: one }
  web:
    build: ./web
    depends_on: [api]
volumes:
  data: {}
`;

function setup(yaml: string) {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  const dir = writeStack({ 'compose.yaml': yaml, 'web/Dockerfile': 'FROM scratch\n' });
  const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
  return { driver, dir, cli };
}

/** The plan's lines as "action kind name", without the reasons. */
const steps = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '));

describe('up --dry-run: the plan of an up, with nothing changed (fake engine)', () => {
  it('on an empty engine: the network and volume made, the image built, every container created, in start order', async () => {
    const { driver, cli } = setup(STACK);
    driver.missingImages.add('t-web');
    const r = await cli('up', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Dry run: what stackpilot up would do to project t \(nothing is changed\)\n/);
    expect(steps(r.stdout)).toEqual([
      'create network t_default',
      'create volume t_data',
      'create container t-db-1',
      'create container t-api-1',
      'build image t-web',
      'create container t-web-1',
    ]);
    expect(r.stdout).toContain('5 to create');
    expect(r.stdout).toContain('1 to build');
    // Nothing was made, started or built.
    expect(driver.containers.size).toBe(0);
    expect(driver.calls.filter((c) => /^(create|start|build|pull)/.test(c))).toEqual([]);
  });

  it('after an up: kept when up to date, recreated when its definition changed, started when stopped, scaled down', async () => {
    const { driver, dir, cli } = setup(STACK);
    expect((await cli('up', '--scale', 'web=2')).code).toBe(0);
    await cli('stop', 'db');
    writeFileSync(join(dir, 'compose.yaml'), STACK.replace('MODE: one', 'MODE: two'));
    const before = driver.calls.length;
    const r = await cli('up', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(steps(r.stdout)).toEqual([
      'start container t-db-1',
      'recreate container t-api-1',
      'remove container t-web-2',
      'keep container t-web-1',
    ]);
    expect(r.stdout).toContain('api: its definition changed since it was made');
    expect(r.stdout).toContain('web: scaled to 1');
    expect(driver.calls.slice(before).filter((c) => /^(create|start|stop|rm|remove)/.test(c))).toEqual([]);
  });

  it('--force-recreate and --no-recreate change the plan as they change the up', async () => {
    const { cli } = setup(STACK);
    expect((await cli('up')).code).toBe(0);
    expect(steps((await cli('up', '--dry-run', '--force-recreate', 'db')).stdout)).toEqual([
      'recreate container t-db-1',
    ]);
    expect(steps((await cli('up', '--dry-run', 'api')).stdout)).toEqual([
      'keep container t-db-1',
      'keep container t-api-1',
    ]);
  });

  it('says where the up would stop: an external network that is not there, an image it may not pull (exit 1)', async () => {
    const { driver, cli } = setup(
      'name: t\nservices:\n  a: { image: gone, pull_policy: never, networks: [outside] }\nnetworks:\n  outside: { external: true }\n',
    );
    driver.missingImages.add('gone');
    const r = await cli('up', '--dry-run');
    expect(r.code).toBe(1);
    expect(steps(r.stdout)).toEqual(['missing network outside', 'refused image gone', 'create container t-a-1']);
    expect(r.stderr).toContain('up would stop: network outside: external, and not on the engine; image gone:');
  });

  it('compose’s global form (--dry-run up) is the same; on any other command it is refused, not ignored', async () => {
    const { cli } = setup(STACK);
    const global = await cli('--dry-run', 'up', 'db');
    expect(global.code, global.stderr).toBe(0);
    expect(steps(global.stdout)).toEqual([
      'create network t_default',
      'create volume t_data',
      'create container t-db-1',
    ]);
    expect(await cli('--dry-run', 'down')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--dry-run is not supported here except with up') as string,
    });
    expect((await cli('down', '--dry-run')).stderr).toContain('only up takes it here (it prints the plan)');
  });
});
