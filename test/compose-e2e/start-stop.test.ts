import {
  eventually,
  listsProject,
  notRecreated,
  oneOffState,
  oneOffsRemoved,
  oneOffsUntouched,
  serviceNotCreated,
  serviceState,
} from './checks';
import { composeCmd, scenario } from './scenario';

// Ported from docker/compose pkg/e2e/start_stop_test.go, wait_test.go and restart_test.go.

scenario('TestStartStop', "stop must halt the project's containers in place, start must bring the same ones back")
  .step(
    'up starts every service',
    composeCmd('up', '-d'),
    serviceState('simple', 'running'),
    serviceState('another', 'running'),
  )
  .step('ls reports the project as running', composeCmd('ls', '--format', 'json'), listsProject(true))
  .step(
    'stop halts the containers without removing them',
    composeCmd('stop'),
    serviceState('simple', 'exited'),
    serviceState('another', 'exited'),
  )
  .step('a stopped project is hidden from ls', composeCmd('ls', '--format', 'json'), listsProject(false))
  .step('ls --all still lists the stopped project', composeCmd('ls', '--all', '--format', 'json'), listsProject(true))
  .step(
    'start brings the same containers back',
    composeCmd('start'),
    serviceState('simple', 'running'),
    serviceState('another', 'running'),
    notRecreated('simple', 'another'),
  )
  .define();

scenario(
  'TestStartStopWithDependencies',
  'stop must only halt the requested service, start must also start its dependencies',
)
  .step(
    'up starts the service and its dependency',
    composeCmd('up', '-d'),
    serviceState('foo', 'running'),
    serviceState('bar', 'running'),
  )
  .step(
    'stop foo leaves the dependency running',
    composeCmd('stop', 'foo'),
    serviceState('foo', 'exited'),
    serviceState('bar', 'running'),
  )
  .step(
    'stop halts the whole project',
    composeCmd('stop'),
    serviceState('foo', 'exited'),
    serviceState('bar', 'exited'),
  )
  .step(
    'start foo brings its dependency back too',
    composeCmd('start', 'foo'),
    serviceState('foo', 'running'),
    serviceState('bar', 'running'),
    notRecreated('foo', 'bar'),
  )
  .define();

scenario('TestUpNoDeps', "up --no-deps must not create the service's dependencies")
  .step(
    'up --no-deps starts only the requested service',
    composeCmd('up', '--no-deps', '-d', 'foo'),
    serviceState('foo', 'running'),
    serviceNotCreated('bar'),
  )
  .define();

scenario(
  'TestStartStopWithOneOffs',
  'stop, start and restart must act on services and leave one-off containers untouched',
)
  .step(
    'up starts the services',
    composeCmd('up', '-d'),
    serviceState('foo', 'running'),
    serviceState('bar', 'running'),
  )
  .step(
    'run adds a one-off container alongside the service',
    composeCmd('run', '-d', 'bar', 'sleep', '3600'),
    oneOffState('bar', 'running'),
    notRecreated('foo', 'bar'),
  )
  .step(
    'stop halts the services but not the one-off',
    composeCmd('stop'),
    serviceState('foo', 'exited'),
    serviceState('bar', 'exited'),
    oneOffState('bar', 'running'),
    oneOffsUntouched('bar'),
  )
  .step(
    'start resumes the services without touching the one-off',
    composeCmd('start'),
    serviceState('foo', 'running'),
    serviceState('bar', 'running'),
    oneOffsUntouched('bar'),
  )
  .step(
    'restart restarts the services but not the one-off',
    composeCmd('restart'),
    serviceState('foo', 'running'),
    serviceState('bar', 'running'),
    notRecreated('foo', 'bar'),
    oneOffsUntouched('bar'),
  )
  .step(
    'down --remove-orphans removes the one-off as well',
    composeCmd('down', '--remove-orphans'),
    serviceNotCreated('foo'),
    serviceNotCreated('bar'),
    oneOffsRemoved('bar'),
  )
  .define();

scenario(
  'TestStartSingleServiceAndDependency',
  'start of a created service must start its dependency chain and nothing else',
)
  .step(
    'create prepares the desired service and its dependencies only',
    composeCmd('create', 'desired'),
    serviceState('desired', 'created'),
    serviceState('dep_1', 'created'),
    serviceState('dep_2', 'created'),
    serviceNotCreated('another'),
    serviceNotCreated('another_2'),
  )
  .step(
    'start brings up the desired service with its dependencies, nothing else',
    composeCmd('start', 'desired'),
    serviceState('desired', 'running'),
    serviceState('dep_1', 'running'),
    serviceState('dep_2', 'running'),
    serviceNotCreated('another'),
    serviceNotCreated('another_2'),
  )
  .define();

scenario('TestWaitOnFaster', 'wait must return once the selected service exits, whatever the others do')
  .step('up starts all services', composeCmd('up', '-d'))
  .step(
    'wait returns when the fastest service exits',
    composeCmd('wait', 'faster'),
    serviceState('faster', 'exited'),
    serviceState('infinity', 'running'),
  )
  .define();

scenario('TestWaitOnSlower', 'wait must block until the selected service exits, even if others exited first')
  .step('up starts all services', composeCmd('up', '-d'))
  .step(
    'wait returns when the slower service exits',
    composeCmd('wait', 'slower'),
    serviceState('faster', 'exited'),
    serviceState('slower', 'exited'),
    serviceState('infinity', 'running'),
  )
  .define();

scenario('TestWaitAndDrop', 'wait --down-project must take the whole project down once the selected service exits')
  .step('up starts all services', composeCmd('up', '-d'))
  .step(
    'wait --down-project removes every container when the service exits',
    composeCmd('wait', '--down-project', 'faster'),
    serviceNotCreated('faster'),
    serviceNotCreated('slower'),
    serviceNotCreated('infinity'),
  )
  .define();

// The first run makes a lock file and exits; a later run of the same container finds it and stays up,
// so staying up after restart proves the same container was restarted.
scenario('TestRestart', 'restart must bring an exited service back up, restarting the same container')
  .step(
    'up starts the service, whose first run exits at once',
    composeCmd('up', '-d'),
    eventually(serviceState('app', 'exited'), 10_000),
  )
  .step(
    'restart brings the service back up, reusing the container',
    composeCmd('restart'),
    eventually(serviceState('app', 'running'), 10_000),
    notRecreated('app'),
  )
  .define();
