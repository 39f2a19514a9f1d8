import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { removeStacks, writeStack } from '../../test/support/stack-dir';
import { fakeCli } from '../../test/support/fake-cli';

afterEach(removeStacks);

const cli = fakeCli;

describe('replicas on the command line (fake engine)', () => {
  it('up --scale runs that many; ps shows the service as a whole and a row per replica', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': 'name: t\nservices:\n  api:\n    image: api\n  db:\n    image: db\n' });
    const up = await cli(driver, clock, dir, 'up', '--scale', 'api=3');
    expect(up.code).toBe(0);
    expect([...driver.containers.values()].map((c) => c.info.name).sort()).toEqual([
      't-api-1',
      't-api-2',
      't-api-3',
      't-db-1',
    ]);
    const ps = await cli(driver, clock, dir, 'ps', '--format', 'json');
    // A fresh runner reads the file's scale (1): the replicas beyond it are shown as the next up's to remove.
    // As compose prints it: a JSON object per container and line.
    expect(
      ps.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toMatchObject([
      { Service: 'api', Readiness: 'ready', Name: 't-api-1', State: 'running' },
      {
        Service: 'api',
        Name: 't-api-2',
        State: 'running',
        Reason: "beyond api's scale of 1: stackpilot up removes it (up --scale api=2 keeps it)",
      },
      { Service: 'api', Name: 't-api-3', State: 'running' },
      { Service: 'db', Name: 't-db-1' },
    ]);
    expect((await cli(driver, clock, dir, 'ps', '--format', '{{.Name}} {{.Service}}', 'api')).stdout).toBe(
      't-api-1 api\nt-api-2 api\nt-api-3 api\n',
    );
    expect((await cli(driver, clock, dir, 'ps', '--format', 'table {{.Name}}\t{{.State}}', 'db')).stdout).toBe(
      'NAME\tSTATE\nt-db-1\trunning\n',
    );
    expect(await cli(driver, clock, dir, 'ps', '--format', '{{.Nope}}')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('a container has no field "Nope"') as string,
    });
    expect(await cli(driver, clock, dir, 'ps', '--format', '{{range .Publishers}}x{{end}}')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('only {{.Field}} and {{json .Field}}') as string,
    });
  });

  it('refuses a bad --scale, naming what is wrong', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml': 'name: t\nservices:\n  api:\n    image: api\n    container_name: the-api\n',
    });
    expect(await cli(driver, clock, dir, 'up', '--scale', 'api')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--scale api: write it as SERVICE=NUMBER') as string,
    });
    expect(await cli(driver, clock, dir, 'up', '--scale', 'web=2')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no such service: web') as string,
    });
    expect(await cli(driver, clock, dir, 'up', '--scale', 'api=2')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('api has container_name "the-api"') as string,
    });
  });

  it('ps prints a row per replica under a service that runs several', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': 'name: t\nservices:\n  api:\n    image: api\n    scale: 2\n' });
    expect((await cli(driver, clock, dir, 'up')).code).toBe(0);
    const ps = await cli(driver, clock, dir, 'ps');
    expect(ps.stdout.split('\n').map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      'SERVICE STATUS CONTAINER REASON',
      'api ready t-api-1 2/2 ready',
      'api-1 ready t-api-1 running',
      'api-2 ready t-api-2 running',
      '',
    ]);
  });
});
