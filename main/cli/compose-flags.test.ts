import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fake-clock';
import { FakeDriver } from '../../test/support/fake-driver';
import { capturedCli, fakeCli } from '../../test/support/fake-cli';
import { removeStacks, writeStack } from '../../test/support/stack-dir';

afterEach(removeStacks);

const TWO = 'name: t\nservices:\n  db:\n    image: db\n  api: { image: api, depends_on: [db] }\n';

describe('ps, with the options compose scripts use (fake engine)', () => {
  it('-q prints the running containers’ IDs, -a the stopped ones too; --services their services; SERVICE… only those', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': TWO });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('up')).code).toBe(0);
    expect((await cli('stop', 'api')).code).toBe(0);
    const id = (name: string): string =>
      [...driver.containers.values()].find((c) => c.info.name === name)?.info.id ?? '';
    expect(await cli('ps', '-q')).toMatchObject({ code: 0, stdout: `${id('t-db-1')}\n` });
    expect((await cli('ps', '-a', '-q')).stdout.split('\n').filter(Boolean).sort()).toEqual(
      [id('t-api-1'), id('t-db-1')].sort(),
    );
    expect((await cli('ps', '--services')).stdout).toBe('db\n');
    expect((await cli('ps', '--services', '-a')).stdout).toBe('api\ndb\n');
    expect((await cli('ps', '--status', 'exited', '--services')).stdout).toBe('api\n');
    expect((await cli('ps', '--filter', 'status=running', '-q')).stdout).toBe(`${id('t-db-1')}\n`);
    const table = await cli('ps', 'api');
    expect(table.stdout.split('\n')[1]).toMatch(/^api /);
    expect(table.stdout).not.toMatch(/^db /m);
  });

  it('refuses a state that is not one and a filter compose does not have, with exit 2', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': TWO });
    expect(await fakeCli(driver, clock, dir, 'ps', '--status', 'asleep')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"asleep" is not a container state') as string,
    });
    expect(await fakeCli(driver, clock, dir, 'ps', '--filter', 'name=x')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('only status=STATE is a filter here') as string,
    });
  });
});

describe('up --wait, up -t and restart -t, as compose takes them (fake engine)', () => {
  it('up -d --wait waits until ready (with --wait-timeout), and restart -t stops within that grace', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    driver.behaviours.db = { readyAfter: 5_000 };
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  db:\n    image: db\n    healthcheck: { test: ["CMD", "ok"], interval: 1s }\n',
    });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    const up = await cli('up', '-d', '--wait', '--wait-timeout', '60');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('All 1 services are up');
    expect(await cli('up', '--wait', '--attached')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--wait cannot be used with --attached') as string,
    });
    driver.stopGraces.length = 0;
    expect((await cli('restart', '-t', '3', 'db')).code).toBe(0);
    expect(driver.stopGraces).toEqual(['db:3']);
    // up -t: a container made anew is first stopped within that grace, not killed by its removal.
    driver.stopGraces.length = 0;
    expect((await cli('up', '-t', '4', '--force-recreate')).code).toBe(0);
    expect(driver.stopGraces).toEqual(['db:4']);
    expect(await cli('up', '-t', 'soon')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--timeout must be whole seconds, not "soon"') as string,
    });
  });
});

describe('run -p, -P and -v, as compose run reads them (fake engine)', () => {
  it('publishes the ports and mounts the paths asked for; a -p before the command is still the project', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml': 'name: t\nservices:\n  api:\n    image: api\n    ports: ["9000:9000"]\nvolumes:\n  cache:\n',
    });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    const r = await cli(
      '-p',
      'other',
      'run',
      '-T',
      '-p',
      '8080:80',
      '-p',
      '127.0.0.1::53/udp',
      '-v',
      './data:/data:ro',
      '-v',
      'cache:/cache',
      'api',
      'true',
    );
    expect(r.code).toBe(0);
    const oneOff = [...driver.containers.values()].find((c) => c.info.labels['com.docker.compose.oneoff'] === 'True');
    expect(oneOff?.info.name).toMatch(/^other-api-run-/);
    expect(oneOff?.spec.ports).toEqual([
      { containerPort: 80, protocol: 'tcp', hostPort: '8080' },
      { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1' },
    ]);
    expect(oneOff?.spec.mounts).toEqual(
      expect.arrayContaining([
        { type: 'bind', source: `${dir}/data`, target: '/data', readOnly: true },
        { type: 'volume', source: 'other_cache', target: '/cache', readOnly: false },
      ]),
    );
    await cli('run', '-T', '-P', 'api', 'true');
    const withServicePorts = [...driver.containers.values()]
      .filter((c) => c.info.labels['com.docker.compose.oneoff'] === 'True')
      .pop();
    expect(withServicePorts?.spec.ports.map((p) => p.containerPort)).toEqual([9000]);
    expect(await cli('run', '-p', '80:eighty', 'api')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--publish 80:eighty') as string,
    });
  });

  it('a one-off answers to its own name only, unless --use-aliases; --cap-add, --cap-drop and -l go over the service’s', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  api:\n    image: api\n    cap_add: [NET_ADMIN]\n    cap_drop: [CHOWN]\n    labels: { team: a }\n    networks: { default: { aliases: [backend] } }\n',
    });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    const lastOneOff = () =>
      [...driver.containers.values()].filter((c) => c.info.labels['com.docker.compose.oneoff'] === 'True').pop();
    expect(
      (
        await cli(
          'run',
          '-T',
          '--cap-add',
          'CHOWN',
          '--cap-drop',
          'NET_ADMIN',
          '-l',
          'team=b',
          '-l',
          'extra=x=y',
          'api',
          'true',
        )
      ).code,
    ).toBe(0);
    const plain = lastOneOff();
    expect(plain?.spec.networks.map((n) => n.aliases)).toEqual([[plain?.info.name]]);
    expect(plain?.spec.settings).toMatchObject({ capAdd: ['CHOWN'], capDrop: ['NET_ADMIN'] });
    expect(plain?.info.labels).toMatchObject({ team: 'b', extra: 'x=y' });
    expect((await cli('run', '-T', '--use-aliases', 'api', 'true')).code).toBe(0);
    const aliased = lastOneOff();
    expect(aliased?.spec.networks.map((n) => n.aliases)).toEqual([[aliased?.info.name, 'api', 'backend']]);
    expect(aliased?.spec.settings).toMatchObject({ capAdd: ['NET_ADMIN'], capDrop: ['CHOWN'] });
  });
});

describe('build --build-arg and -q (fake engine)', () => {
  it('sets build arguments over the file’s (a bare KEY from the environment), and -q prints nothing', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml': 'name: t\nservices:\n  api:\n    build: { context: ., args: { MODE: dev, KEEP: me } }\n',
      Dockerfile: 'FROM scratch\n',
    });
    const r = await capturedCli(
      ['build', '-q', '--build-arg', 'MODE=prod', '--build-arg', 'FROM_ENV', '--build-arg', 'UNSET'],
      {
        cwd: dir,
        clock,
        env: { FROM_ENV: 'shell' },
        connectEngine: () => Promise.resolve(driver),
      },
      (p) => clock.run(p),
    );
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(driver.builds[0]?.args).toEqual({ MODE: 'prod', KEEP: 'me', FROM_ENV: 'shell' });
  });
});

describe('pause, unpause and scale (fake engine)', () => {
  it('pause freezes the running containers and says so; a second pause is the engine’s refusal (exit 1); unpause thaws', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': TWO });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('pause', 'db')).stdout).toBe('');
    expect((await cli('up')).code).toBe(0);
    expect(await cli('pause', 'db')).toMatchObject({ code: 0, stdout: 'Paused t-db-1\n' });
    expect((await cli('ps', 'db')).stdout).toContain('paused (unpause resumes it)');
    expect(await cli('pause', 'db')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('already paused') as string,
    });
    expect(await cli('unpause', 'db')).toMatchObject({ code: 0, stdout: 'Unpaused t-db-1\n' });
    expect(await cli('unpause', 'api')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not paused') as string,
    });
  });

  it('scale makes and removes replicas without recreating; a specifier that is not SERVICE=N is refused with exit 2', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': TWO });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('up')).code).toBe(0);
    const running = () =>
      [...driver.containers.values()]
        .filter((c) => c.info.state === 'running')
        .map((c) => c.info.name)
        .sort();
    expect((await cli('scale', 'api=3')).code).toBe(0);
    expect(running()).toEqual(['t-api-1', 't-api-2', 't-api-3', 't-db-1']);
    expect((await cli('scale', 'api=1')).code).toBe(0);
    expect(running()).toEqual(['t-api-1', 't-db-1']);
    expect(await cli('scale', 'api')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('invalid scale specifier "api"') as string,
    });
    expect(await cli('scale', 'api=two')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"two" is not a whole number') as string,
    });
    expect(await cli('scale')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('at least one SERVICE=REPLICAS') as string,
    });
  });
});

describe('run -e NAME and -d, as compose run takes them (fake engine)', () => {
  it('a bare -e takes the shell’s value, else the .env’s, else is left out; -d prints the id and returns', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml': 'name: t\nservices:\n  api:\n    image: api\n',
      '.env': 'FROM_FILE=dotenv\nBOTH=dotenv\n',
    });
    const r = await capturedCli(
      ['run', '-T', '-e', 'FROM_FILE', '-e', 'BOTH', '-e', 'NOWHERE', '-e', 'SET=x', 'api', 'true'],
      {
        cwd: dir,
        clock,
        connectEngine: () => Promise.resolve(driver),
        env: { BOTH: 'shell' },
      },
      (p) => clock.run(p),
    );
    expect(r.code).toBe(0);
    const oneOff = [...driver.containers.values()].find((c) => c.info.labels['com.docker.compose.oneoff'] === 'True');
    expect(oneOff?.spec.env.filter((e) => /^(FROM_FILE|BOTH|NOWHERE|SET)\b/.test(e))).toEqual([
      'FROM_FILE=dotenv',
      'BOTH=shell',
      'SET=x',
    ]);
    const detached = await fakeCli(driver, clock, dir, 'run', '-d', 'api', 'sleep', '60');
    const started = [...driver.containers.values()]
      .filter((c) => c.info.labels['com.docker.compose.oneoff'] === 'True')
      .pop();
    expect(detached).toMatchObject({ code: 0, stdout: `${started?.info.id}\n` });
    expect(started?.info.state).toBe('running');
  });
});

describe('down SERVICE… and up --no-deps on a missing donor (fake engine)', () => {
  it('down takes down the named services and what depends on them, and leaves the rest running', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  db: { image: db }\n  api: { image: api, depends_on: [db] }\n  web: { image: web, depends_on: [api] }\n  other: { image: other }\n',
    });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('up')).code).toBe(0);
    expect((await cli('down', 'api')).code).toBe(0);
    expect([...driver.containers.values()].map((c) => c.info.name).sort()).toEqual(['t-db-1', 't-other-1']);
    expect(await driver.networkExists('t_default')).toBe(true);
    expect(await cli('down', 'nope')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no such service: nope') as string,
    });
  });

  it('up --no-deps refuses a service whose volumes_from or network_mode donor has no container, in compose’s words', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  db: { image: db }\n  app: { image: app, volumes_from: [db] }\n  net: { image: net, network_mode: "service:db" }\n',
    });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect(await cli('up', '--no-deps', 'app')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('cannot share volume with service db: container missing') as string,
    });
    expect(await cli('up', '--no-deps', 'net')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('cannot share network namespace with service db: container missing') as string,
    });
    expect((await cli('up', 'db')).code).toBe(0);
    expect((await cli('up', '--no-deps', 'app', 'net')).code).toBe(0);
  });
});

describe('pull, build --push and the colour and quiet flags, as compose takes them (fake engine)', () => {
  it('pull --policy missing skips what is here; --include-deps adds what they depend on; --ignore-pull-failures and -q', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({ 'compose.yaml': TWO });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect(await cli('pull', '--policy', 'missing')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('db is here') as string,
    });
    expect(driver.calls.filter((c) => c.startsWith('pull'))).toEqual([]);
    // No registry here: the fake's pulls fail, as they do on this machine.
    expect((await cli('pull', 'api')).code).toBe(1);
    driver.calls.length = 0;
    expect((await cli('pull', '--include-deps', 'api')).code).toBe(1);
    expect(driver.calls.filter((c) => c.startsWith('pull')).sort()).toEqual(['pull api', 'pull db']);
    const quiet = await cli('pull', '-q', '--ignore-pull-failures', 'api');
    expect(quiet).toMatchObject({ code: 0, stdout: '', stderr: expect.stringContaining('api:') as string });
    expect(await cli('pull', '--policy', 'sometimes')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--policy must be always or missing') as string,
    });
  });

  it('build --push pushes what it built; up takes --quiet-pull; --no-color leaves the escape codes out', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml':
        'name: t\nservices:\n  app:\n    build: .\n    image: registry.local/t/app:1\n  db:\n    image: db\n',
      Dockerfile: 'FROM scratch\n',
    });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('build', '--push')).code).toBe(0);
    expect(driver.calls.filter((c) => /^(build|push)/.test(c))).toEqual([
      'build registry.local/t/app:1',
      'push registry.local/t/app:1',
    ]);
    expect((await cli('up', '--quiet-pull')).code).toBe(0);
    // up --no-start makes the containers and starts none, as create does.
    expect((await cli('down')).code).toBe(0);
    driver.calls.length = 0;
    expect((await cli('up', '--no-start')).code).toBe(0);
    expect(driver.calls.filter((c) => /^(create|start) /.test(c)).sort()).toEqual(['create app', 'create db']);
    expect(await cli('up', '--no-start', '--wait')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--no-start starts nothing') as string,
    });
    const coloured = (...argv: string[]) =>
      capturedCli(argv, { cwd: dir, clock, color: true, connectEngine: () => Promise.resolve(driver) }, (p) =>
        clock.run(p),
      );
    expect((await coloured('up')).stdout).toContain('\u001b[');
    expect((await coloured('up', '--no-color')).stdout).not.toContain('\u001b[');
  });
});

describe('build --with-dependencies and up --watch (fake engine)', () => {
  it('builds what the named services depend on too; up --watch is stackpilot watch', async () => {
    const clock = new FakeClock();
    const driver = new FakeDriver(clock);
    const dir = writeStack({
      'compose.yaml': 'name: t\nservices:\n  lib:\n    build: .\n  app:\n    build: .\n    depends_on: [lib]\n',
      Dockerfile: 'FROM scratch\n',
    });
    const cli = (...argv: string[]) => fakeCli(driver, clock, dir, ...argv);
    expect((await cli('build', 'app')).code).toBe(0);
    expect(driver.calls.filter((c) => c.startsWith('build'))).toEqual(['build t-app']);
    driver.calls.length = 0;
    expect((await cli('build', '--with-dependencies', 'app')).code).toBe(0);
    expect(driver.calls.filter((c) => c.startsWith('build'))).toEqual(['build t-lib', 'build t-app']);
    // No develop.watch here: up --watch says what watch says.
    const watch = await cli('watch');
    expect(watch.code).toBe(2);
    expect(await cli('up', '--watch')).toMatchObject({ code: 2, stderr: watch.stderr });
  });
});
