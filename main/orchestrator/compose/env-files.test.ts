import { afterEach, describe, expect, it } from 'vitest';
import { load, removeStacks, writeStack } from '../../../test/support/stack-dir';

afterEach(removeStacks);

const FILES = {
  'compose.yaml':
    'name: t\nservices:\n  api:\n    image: "api:${TAG:-none}"\n    environment: { REGION: "${REGION:-none}" }\n',
  '.env': 'TAG=from-dotenv\n',
  'ci.env': 'TAG=from-ci\n',
  'eu.env': 'REGION=eu\nTAG=from-eu\n',
};

describe('the variable files, as compose picks them', () => {
  it('reads the project’s .env by default; --env-file instead of it, later files winning; COMPOSE_ENV_FILES the same', () => {
    const dir = writeStack(FILES);
    expect(load(dir).stack?.services.api?.image).toBe('api:from-dotenv');
    const given = load(dir, { envFiles: ['ci.env', 'eu.env'], cwd: dir }).stack?.services.api;
    expect([given?.image, given?.environment.REGION]).toEqual(['api:from-eu', 'eu']);
    expect(load(dir, { env: { COMPOSE_ENV_FILES: 'ci.env' }, cwd: dir }).stack?.services.api?.image).toBe(
      'api:from-ci',
    );
    // The shell still wins over any file.
    expect(load(dir, { envFiles: ['ci.env'], env: { TAG: 'from-shell' }, cwd: dir }).stack?.services.api?.image).toBe(
      'api:from-shell',
    );
  });

  it('refuses an env file named that is not there; a missing default .env is fine', () => {
    const dir = writeStack({ 'compose.yaml': FILES['compose.yaml'] });
    expect(load(dir).errors).toEqual([]);
    expect(load(dir, { envFiles: ['nope.env'], cwd: dir }).errors.map((e) => [e.code, e.message])).toEqual([
      ['env-file', `env file ${dir}/nope.env does not exist`],
    ]);
  });

  it('resolves a .env value from the shell before the file’s own earlier keys (TestEnvInterpolation)', () => {
    const dir = writeStack({
      'compose.yaml': 'name: t\nservices:\n  api:\n    image: "${IMAGE}"\n',
      '.env': 'WHEREAMI=EnvFile\nIMAGE=default_env:${WHEREAMI}\n',
    });
    expect(load(dir).stack?.services.api?.image).toBe('default_env:EnvFile');
    expect(load(dir, { env: { WHEREAMI: 'shell' } }).stack?.services.api?.image).toBe('default_env:shell');
  });

  it('run from a folder of the project that has its own .env, layers it over the project’s (TestNestedDotEnv)', () => {
    const dir = writeStack({
      'compose.yaml': 'name: t\nservices:\n  echo:\n    image: x\n    command: echo $ROOT $SUB win=$WIN\n',
      '.env': 'ROOT=root\nWIN=root\n',
      'sub/.env': 'SUB=sub\nWIN=sub\n',
    });
    const command = (cwd: string, projectDir?: string) =>
      load(dir, {
        cwd,
        files: [`${dir}/compose.yaml`],
        ...(projectDir ? { projectDir } : {}),
      }).stack?.services.echo?.command?.join(' ');
    expect(command(dir)).toBe('echo root win=root');
    expect(command(`${dir}/sub`)).toBe('echo root sub win=sub');
    // A project folder named on the command line: its .env only, as compose reads it then.
    expect(command(`${dir}/sub`, dir)).toBe('echo root win=root');
  });
});
