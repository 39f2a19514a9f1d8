import {
  eventually,
  exitCode,
  outputContains,
  outputMatches,
  recreated,
  notRecreated,
  serviceHealthy,
  serviceNotCreated,
  serviceState,
} from './checks';
import { composeCmd, dockerCmd, mayFail, onReference, scenario } from './scenario';

// Ported from docker/compose pkg/e2e/compose_test.go, recreate_no_deps_test.go and noDeps_test.go.

scenario(
  'TestRm',
  "rm --stop --force must remove the selected service's containers, or every service's without selection",
)
  .step(
    'up starts both services',
    composeCmd('up', '-d'),
    serviceState('simple', 'running'),
    serviceState('another', 'running'),
  )
  .step(
    'rm on one service removes only its container',
    composeCmd('rm', '--stop', '--force', 'simple'),
    serviceNotCreated('simple'),
    serviceState('another', 'running'),
  )
  .step('up brings the removed service back', composeCmd('up', '-d'), serviceState('simple', 'running'))
  .step(
    'rm without selection removes every container',
    composeCmd('rm', '--stop', '--force'),
    serviceNotCreated('simple'),
    serviceNotCreated('another'),
  )
  .define();

// compose's plain up stays attached; Stackpilot's waits until ready, so the attached up is asked for.
// The prefix is the service's (compose's is the container's, foo-1).
scenario(
  'TestInitContainer',
  'a service_completed_successfully dependency must run to completion before its dependent starts',
)
  .step(
    'up runs the init container first, then the dependent',
    onReference(composeCmd('up', '--attached'), 'up'),
    outputMatches(/foo(-1)? +\| hello[\s\S]*bar(-1)? +\| world/),
  )
  .define();

scenario(
  'TestStopWithDependenciesAttached',
  'up --attach-dependencies must stop with the target service, reporting its exit',
)
  .step(
    'up returns when the attached service exits',
    composeCmd('up', '--attach-dependencies', 'foo'),
    outputContains('exited with code 0'),
  )
  .define();

scenario('TestRemoveOrphaned', 'down --remove-orphans scoped to a service must not touch the other services')
  .step(
    'up starts the stack',
    composeCmd('up', '-d'),
    serviceState('web', 'running'),
    serviceState('words', 'running'),
    serviceState('db', 'running'),
  )
  .step(
    'down scoped to one service leaves the others alone',
    composeCmd('down', '--remove-orphans', 'web'),
    serviceNotCreated('web'),
    serviceState('words', 'running'),
    serviceState('db', 'running'),
  )
  .define();

scenario('TestUnnecessaryResources', 'a missing external network must only fail the services that use it', {
  notOnReference: 'compose 2.26 says "Error response from daemon: network foo_bar not found"; v5 says it as here',
})
  .step(
    'up with every service is rejected over the missing network',
    mayFail(composeCmd('up', '-d')),
    exitCode(1),
    outputContains('network foo_bar declared as external, but could not be found'),
  )
  .step('up scoped to the unaffected service succeeds', composeCmd('up', '-d', 'test'), serviceState('test', 'running'))
  .define();

scenario(
  'TestRecreateWithNoDeps',
  'up --force-recreate --no-deps must replace the service without touching its healthy dependency',
)
  .step(
    'up starts the service once its dependency is healthy',
    composeCmd('up', '-d', '--wait'),
    serviceState('my-service', 'running'),
    eventually(serviceHealthy('dep'), 30_000),
  )
  .step(
    'force-recreate with --no-deps replaces only the service',
    composeCmd('up', '-d', '--force-recreate', '--no-deps', 'my-service'),
    serviceState('my-service', 'running'),
    recreated('my-service'),
    notRecreated('dep'),
  )
  .define();

scenario('TestNoDepsVolumeFrom', 'up --no-deps must fail when the container providing volumes_from is gone', {
  notOnReference: 'compose 2.26 recreates the service on each up --no-deps; v5 keeps it and refuses a missing donor',
})
  .step(
    'up starts the service and the volume donor',
    composeCmd('up', '-d'),
    serviceState('app', 'running'),
    serviceState('db', 'running'),
  )
  .step(
    'up --no-deps reuses the donor container while it exists',
    composeCmd('up', '--no-deps', '-d', 'app'),
    notRecreated('app', 'db'),
  )
  .step(
    "the donor container is removed behind compose's back",
    dockerCmd('rm', '-f', '{project}-db-1'),
    serviceNotCreated('db'),
  )
  .step(
    'up --no-deps without the donor container is rejected',
    mayFail(composeCmd('up', '--no-deps', '-d', 'app')),
    exitCode(1),
    outputContains('cannot share volume with service db: container missing'),
  )
  .define();

scenario('TestNoDepsNetworkMode', 'up --no-deps must fail when the container providing the network namespace is gone', {
  notOnReference:
    'compose 2.26 recreates the service on each up --no-deps (it refuses the missing donor in the same words); v5 keeps it',
})
  .step(
    'up starts the service and the namespace donor',
    composeCmd('up', '-d'),
    serviceState('app', 'running'),
    serviceState('db', 'running'),
  )
  .step(
    'up --no-deps reuses the donor container while it exists',
    composeCmd('up', '--no-deps', '-d', 'app'),
    notRecreated('app', 'db'),
  )
  .step(
    "the donor container is removed behind compose's back",
    dockerCmd('rm', '-f', '{project}-db-1'),
    serviceNotCreated('db'),
  )
  .step(
    'up --no-deps without the donor container is rejected',
    mayFail(composeCmd('up', '--no-deps', '-d', 'app')),
    exitCode(1),
    outputContains('cannot share network namespace with service db: container missing'),
  )
  .define();
