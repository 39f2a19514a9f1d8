import { outputContains, stdoutContains } from './checks';
import { composeCmd, inDir, scenario, withEnv } from './scenario';

// Ported from docker/compose pkg/e2e/compose_environment_test.go; the probe images are built FROM the
// local busybox image (no registry here).

const run = (...args: string[]) => composeCmd('run', '--rm', ...args);

scenario(
  'TestEnvPriorityComposeEnvironment',
  "the caller's environment must beat the compose file's environment section",
)
  .step(
    'run -e with the variable set in the shell wins over the environment section',
    withEnv(composeCmd('--env-file', '.env.override', 'run', '--rm', '-e', 'WHEREAMI', 'env-compose-priority'), {
      WHEREAMI: 'shell',
    }),
    stdoutContains('shell'),
  )
  .step(
    'run -e with an explicit value wins over the environment section',
    composeCmd('--env-file', '.env.override', 'run', '--rm', '-e', 'WHEREAMI=shell', 'env-compose-priority'),
    stdoutContains('shell'),
  )
  .define();

scenario(
  'TestEnvPriority',
  'without an environment section, run -e must resolve shell, env-file then image, in that order',
)
  .step(
    'the shell’s value wins over an override env file',
    withEnv(composeCmd('--env-file', '.env.override', 'run', '--rm', '-e', 'WHEREAMI', 'env-compose-priority'), {
      WHEREAMI: 'shell',
    }),
    stdoutContains('shell'),
  )
  .step(
    'the shell’s value wins over an env file defaulting the same variable',
    withEnv(
      composeCmd('--env-file', '.env.override.with.default', 'run', '--rm', '-e', 'WHEREAMI', 'env-compose-priority'),
      { WHEREAMI: 'shell' },
    ),
    stdoutContains('shell'),
  )
  .step(
    'with no shell value, the env file’s default value applies',
    composeCmd('--env-file', '.env.override.with.default', 'run', '--rm', '-e', 'WHEREAMI', 'env-compose-priority'),
    stdoutContains('EnvFileDefaultValue'),
  )
  .step(
    'COMPOSE_ENV_FILES designates the env file like --env-file would',
    withEnv(run('-e', 'WHEREAMI', 'env-compose-priority'), { COMPOSE_ENV_FILES: '.env.override.with.default' }),
    stdoutContains('EnvFileDefaultValue'),
  )
  .step(
    'an explicit run -e value beats every file',
    composeCmd('--env-file', '.env.override', 'run', '--rm', '-e', 'WHEREAMI=shell-run', 'env-compose-priority'),
    stdoutContains('shell-run'),
  )
  .step(
    'an override env file beats the project’s .env',
    composeCmd('--env-file', '.env.override', 'run', '--rm', '-e', 'WHEREAMI', 'env-compose-priority'),
    stdoutContains('override'),
  )
  .step(
    'without flags the project’s .env applies',
    run('-e', 'WHEREAMI', 'env-compose-priority'),
    stdoutContains('Env File'),
  )
  .step(
    'with an empty env file the image’s ENV survives',
    composeCmd('--env-file', '.env.empty', 'run', '--rm', '-e', 'WHEREAMI', 'env-compose-priority'),
    stdoutContains('Dockerfile'),
  )
  .define();

scenario('TestEnvInterpolation', 'a shell variable must win over the .env when interpolating the model')
  .step(
    'config interpolates the image from the shell’s value',
    withEnv(composeCmd('config'), { WHEREAMI: 'shell' }),
    outputContains('IMAGE: default_env:shell'),
  )
  .define();

scenario(
  'TestEnvInterpolationDefaultValue',
  'an unset variable must fall back to the .env default when interpolating the model',
)
  .step(
    'config interpolates the image from the default value',
    composeCmd('config'),
    outputContains('IMAGE: default_env:EnvFileDefaultValue'),
  )
  .define();

scenario('TestCommentsInEnvFile', 'an unquoted # must start a comment in .env, a quoted # must not')
  .step('build the probe image', composeCmd('build'))
  .step(
    'the comment is stripped unless quoted',
    run('-e', 'COMMENT', '-e', 'NO_COMMENT', 'env-file-comments'),
    stdoutContains('COMMENT=1234'),
    stdoutContains('NO_COMMENT=1234#5'),
  )
  .define();

scenario('TestUnsetEnv', "an environment passthrough must propagate the caller's value, or unset the image's ENV")
  .step('build the probe image', composeCmd('build'))
  .step(
    'run -e overrides the image’s ENV',
    composeCmd('run', '-e', 'EMPTY=hello', '--rm', 'empty-variable'),
    stdoutContains('=hello='),
  )
  .step('without a caller value the passthrough unsets the image’s ENV', run('empty-variable'), stdoutContains('=='))
  .define();

// From pkg/e2e/compose_test.go (TestNestedDotEnv): compose v2.27 and later read the working folder's
// .env too, over the project's.
scenario('TestNestedDotEnv', "a sub-folder's own .env must be layered over the project's", {
  notOnReference: 'compose 2.26 reads only the project’s .env (the layering came in v2.27)',
})
  .step('from the project folder, its .env', run('echo'), stdoutContains('root win=root'))
  .step(
    'from a sub-folder with its own .env, that one over it',
    inDir(run('echo'), 'sub'),
    stdoutContains('root sub win=sub'),
  )
  .define();
