import { afterEach, describe, expect, it } from 'vitest';
import { removeStacks, writeStack } from '../../test/support/stack-dir';
import { systemClock } from '../orchestrator/clock';
import { capturedCli } from '../../test/support/fake-cli';

afterEach(removeStacks);

const cli = (cwd: string, ...argv: string[]) =>
  capturedCli(argv, {
    cwd,
    clock: systemClock,
    connectEngine: () => Promise.reject(new Error('these tests need no engine')),
  });

const DEMO = `name: demo
services:
  db:
    image: x
    healthcheck: { test: ["CMD", "true"] }
  api:
    image: x
    depends_on:
      db: { condition: service_healthy }
  web:
    image: x
    depends_on: [api]
  tools:
    image: x
    profiles: [debug]
`;

describe('stackpilot config', () => {
  it('prints JSON in compose shape and exits 0', async () => {
    const r = await cli(writeStack({ 'compose.yaml': DEMO }), 'config', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { name: string; services: Record<string, unknown> };
    expect(json.name).toBe('demo');
    expect(Object.keys(json.services)).toEqual(['api', 'db', 'web']);
  });

  it('prints YAML by default, and takes -f, -p and --profile', async () => {
    const dir = writeStack({ 'other.yml': DEMO });
    const r = await cli(dir, 'config', '-f', 'other.yml', '-p', 'renamed', '--profile', 'debug');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^name: renamed\n/);
    expect(r.stdout).toContain('\n  tools:\n');
  });

  it('prints errors with file:line:col to stderr and exits 2', async () => {
    const dir = writeStack({ 'compose.yaml': 'services:\n  api:\n    image: x\n    ports: "abc"\n' });
    const r = await cli(dir, 'config');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `${dir}/compose.yaml:4:12: error: services.api.ports must be a list of port mappings, not the text "abc"`,
    );
    expect(r.stderr).toContain('hint:');
  });

  it('rejects bad arguments with usage and exit 2', async () => {
    const dir = writeStack({ 'compose.yaml': DEMO });
    expect(await cli(dir, 'config', '--format', 'toml')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format must be yaml or json') as string,
    });
    expect(await cli(dir, 'config', '--bogus')).toMatchObject({
      code: 2,
      stderr:
        "stackpilot config: unknown option --bogus\nUsage: stackpilot config [OPTIONS] [SERVICE...]\nRun 'stackpilot config --help' for its options.\n",
    });
    expect((await cli(dir, 'config', '--servces')).stderr).toContain(
      'unknown option --servces: did you mean --services?',
    );
    expect((await cli(dir, 'up', '--menu')).stderr).toContain(
      "--menu (docker compose's) is not supported here: there is no interactive menu",
    );
    expect((await cli(dir, 'down', '--dry-run')).stderr).toContain(
      "--dry-run (docker compose's) is not supported here: only up takes it here (it prints the plan)",
    );
    expect(await cli(dir, 'frobnicate')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command "frobnicate"') as string,
    });
  });
});

describe('stackpilot plan', () => {
  it('prints levels and waits', async () => {
    const r = await cli(writeStack({ 'compose.yaml': DEMO }), 'plan');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Start order\n   1  db\n   2  api\n   3  web\n');
    expect(r.stdout).toContain('  api  db (healthy)\n');
    expect(r.stdout).toContain('  web  api (started)\n');
    expect(r.stdout).toContain('Not active (profiles): tools');
  });

  it('plans only what the named services need, as JSON', async () => {
    const r = await cli(writeStack({ 'compose.yaml': DEMO }), 'plan', 'api', '--format', 'json');
    expect(JSON.parse(r.stdout)).toEqual({
      project: 'demo',
      levels: [['db'], ['api']],
      services: {
        db: { level: 1, waitsOn: [] },
        api: { level: 2, waitsOn: [{ service: 'db', condition: 'service_healthy', required: true, restart: false }] },
      },
    });
  });

  it('names unknown services', async () => {
    const r = await cli(writeStack({ 'compose.yaml': DEMO }), 'plan', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such service: nope');
  });
});

describe('help and version', () => {
  it('prints help', async () => {
    expect(await cli('/', '--help')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: stackpilot COMMAND') as string,
    });
    expect(await cli('/', 'config', '--help')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('--project-directory') as string,
    });
    // No command at all is a request for the help, as compose takes it (exit 0).
    expect(await cli('/')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: stackpilot COMMAND') as string,
    });
    expect((await cli('/', '--version')).stdout).toMatch(/^stackpilot \d+\.\d+\.\d+\n$/);
  });
});

describe('the command line compose users type', () => {
  it('takes the project options before the command, as docker compose does (-f, -p, --profile, --env-file, --project-directory)', async () => {
    const dir = writeStack({ 'other.yml': DEMO, 'vars.env': 'TAG=2\n' });
    const before = await cli(
      dir,
      '-f',
      'other.yml',
      '-p',
      'renamed',
      '--profile',
      'debug',
      '--env-file',
      'vars.env',
      'config',
      '--services',
    );
    expect(before).toMatchObject({ code: 0, stdout: 'db\ntools\napi\nweb\n' });
    const mixed = await cli('/', '--project-directory', dir, `--file=${dir}/other.yml`, 'plan', '--format', 'json');
    expect(mixed.code).toBe(0);
    expect((JSON.parse(mixed.stdout) as { project: string }).project).toBe('demo');
    expect(await cli(dir, '-f')).toMatchObject({ code: 2, stderr: 'stackpilot: -f needs a value\n' });
  });

  it('suggests the command meant, and says which compose options are not taken rather than reading them as a command', async () => {
    expect((await cli('/', 'upp')).stderr).toMatch(/^stackpilot: unknown command "upp": did you mean "up"\?\n/);
    // Two lines, not the whole help.
    expect((await cli('/', 'frobnicate')).stderr).toBe(
      `stackpilot: unknown command "frobnicate"\nRun 'stackpilot --help' for the commands.\n`,
    );
    expect(await cli('/', '--dry-run', 'ps')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--dry-run is not supported here except with up') as string,
    });
  });

  it('takes --format only where there is more than one shape to print, and refuses it elsewhere rather than ignore it', async () => {
    const dir = writeStack({ 'compose.yaml': DEMO });
    for (const command of ['down', 'logs', 'stop', 'top', 'start']) {
      const run = await cli(dir, command, '--format', 'json');
      expect(run.code, command).toBe(2);
      expect(run.stderr, command).toMatch(/--format/);
    }
    expect(await cli('/', 'version', '--format', 'json')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\{"version":"\d+\.\d+\.\d+[^"]*"\}\n$/) as string,
    });
    expect(await cli('/', 'version', '--short')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\S*\n$/) as string,
    });
    expect(await cli('/', 'version')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^stackpilot \d/) as string,
    });
    expect(await cli(dir, 'images', '--format', 'yaml')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format must be table or json') as string,
    });
  });
});
