import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { Interrupts, capturedCli, fakeCli } from '../../test/support/fake-cli';
import { removeStacks, writeStack } from '../../test/support/stack-dir';

afterEach(removeStacks);

/** A fake engine, a fake clock and a stack folder, with the CLI run against them. */
function setup(yaml: string) {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock);
  const dir = writeStack({ 'compose.yaml': yaml });
  const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
  const names = () => [...driver.containers.values()].map((c) => `${c.info.name}:${c.info.state}`).sort();
  return { clock, driver, dir, cli, names };
}

const TWO =
  'name: t\nservices:\n  db:\n    image: db\n    healthcheck: { test: ["CMD", "ok"], interval: 1s }\n  api: { image: api, depends_on: [db] }\n';

describe('up, as compose’s flags make it (fake engine)', () => {
  it('-d returns once every container has started, not waiting for readiness', async () => {
    const { driver, cli } = setup(
      'name: t\nservices:\n  slow:\n    image: slow\n    healthcheck: { test: ["CMD", "ok"], interval: 1s }\n',
    );
    driver.behaviours.slow = { readyAfter: 60_000 };
    const up = await cli('up', '-d');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('Started 1 services');
    expect(up.stdout).not.toContain('All 1 services are up');
    expect(driver.calls).toContain('start slow');
  });

  it('--no-deps starts the named service only; without it, what it depends on comes first', async () => {
    const { cli, names } = setup(TWO);
    expect((await cli('up', '--no-deps', 'api')).code).toBe(0);
    expect(names()).toEqual(['t-api-1:running']);
    expect((await cli('up', 'api')).code).toBe(0);
    expect(names()).toEqual(['t-api-1:running', 't-db-1:running']);
  });

  it('--force-recreate makes every container anew; --no-recreate keeps an outdated one', async () => {
    const { driver, dir, cli } = setup(TWO);
    expect((await cli('up')).code).toBe(0);
    const ids = () => [...driver.containers.values()].map((c) => c.info.id).sort();
    const first = ids();
    expect((await cli('up')).code).toBe(0);
    expect(ids()).toEqual(first);
    expect((await cli('up', '--force-recreate')).code).toBe(0);
    const second = ids();
    expect(second.some((id) => first.includes(id))).toBe(false);
    writeFileSync(join(dir, 'compose.yaml'), TWO.replace('image: api,', 'image: api, environment: { CHANGED: "1" },'));
    expect((await cli('up', '--no-recreate')).code).toBe(0);
    expect(ids()).toEqual(second);
    expect((await cli('up')).code).toBe(0);
    expect(ids().filter((id) => second.includes(id))).toHaveLength(1);
  });

  it('--build builds services with a build section; --no-build refuses to; --pull always pulls', async () => {
    const { driver, cli } = setup('name: t\nservices:\n  app: { build: ., image: app }\n  cache: { image: cache }\n');
    expect((await cli('up', '--build')).code).toBe(0);
    expect(driver.calls.filter((c) => c.startsWith('build') || c.startsWith('pull'))).toEqual(['build app']);
    driver.missingImages.add('app');
    const noBuild = await cli('up', '--no-build', '--force-recreate');
    expect(noBuild.code).toBe(1);
    expect(noBuild.stderr).toContain('--no-build says not to build it');
    driver.calls.length = 0;
    const pull = await cli('up', '--pull', 'always', 'cache');
    // No registry here: the pull is tried, and fails the start, saying so.
    expect(driver.calls).toContain('pull cache');
    expect(pull.code).toBe(1);
    expect(pull.stderr).toMatch(/cache: failed: .*no registry/);
  });

  it('pull_policy on a schedule pulls an image older than its interval, and only then', async () => {
    for (const [policy, age, pulls] of [
      ['pull_policy: daily', 3_600_000, false],
      ['pull_policy: daily', 25 * 3_600_000, true],
      ['pull_policy: every_10m', 11 * 60_000, true],
      ['pull_policy: refresh\n    pull_refresh_after: 2h', 3_600_000, false],
    ] as const) {
      const { driver, clock, cli } = setup(`name: t\nservices:\n  cache:\n    image: cache\n    ${policy}\n`);
      driver.tagTimes.set('cache', clock.now() - age);
      const r = await cli('up');
      expect(driver.calls.includes('pull cache'), `${policy}, ${age} ms old`).toBe(pulls);
      // No registry here: a pull that is due fails the start, as compose's would.
      expect(r.code).toBe(pulls ? 1 : 0);
    }
  });

  it('--wait-timeout gives up waiting after that long, naming what is not ready (exit 1)', async () => {
    const { driver, cli } = setup(
      'name: t\nservices:\n  slow:\n    image: slow\n    healthcheck: { test: ["CMD", "ok"], interval: 1s }\n',
    );
    driver.behaviours.slow = { readyAfter: 3_600_000 };
    const up = await cli('up', '--wait-timeout', '5');
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/Not ready within 5 s \(--wait-timeout\): slow \(starting: /);
  });

  it('refuses flags compose refuses together, and a bad --pull policy (exit 2)', async () => {
    const { cli } = setup(TWO);
    for (const args of [
      ['-d', '--abort-on-container-exit'],
      ['--build', '--no-build'],
      ['--force-recreate', '--no-recreate'],
      ['--pull', 'sometimes'],
      ['--exit-code-from', 'nope'],
    ]) {
      const r = await cli('up', ...args);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });
});

describe('orphans (fake engine)', () => {
  it('are reported by up and ps, left by down, and removed by --remove-orphans', async () => {
    const { dir, cli, names } = setup('name: t\nservices:\n  db: { image: db }\n  old: { image: old }\n');
    expect((await cli('up')).code).toBe(0);
    writeFileSync(join(dir, 'compose.yaml'), 'name: t\nservices:\n  db: { image: db }\n');
    const up = await cli('up');
    expect(up.stderr).toContain('Found orphan containers (t-old-1) for this project.');
    expect((await cli('ps')).stderr).toContain('--remove-orphans');
    const down = await cli('down');
    expect(down.code).toBe(0);
    expect(names()).toEqual(['t-old-1:running']);
    expect((await cli('up', '--remove-orphans')).stdout).toContain('Removed orphan containers: t-old-1');
    expect(names()).toEqual(['t-db-1:running']);
    expect((await cli('down', '--remove-orphans')).code).toBe(0);
    expect(names()).toEqual([]);
  });
});

describe('start, create, kill, rm, wait (fake engine)', () => {
  it('create makes the containers without starting them; start starts them; start with none is an error', async () => {
    const { cli, names } = setup(TWO);
    const none = await cli('start');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('has no container to start');
    expect((await cli('create')).code).toBe(0);
    expect(names()).toEqual(['t-api-1:created', 't-db-1:created']);
    expect((await cli('start')).code).toBe(0);
    expect(names()).toEqual(['t-api-1:running', 't-db-1:running']);
  });

  it('kill sends the signal asked for (SIGKILL by default); nothing running is said, exit 0', async () => {
    const { driver, cli, names } = setup(TWO);
    expect((await cli('kill')).stderr).toBe('no container to kill\n');
    expect((await cli('up')).code).toBe(0);
    const k = await cli('kill', '-s', 'TERM', 'api');
    expect(k.code).toBe(0);
    expect(driver.calls).toContain('kill api SIGTERM');
    expect((await cli('kill')).code).toBe(0);
    expect(driver.calls).toContain('kill db SIGKILL');
    expect(names()).toEqual(['t-api-1:exited', 't-db-1:exited']);
  });

  it('rm removes stopped containers: asks first, -f does not, -s stops them first', async () => {
    const { driver, clock, dir, cli, names } = setup(TWO);
    expect((await cli('rm', '-f')).stderr).toBe('No stopped containers\n');
    expect((await cli('up')).code).toBe(0);
    expect((await cli('stop', 'api')).code).toBe(0);
    const asked: string[] = [];
    const no = await capturedCli(
      ['rm'],
      {
        cwd: dir,
        clock,
        connectEngine: () => Promise.resolve(driver),
        confirm: (q) => (asked.push(q), Promise.resolve(false)),
      },
      (p) => clock.run(p),
    );
    expect(no.code).toBe(0);
    expect(asked).toEqual(['Going to remove t-api-1. Are you sure? (y/N) ']);
    expect(names()).toEqual(['t-api-1:exited', 't-db-1:running']);
    expect((await cli('rm')).stderr).toContain('pass -f to remove without asking');
    const f = await cli('rm', '-f');
    expect(f.stdout).toBe('Removed t-api-1\n');
    expect(names()).toEqual(['t-db-1:running']);
    expect((await cli('rm', '-s', '-f')).stdout).toBe('Removed t-db-1\n');
    expect(names()).toEqual([]);
  });

  it('wait blocks until the containers exit and exits with the last one’s code; none to wait for is exit 1', async () => {
    const { driver, cli } = setup('name: t\nservices:\n  job: { image: job }\n');
    expect((await cli('wait', 'job')).code).toBe(1);
    driver.behaviours.job = { exitAfter: 5_000, exitCode: 0 };
    expect((await cli('up', '-d')).code).toBe(0);
    driver.behaviours.job = { exitAfter: 5_000, exitCode: 4 };
    await cli('up', '-d', '--force-recreate');
    const w = await cli('wait', 'job');
    expect(w.stdout).toBe('container "t-job-1" exited with status code 4\n');
    expect(w.code).toBe(4);
  });
});

describe('pull, build, images (fake engine)', () => {
  it('pull fails for an image it cannot get, but not for one that can be built', async () => {
    const { cli } = setup('name: t\nservices:\n  app: { build: ., image: app }\n  cache: { image: cache }\n');
    const all = await cli('pull');
    expect(all.code).toBe(1);
    expect(all.stderr).toContain('app: ');
    expect(all.stderr).toContain('(it can be built: stackpilot build)');
    expect((await cli('pull', 'app')).code).toBe(0);
    expect((await cli('pull', '--ignore-buildable', 'app')).stderr).toBe('no image to pull for t\n');
  });

  it('build builds each image once, with --no-cache and --pull passed on', async () => {
    const { driver, cli } = setup(
      'name: t\nservices:\n  app: { build: ., image: app }\n  worker: { build: ., image: app }\n  cache: { image: cache }\n',
    );
    const b = await cli('build', '--no-cache', '--pull');
    expect(b.code).toBe(0);
    expect(driver.calls.filter((c) => c.startsWith('build'))).toEqual(['build app']);
    expect(b.stdout).toContain('app built');
  });

  it('images lists the image each container was made from', async () => {
    const { cli } = setup(TWO);
    expect((await cli('up')).code).toBe(0);
    const out = (await cli('images')).stdout.split('\n');
    expect(out[0]).toMatch(/^CONTAINER\s+REPOSITORY\s+TAG\s+IMAGE ID\s+SIZE$/);
    expect(
      out
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split(/\s+/).slice(0, 3).join(' ')),
    ).toEqual(['t-api-1 api latest', 't-db-1 db latest']);
  });
});

describe('attached up (fake engine)', () => {
  it('prints the logs (not of services with attach: false), and Ctrl-C stops the stack dependents first, exit 130', async () => {
    const { driver, clock, dir, names } = setup(TWO.replace('  db:\n', '  db:\n    attach: false\n'));
    driver.behaviours.api = { logs: ['api: listening'] };
    driver.behaviours.db = { logs: ['db: noisy'] };
    const interrupts = new Interrupts();
    void clock.sleep(30_000).then(() => interrupts.press());
    const r = await capturedCli(
      ['up', '--attached'],
      { cwd: dir, clock, connectEngine: () => Promise.resolve(driver), interrupts },
      (p) => clock.run(p),
    );
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/api +\| api: listening/);
    expect(r.stdout).not.toContain('db: noisy');
    expect(r.stdout).toContain('Gracefully stopping');
    expect(driver.calls.filter((c) => c.startsWith('stop'))).toEqual(['stop api', 'stop db']);
    expect(names()).toEqual(['t-api-1:exited', 't-db-1:exited']);
  });

  it('--no-log-prefix and --timestamps attach, as compose’s up does, and shape each line; -t is the stop grace', async () => {
    const { driver, clock, dir } = setup(TWO);
    driver.behaviours.api = { logs: ['api: listening'] };
    const interrupts = new Interrupts();
    void clock.sleep(30_000).then(() => interrupts.press());
    const r = await capturedCli(
      ['up', '--no-log-prefix', '--timestamps', '-t', '2'],
      { cwd: dir, clock, connectEngine: () => Promise.resolve(driver), interrupts },
      (p) => clock.run(p),
    );
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z api: listening$/m);
    expect(driver.stopGraces).toEqual(['api:2', 'db:2']);
    const detached = await capturedCli(
      ['up', '-d', '--timestamps'],
      { cwd: dir, clock, connectEngine: () => Promise.resolve(driver) },
      (p) => clock.run(p),
    );
    expect(detached).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--detach cannot be used with --timestamps or --no-log-prefix') as string,
    });
  });

  it('--abort-on-container-exit stops everything when a container exits, with its code; --exit-code-from picks whose', async () => {
    const yaml = 'name: t\nservices:\n  db: { image: db }\n  tests: { image: tests, depends_on: [db] }\n';
    const { driver, cli, names } = setup(yaml);
    driver.behaviours.tests = { exitAfter: 2_000, exitCode: 3 };
    const r = await cli('up', '--abort-on-container-exit');
    expect(r.stdout).toContain('tests exited with code 3: aborting on container exit');
    expect(r.code).toBe(3);
    expect(names()).toEqual(['t-db-1:exited', 't-tests-1:exited']);
    const from = await cli('up', '--exit-code-from', 'db');
    // tests ended the run; db was stopped, and its code (SIGTERM's 143) is the exit code.
    expect(from.code).toBe(143);
  });
});

describe('exec, top, port, events, ls (fake engine)', () => {
  it('exec runs the command in the running container and exits with its code; a stopped service is said', async () => {
    const { driver, cli } = setup(TWO);
    expect((await cli('exec', 'api', 'ls')).stderr).toContain('service "api" is not running');
    expect((await cli('up')).code).toBe(0);
    const r = await cli('exec', '-T', '-u', 'root', 'api', 'ls', '-la', '/srv');
    expect(r).toMatchObject({ code: 0, stdout: 'ls -la /srv\n' });
    expect(driver.calls).toContain('exec api ls -la /srv');
    driver.behaviours.api = { execExitCode: 3 };
    expect((await cli('exec', '-T', 'api', 'false')).code).toBe(3);
    expect((await cli('exec', 'api')).code).toBe(2);
  });

  it('top lists each running container’s processes; ls lists the projects with their state', async () => {
    const { cli } = setup(TWO);
    expect((await cli('up')).code).toBe(0);
    const top = await cli('top', 'api');
    expect(top.stdout).toMatch(/^t-api-1\nPID {2}CMD\n1 {4}/);
    const ls = await cli('ls', '--format', 'json');
    expect(JSON.parse(ls.stdout)).toEqual([
      { Name: 't', Status: 'running(2)', ConfigFiles: expect.stringContaining('compose.yaml') as string },
    ]);
    expect((await cli('ls', '-q')).stdout).toBe('t\n');
  });

  it('events streams each container event until Ctrl-C, as JSON when asked', async () => {
    const { driver, clock, dir } = setup(TWO);
    expect((await fakeCli(driver, clock, dir, 'up')).code).toBe(0);
    const interrupts = new Interrupts();
    const id = [...driver.containers.values()].find((c) => c.service === 'api')?.info.id ?? '';
    void clock.sleep(100).then(async () => {
      await driver.stopContainer(id);
      await clock.sleep(100);
      interrupts.press();
    });
    const r = await capturedCli(
      ['events', '--json', 'api'],
      { cwd: dir, clock, connectEngine: () => Promise.resolve(driver), interrupts },
      (p) => clock.run(p),
    );
    expect(r.code).toBe(0);
    const actions = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { action: string; service: string }).action);
    expect(actions).toEqual(['kill', 'die', 'stop']);
  });
});

describe('stats (fake engine)', () => {
  it('one reading per running container and the stack’s total, as a table or JSON', async () => {
    const { driver, cli } = setup(TWO);
    expect((await cli('up')).code).toBe(0);
    driver.usage.api = { cpuPercent: 12.5, memoryBytes: 64 * 1024 ** 2, memoryLimitBytes: 1024 ** 3, pids: 3 };
    driver.usage.db = { cpuPercent: 50, memoryBytes: 192 * 1024 ** 2, memoryLimitBytes: 1024 ** 3, pids: 9 };
    const table = (await cli('stats', '--no-stream')).stdout.split('\n');
    expect(table[0]).toMatch(/^NAME +CPU % +MEM USAGE \/ LIMIT +MEM % +NET I\/O +BLOCK I\/O +PIDS$/);
    expect(table[1]).toMatch(/^t-api-1 +12\.50% +64\.0MiB \/ 1\.00GiB +6\.25% /);
    expect(table[3]).toMatch(/^TOTAL +62\.50% +256\.0MiB \/ 1\.00GiB +25\.00% .* 12$/);
    const json = JSON.parse((await cli('stats', '--format', 'json', 'db')).stdout) as {
      name: string;
      cpuPercent: number;
    }[];
    expect(json.map((r) => [r.name, r.cpuPercent])).toEqual([['t-db-1', 50]]);
  });
});

describe('run (fake engine)', () => {
  it('starts what the service depends on, runs a one-off container with the command, passes its exit code, and --rm removes it', async () => {
    const { driver, cli, names } = setup(TWO);
    const r = await cli('run', '--rm', '-T', '-e', 'X=1', 'api', 'migrate', '--all');
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('migrate --all\n') as string });
    expect(driver.calls).toContain('run api migrate --all');
    // db started first; the one-off is gone (--rm); api itself was never started as a service.
    expect(names()).toEqual(['t-db-1:running']);
    driver.behaviours.api = { execExitCode: 5 };
    const kept = await cli('run', '--no-deps', '-T', 'api', 'false');
    expect(kept.code).toBe(5);
    const oneOff = [...driver.containers.values()].find((c) => c.info.labels['com.docker.compose.oneoff'] === 'True');
    expect(oneOff?.info.name).toMatch(/^t-api-run-[0-9a-f]{12}$/);
    expect(oneOff?.spec.ports).toEqual([]);
    // A one-off is not a replica of the service: ps does not count it.
    expect((await cli('ps', '--format', 'json')).stdout).not.toContain('-run-');
  });
});
