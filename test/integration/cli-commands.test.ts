import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DockerEngine } from '../../main/docker/engine-client';
import { systemClock } from '../../main/orchestrator/clock';
import { Interrupts, capturedCli } from '../support/fake-cli';
import { TEST_IMAGE } from '../support/engine-stack';
import { hasLocalRegistry, startLocalRegistry } from '../support/local-registry';
import { waitUntil } from '../support/wait-until';

/**
 * compose's lifecycle commands on the real engine, run in-process: the state of the containers
 * after each step (docker inspect) and each command's exit code, as compose gives them.
 */
const engine = inject('engine');
let dir: string | undefined;
let project = '';

afterEach(() => {
  if (!dir) return;
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
    encoding: 'utf8',
  }).trim();
  if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
  execFileSync('sh', ['-c', `docker network rm ${project}_default 2>/dev/null || true`]);
  rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function stack(yaml: string): (...argv: string[]) => ReturnType<typeof capturedCli> {
  dir = mkdtempSync(join(tmpdir(), 'sp-cli-cmds-'));
  project = `sp-cc-${randomBytes(3).toString('hex')}`;
  writeFileSync(join(dir, 'compose.yaml'), yaml);
  const cwd = dir;
  return (...argv) =>
    capturedCli([...argv, '-p', project], {
      cwd,
      clock: systemClock,
      connectEngine: () => DockerEngine.connect(process.env, '/root'),
    });
}

/** The CLI with something on its stdin; `-p` goes before the rest (exec takes its command last). */
const withInput = (stdin: string | undefined, ...argv: string[]) =>
  // The project before the command, as compose takes it: after `run`, -p is --publish.
  capturedCli(['-p', project, ...argv], {
    cwd: dir ?? '',
    clock: systemClock,
    connectEngine: () => DockerEngine.connect(process.env, '/root'),
    ...(stdin !== undefined ? { stdin } : {}),
  });

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const state = (name: string): string =>
  execFileSync('docker', ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', name], { encoding: 'utf8' }).trim();
const exists = (name: string): boolean =>
  execFileSync('docker', ['ps', '-aq', '--filter', `name=^${name}$`], { encoding: 'utf8' }).trim() !== '';

describe.skipIf(!engine.available)(`compose's lifecycle commands on the real engine (${engine.reason})`, () => {
  it('create, start, up -d, wait, kill -s, images, rm: each step’s containers and exit code', async () => {
    const cli = stack(`services:
  web:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
  job:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; exit 7"]
`);
    expect((await cli('create')).code).toBe(0);
    expect([state(`${project}-web-1`), state(`${project}-job-1`)]).toEqual(['created 0', 'created 0']);
    expect((await cli('start', 'web')).code).toBe(0);
    expect(state(`${project}-web-1`)).toBe('running 0');
    // up -d returns at the start: the job has not exited yet, so nothing failed.
    expect((await cli('up', '-d', 'job')).code).toBe(0);
    const wait = await cli('wait', 'job');
    expect(wait.stdout).toBe(`container "${project}-job-1" exited with status code 7\n`);
    expect(wait.code).toBe(7);
    const images = await cli('images');
    expect(
      images.stdout
        .split('\n')
        .filter((l) => l.startsWith(project))
        .map((l) => l.split(/\s+/).slice(0, 3).join(' ')),
    ).toEqual([`${project}-job-1 stackpilot-test/busybox 1`, `${project}-web-1 stackpilot-test/busybox 1`]);
    expect((await cli('kill', '-s', 'SIGTERM', 'web')).code).toBe(0);
    // kill returns once the signal is sent (as docker compose kill does); the exit follows.
    await expect.poll(() => state(`${project}-web-1`), { timeout: 15_000 }).toBe('exited 143');
    expect((await cli('rm', '-f')).stdout).toMatch(/^Removed /);
    expect([exists(`${project}-web-1`), exists(`${project}-job-1`)]).toEqual([false, false]);
    expect((await cli('rm', '-f')).stderr).toBe('No stopped containers\n');
  });

  it('attach: the output as it comes, input to an open stdin, Ctrl-C passed on, the detach keys from a terminal', async () => {
    const cli = stack(`services:
  talk:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'echo got INT; exit 5' INT; while true; do echo tick; sleep 1; done"]
  echo:
    image: ${TEST_IMAGE}
    stdin_open: true
    # The answer comes a second after the line: the input has ended by then, and the output must still come.
    command: ["sh", "-c", "while read l; do sleep 1; echo got $$l; done"]
  term:
    image: ${TEST_IMAGE}
    stdin_open: true
    tty: true
    command: ["sh"]
`);
    expect((await cli('up')).code).toBe(0);
    const attach = (
      opts: { stdin?: string | PassThrough; tty?: boolean; interrupts?: Interrupts },
      ...argv: string[]
    ) => {
      const shown = { text: '' };
      const run = capturedCli(['-p', project, 'attach', ...argv], {
        cwd: dir ?? '',
        clock: systemClock,
        connectEngine: () => DockerEngine.connect(process.env, '/root'),
        onStdout: (t) => (shown.text += t),
        ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
        ...(opts.tty ? { stdinIsTTY: true } : {}),
        ...(opts.interrupts ? { interrupts: opts.interrupts } : {}),
      });
      return { run, shown };
    };
    // Ctrl-C goes to the container (it has no terminal), which acts on it: its exit code is attach's.
    const interrupts = new Interrupts();
    const talk = attach({ interrupts }, 'talk');
    await expect.poll(() => talk.shown.text, { timeout: 30_000 }).toContain('tick');
    interrupts.press();
    expect(await talk.run).toMatchObject({ code: 5, stdout: expect.stringContaining('got INT') as string });
    expect(state(`${project}-talk-1`)).toBe('exited 5');
    expect(await cli('attach', 'talk')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('service "talk" is not running') as string,
    });
    // What is typed reaches a stdin kept open; the attach lasts as long as the container, and the end
    // of the input does not end its output (the engine would close it, were the end passed on).
    const echo = attach({ stdin: 'hello\n' }, 'echo');
    await expect.poll(() => echo.shown.text, { timeout: 30_000 }).toContain('got hello');
    docker('kill', `${project}-echo-1`);
    expect((await echo.run).code).toBe(137);
    // A container with a terminal needs one to type from; from it, ctrl-p ctrl-q leaves it running.
    expect(await attach({ stdin: '' }, 'term').run).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('the input device is not a TTY') as string,
    });
    const keys = new PassThrough();
    const term = attach({ stdin: keys, tty: true }, 'term');
    keys.write('echo hi-$((1+2))\n');
    await expect.poll(() => term.shown.text, { timeout: 30_000 }).toContain('hi-3');
    keys.write('\x10\x11');
    expect(await term.run).toMatchObject({ code: 1, stderr: 'read escape sequence\n' });
    expect(state(`${project}-term-1`)).toBe('running 0');
  });

  it('exec (stdin in, output and exit code out), port, top and ls', async () => {
    const cli = stack(`services:
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["httpd", "-f", "-p", "8000", "-h", "/tmp"]
    ports: ["127.0.0.1::8000"]
`);
    expect((await cli('up')).code).toBe(0);
    expect(
      (await withInput('hello from stdin\n', 'exec', '-T', 'api', 'sh', '-c', 'cat > /tmp/got; echo stored')).stdout,
    ).toBe('stored\n');
    const cat = await withInput(
      '',
      'exec',
      '-T',
      '-w',
      '/tmp',
      '-e',
      'WHO=me',
      'api',
      'sh',
      '-c',
      'echo "$WHO $(pwd)"; cat got; echo oops >&2; exit 4',
    );
    expect(cat).toMatchObject({ code: 4, stdout: 'me /tmp\nhello from stdin\n', stderr: 'oops\n' });
    // -d: started, and the command returns at once, its output going nowhere.
    expect(await withInput(undefined, 'exec', '-d', 'api', 'sh', '-c', 'sleep 1; echo later > /tmp/bg')).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
    await expect
      .poll(
        () =>
          execFileSync('sh', ['-c', `docker exec ${project}-api-1 cat /tmp/bg 2>/dev/null || true`], {
            encoding: 'utf8',
          }),
        { timeout: 30_000 },
      )
      .toBe('later\n');
    // -t: a terminal, as an interactive shell gets.
    expect((await withInput(undefined, 'exec', '-t', 'api', 'tty')).stdout).toMatch(/^\/dev\/pts\/\d+\r?\n$/);
    const port = await cli('port', 'api', '8000');
    expect(port.stdout).toMatch(/^127\.0\.0\.1:\d+\n$/);
    expect(docker('port', `${project}-api-1`, '8000')).toBe(port.stdout.trim());
    expect((await cli('port', 'api', '9999')).code).toBe(1);
    expect((await cli('top')).stdout).toContain('httpd -f -p 8000');
    const ls = JSON.parse(
      (
        await capturedCli(['ls', '--format', 'json'], {
          cwd: dir ?? '',
          clock: systemClock,
          connectEngine: () => DockerEngine.connect(process.env, '/root'),
        })
      ).stdout,
    ) as {
      Name: string;
      Status: string;
    }[];
    expect(ls.find((p) => p.Name === project)).toMatchObject({ Status: 'running(1)' });
  });

  it('run: dependencies first, a one-off with the command (stdin in, exit code out), removed with --rm', async () => {
    stack(`services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    ports: ["127.0.0.1::8000"]
    depends_on: [db]
`);
    const r = await withInput(
      'from stdin\n',
      'run',
      '--rm',
      '-T',
      '-e',
      'WHO=one-off',
      'api',
      'sh',
      '-c',
      'read line; echo "$WHO got $line"; exit 3',
    );
    expect(r).toMatchObject({ code: 3, stdout: 'one-off got from stdin\n' });
    expect(state(`${project}-db-1`)).toBe('running 0');
    // --rm: no one-off left; api itself was not started as a service.
    expect(
      docker(
        'ps',
        '-aq',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--filter',
        'label=com.docker.compose.oneoff=True',
      ),
    ).toBe('');
    expect(exists(`${project}-api-1`)).toBe(false);
    const kept = await withInput('', 'run', '--no-deps', '-T', '--name', `${project}-kept`, 'api', 'true');
    expect(kept.code).toBe(0);
    expect(
      docker(
        'inspect',
        '-f',
        '{{index .Config.Labels "com.docker.compose.oneoff"}} {{json .HostConfig.PortBindings}}',
        `${project}-kept`,
      ),
    ).toBe('True {}');
  });

  it('stats: a service burning CPU shows it, beside one asleep; memory is counted', async () => {
    const cli = stack(`services:
  busy:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "while :; do :; done"]
  idle:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
`);
    expect((await cli('up')).code).toBe(0);
    const rows = JSON.parse((await cli('stats', '--format', 'json')).stdout) as {
      name: string;
      cpuPercent: number;
      memoryBytes: number;
      pids: number;
    }[];
    const busy = rows.find((r) => r.name === `${project}-busy-1`);
    const idle = rows.find((r) => r.name === `${project}-idle-1`);
    // A busy loop keeps a CPU near full; a sleep keeps it near idle.
    expect(busy?.cpuPercent).toBeGreaterThan(5);
    expect(idle?.cpuPercent).toBeLessThan(busy?.cpuPercent ?? 0);
    expect(idle?.memoryBytes).toBeGreaterThan(0);
    expect(idle?.pids).toBeGreaterThan(0);
  });

  it('up --abort-on-container-exit: the logs, then everything stopped when one exits, with its code', async () => {
    const cli = stack(`services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
  tests:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo tests ran; sleep 1; exit 3"]
    depends_on: [db]
`);
    const r = await cli('up', '--abort-on-container-exit');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/tests +\| tests ran/);
    expect(state(`${project}-db-1`)).toMatch(/^exited /);
    expect(state(`${project}-tests-1`)).toBe('exited 3');
  });

  it('up --attached: Ctrl-C stops the stack, dependents first, and exits 130', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sp-cli-cmds-'));
    project = `sp-cc-${randomBytes(3).toString('hex')}`;
    writeFileSync(
      join(dir, 'compose.yaml'),
      `services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
  api:
    image: ${TEST_IMAGE}
    init: true
    command: ["sleep", "3600"]
    depends_on: [db]
`,
    );
    const interrupts = new Interrupts();
    // Ctrl-C once api runs (whether or not up has said it is attached yet): the stack stops, code 130.
    const name = `${project}-api-1`;
    const pressed = (async () => {
      await waitUntil(
        `${name} running`,
        () => (exists(name) ? state(name) : 'no container'),
        (st) => st.startsWith('running'),
      );
      interrupts.press();
    })();
    const r = await capturedCli(['up', '--attached', '-p', project], {
      cwd: dir,
      clock: systemClock,
      connectEngine: () => DockerEngine.connect(process.env, '/root'),
      interrupts,
    });
    await pressed;
    expect(r.code).toBe(130);
    expect(state(`${project}-api-1`)).toMatch(/^exited /);
    expect(state(`${project}-db-1`)).toMatch(/^exited /);
    const finished = (name: string): number =>
      Date.parse(execFileSync('docker', ['inspect', '-f', '{{.State.FinishedAt}}', name], { encoding: 'utf8' }).trim());
    expect(finished(`${project}-api-1`)).toBeLessThanOrEqual(finished(`${project}-db-1`));
  });

  it('volumes lists the project’s; cp copies both ways; export writes a container as a tar (whole, or not at all); commit makes an image with the changes asked', async () => {
    const cli = stack(`services:
  db:
    image: ${TEST_IMAGE}
    init: true
    command: ["sh", "-c", "echo rows > /data.txt; exec sleep 3600"]
    volumes: [seed:/seed]
  idle:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
volumes:
  seed: {}
`);
    expect((await cli('up', '-d')).code).toBe(0);
    // volumes: the project's, as docker compose volumes lists them; by service, those it mounts.
    expect(await cli('volumes')).toMatchObject({
      code: 0,
      stdout: `DRIVER    VOLUME NAME\nlocal     ${project}_seed\n`,
    });
    expect(await cli('volumes', '-q', 'db')).toMatchObject({ code: 0, stdout: `${project}_seed\n` });
    expect(await cli('volumes', '-q', 'idle')).toMatchObject({ code: 0, stdout: '' });
    const json = JSON.parse((await cli('volumes', '--format', 'json')).stdout) as {
      Name: string;
      Driver: string;
      Labels: string;
    };
    expect(json).toMatchObject({
      Name: `${project}_seed`,
      Driver: 'local',
      Labels: expect.stringContaining(`com.docker.compose.volume=seed`) as string,
    });
    const archive = join(dir ?? '', 'db.tar');
    expect(await cli('export', '-o', archive, 'db')).toMatchObject({
      code: 0,
      stderr: expect.stringContaining(`Exported ${project}-db-1 to ${archive}`) as string,
    });
    expect(execFileSync('tar', ['tf', archive], { encoding: 'utf8' }).split('\n')).toEqual(
      expect.arrayContaining(['bin/busybox', 'data.txt']),
    );
    // Without -o, to standard output when it is not a terminal (a pipe, a file).
    const piped = await cli('export', 'db');
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('bin/busybox');
    expect(await cli('export', '--index', '2', '-o', archive, 'db')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('service "db" has no container number 2') as string,
    });

    // cp, both ways, with docker cp's rules: a folder into an existing folder, or as the destination.
    const here = dir ?? '';
    expect((await cli('cp', 'db:/data.txt', join(here, 'data.txt'))).code).toBe(0);
    expect(execFileSync('cat', [join(here, 'data.txt')], { encoding: 'utf8' })).toBe('rows\n');
    docker('exec', `${project}-db-1`, 'sh', '-c', 'mkdir -p /tree/sub && echo leaf > /tree/sub/leaf.txt');
    expect((await cli('cp', 'db:/tree', join(here, 'copied'))).code).toBe(0);
    expect(execFileSync('cat', [join(here, 'copied', 'sub', 'leaf.txt')], { encoding: 'utf8' })).toBe('leaf\n');
    expect((await cli('cp', 'db:/tree', join(here, 'copied'))).code).toBe(0);
    expect(execFileSync('cat', [join(here, 'copied', 'tree', 'sub', 'leaf.txt')], { encoding: 'utf8' })).toBe('leaf\n');
    expect(await cli('cp', join(here, 'copied'), 'db:/seed/')).toMatchObject({
      code: 0,
      stderr: expect.stringContaining(`to ${project}-db-1:/seed/`) as string,
    });
    // Without --archive, what is copied in belongs to root, as with docker cp.
    expect(docker('exec', `${project}-db-1`, 'stat', '-c', '%u %n', '/seed/copied/tree/sub/leaf.txt')).toBe(
      '0 /seed/copied/tree/sub/leaf.txt',
    );
    expect(await cli('cp', 'db:/nothing-here', here)).toMatchObject({
      code: 1,
      stderr: `stackpilot: Could not find the file /nothing-here in container ${project}-db-1\n`,
    });
    expect(await cli('cp', 'db:/a', 'db:/b')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('copying between containers is not supported') as string,
    });

    const image = `${project}-snapshot:1`;
    try {
      const made = await cli(
        'commit',
        '-m',
        'after the seed',
        '-c',
        'CMD ["cat", "/data.txt"]',
        '--pause=false',
        'db',
        image,
      );
      expect(made).toMatchObject({
        code: 0,
        stderr: expect.stringMatching(new RegExp(`^Committed ${project}-db-1 as sha256:[0-9a-f]{64}\n$`)) as string,
      });
      expect(docker('image', 'inspect', image, '-f', '{{.Comment}}')).toBe('after the seed');
      expect(docker('run', '--rm', image)).toBe('rows');
    } finally {
      execFileSync('sh', ['-c', `docker rmi -f ${image} >/dev/null 2>&1 || true`]);
      await cli('down', '-v');
    }
  });

  it('pull says which image it could not get (exit 1); build builds what has a build section', async () => {
    const tag = `sp-cc-app-${randomBytes(3).toString('hex')}:1`;
    const cli = stack(`services:
  local:
    image: stackpilot-test/not-in-any-registry:1
  app:
    build: .
    image: ${tag}
`);
    writeFileSync(join(dir ?? '', 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo built > /built\n`);
    const pull = await cli('pull', 'local');
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain('stackpilot-test/not-in-any-registry:1');
    const build = await cli('build');
    expect(build.code).toBe(0);
    expect(build.stdout).toContain(`${tag} built`);
    execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
  });

  it.skipIf(!hasLocalRegistry())(
    'push: every tag of what the stack builds, to its registry; the rest skipped; a failure names the image',
    async () => {
      const registry = await startLocalRegistry();
      // Named before the project is: stack() sets that.
      const repo = `sp-push-${randomBytes(3).toString('hex')}`;
      const refs = [
        `${registry.host}/${repo}/app:1`,
        `${registry.host}/${repo}/app:extra`,
        `127.0.0.1:1/${repo}/app:1`,
      ];
      try {
        const cli = stack(`services:
  app:
    build: { context: ., tags: ["${refs[1]}"] }
    image: ${refs[0]}
  web:
    image: ${TEST_IMAGE}
    depends_on: [app]
  nowhere:
    build: .
    image: ${refs[2]}
`);
        writeFileSync(join(dir ?? '', 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo built > /built\n`);
        expect((await cli('build')).code).toBe(0);
        // web names no build: nothing of its to push, and app only comes with --include-deps.
        expect(await cli('push', 'web')).toMatchObject({ code: 0, stdout: 'web skipped (not built here)\n' });
        const push = await cli('push', '--include-deps', 'web');
        expect(push.code).toBe(0);
        expect(push.stdout).toContain(`${refs[0]} pushed\n`);
        expect(push.stdout).toContain(`${refs[1]} pushed\n`);
        const tags = (await (await fetch(`http://${registry.host}/v2/${repo}/app/tags/list`)).json()) as {
          tags: string[];
        };
        expect(tags.tags.sort()).toEqual(['1', 'extra']);
        const refused = await cli('push', 'nowhere');
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(`pushing ${refs[2]} failed`);
        expect(await cli('push', '-q', '--ignore-push-failures', 'nowhere')).toMatchObject({ code: 0, stdout: '' });
      } finally {
        await registry.stop();
        execFileSync('docker', ['rmi', '-f', ...refs], { stdio: 'ignore' });
      }
    },
  );

  it('down --rmi local removes the images the stack built; --rmi all its named images too', async () => {
    stack(`services:
  built:
    build: { context: ., dockerfile_inline: "FROM ${TEST_IMAGE}\\nRUN echo built > /built" }
    command: ["sleep", "3600"]
    init: true
  named:
    image: \${NAMED}
    command: ["sleep", "3600"]
    init: true
`);
    const named = `${project}-named:1`;
    const built = `${project}-built:latest`;
    // The named image is a tag of its own, so removing it takes nothing from the other tests.
    docker('tag', TEST_IMAGE, named);
    const env = { NAMED: named };
    const has = (ref: string): boolean =>
      execFileSync('docker', ['images', '-q', ref], { encoding: 'utf8' }).trim() !== '';
    try {
      const run = (...argv: string[]) =>
        capturedCli([...argv, '-p', project], {
          cwd: dir ?? '',
          clock: systemClock,
          env,
          connectEngine: () => DockerEngine.connect(process.env, '/root'),
        });
      expect((await run('up', '-d')).code).toBe(0);
      expect(has(built)).toBe(true);
      expect(await run('down', '--rmi', 'local')).toMatchObject({
        code: 0,
        stdout: expect.stringContaining(`Removed image ${built}.`) as string,
      });
      expect(has(built)).toBe(false);
      expect(has(named)).toBe(true);
      expect((await run('up', '-d')).code).toBe(0);
      expect((await run('down', '--rmi', 'all')).stdout).toContain(`Removed images ${built}, ${named}.`);
      expect(has(named) || has(built)).toBe(false);
      expect(await run('down', '--rmi', 'some')).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('--rmi must be local or all') as string,
      });
    } finally {
      execFileSync('sh', [
        '-c',
        `docker rm -f ${project}-outsider >/dev/null 2>&1; docker rmi -f ${named} ${built} >/dev/null 2>&1 || true`,
      ]);
    }
  });
});
