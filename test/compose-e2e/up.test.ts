import {
  eventually,
  exitCode,
  outputContains,
  serviceExitCode,
  outputNotContains,
  replicaNumbers,
  serviceNotCreated,
  serviceState,
} from './checks';
import { composeCmd, mayFail, scenario } from './scenario';

// Ported from docker/compose pkg/e2e/up_test.go.

scenario('TestUpServiceUnhealthy', 'up must fail when a service never turns healthy')
  .step(
    'up reports the unhealthy container and fails',
    mayFail(composeCmd('up', '-d')),
    exitCode(1),
    outputContains('-fail-1 is unhealthy'),
    serviceState('depends', 'created'),
  )
  .define();

// compose looks at the dependency half a second after starting it and finds it exited ("exited (1)");
// Stackpilot looks at once and finds a service_healthy dependency with no health check, which compose
// also refuses ("has no healthcheck configured"). Both name the dependency in compose's words.
scenario('TestUpWithDependencyExit', 'up must fail when a dependency exits before turning healthy')
  .step(
    'up reports the failed dependency and fails',
    mayFail(composeCmd('up', '-d')),
    exitCode(1),
    outputContains('dependency failed to start: container e2e-up-with-dependency-exit-'),
    outputContains('-db-1 '),
    serviceState('web', 'created'),
    eventually(serviceExitCode('db', 1), 10_000),
  )
  .define();

scenario('TestScaleDoesntRecreate', 'scaling up must add a replica without recreating the existing one')
  .step('up starts the first replica', composeCmd('up', '-d'), replicaNumbers('simple', 1))
  .step(
    'up --scale adds the second replica, keeping the first',
    composeCmd('up', '--scale', 'simple=2', '-d'),
    replicaNumbers('simple', 1, 2),
    outputNotContains('Recreated'),
  )
  .define();

scenario('TestUpWithDependencyNotRequired', 'up must start the service even when an optional dependency cannot')
  .step(
    'up succeeds, reporting the optional dependency failure',
    composeCmd('--profile', 'not-required', 'up', '-d'),
    outputContains('foo'),
    outputContains('optional dependency "bar" failed to start'),
  )
  .define();

scenario('TestUpProfile', 'up on a profiled service must start it and its dependencies, not its profile siblings')
  .step(
    'up starts the target and its dependency only',
    composeCmd('up', 'foo'),
    serviceState('foo', 'exited'),
    serviceState('db', 'exited'),
    serviceNotCreated('bar'),
  )
  .define();

// Ported from pkg/e2e/healthcheck_test.go, its first step: the second (healthy well before the 30 s
// interval) needs an engine that honours start_interval (API 1.44, Docker 25); Debian's is older.
scenario('TestStartInterval', 'start_interval must require start_period', {
  notOnReference:
    'compose 2.26 refuses start_interval on an engine older than Docker 25, in other words, whatever start_period says',
})
  .step(
    'up --wait on a start_interval without start_period is rejected',
    mayFail(composeCmd('up', '--wait', '-d', 'error')),
    exitCode(1),
    outputContains('healthcheck.start_interval requires healthcheck.start_period to be set'),
  )
  .define();
