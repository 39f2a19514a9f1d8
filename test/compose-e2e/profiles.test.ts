import { notRecreated, serviceNotCreated, serviceState } from './checks';
import { composeCmd, scenario } from './scenario';

// Ported from docker/compose pkg/e2e/profiles_test.go.

const P = ['--profile', 'test-profile'];

scenario(
  'TestExplicitProfileUsage',
  'with --profile, lifecycle commands must act on profiled and regular services alike',
)
  .step(
    'up with the profile starts both services',
    composeCmd(...P, 'up', '-d'),
    serviceState('regular-service', 'running'),
    serviceState('profiled-service', 'running'),
  )
  .step(
    'stop with the profile halts both services',
    composeCmd(...P, 'stop'),
    serviceState('regular-service', 'exited'),
    serviceState('profiled-service', 'exited'),
  )
  .step(
    'start with the profile resumes both services',
    composeCmd(...P, 'start'),
    serviceState('regular-service', 'running'),
    serviceState('profiled-service', 'running'),
    notRecreated('regular-service', 'profiled-service'),
  )
  .step(
    'restart with the profile restarts both services in place',
    composeCmd(...P, 'restart'),
    serviceState('regular-service', 'running'),
    serviceState('profiled-service', 'running'),
    notRecreated('regular-service', 'profiled-service'),
  )
  .step(
    'down removes every container',
    composeCmd(...P, 'down'),
    serviceNotCreated('regular-service'),
    serviceNotCreated('profiled-service'),
  )
  .define();

scenario('TestNoProfileUsage', 'without a profile, lifecycle commands must never materialize the profiled service')
  .step(
    'up starts only the regular service',
    composeCmd('up', '-d'),
    serviceState('regular-service', 'running'),
    serviceNotCreated('profiled-service'),
  )
  .step(
    'stop halts the regular service',
    composeCmd('stop'),
    serviceState('regular-service', 'exited'),
    serviceNotCreated('profiled-service'),
  )
  .step(
    'start resumes the regular service only',
    composeCmd('start'),
    serviceState('regular-service', 'running'),
    serviceNotCreated('profiled-service'),
    notRecreated('regular-service'),
  )
  .step(
    'restart touches the regular service only',
    composeCmd('restart'),
    serviceState('regular-service', 'running'),
    serviceNotCreated('profiled-service'),
    notRecreated('regular-service'),
  )
  .step('down removes every container', composeCmd('down'), serviceNotCreated('regular-service'))
  .define();

scenario(
  'TestActiveProfileViaTargetedService',
  'targeting a profiled service must activate its profile implicitly, and only for it',
)
  .step(
    'up on the profiled service starts it without the regular one',
    composeCmd('up', '-d', 'profiled-service'),
    serviceState('profiled-service', 'running'),
    serviceNotCreated('regular-service'),
  )
  .step(
    'stop on the profiled service halts it',
    composeCmd('stop', 'profiled-service'),
    serviceState('profiled-service', 'exited'),
    serviceNotCreated('regular-service'),
  )
  .step(
    'start on the profiled service resumes it',
    composeCmd('start', 'profiled-service'),
    serviceState('profiled-service', 'running'),
    serviceNotCreated('regular-service'),
    notRecreated('profiled-service'),
  )
  .step(
    'restart keeps acting on the existing containers only',
    composeCmd('restart'),
    serviceState('profiled-service', 'running'),
    serviceNotCreated('regular-service'),
    notRecreated('profiled-service'),
  )
  .define();

scenario('TestDotEnvProfileUsage', "COMPOSE_PROFILES from the project's .env must activate the profile")
  .step(
    'up starts both services, the profile coming from .env',
    composeCmd('up', '-d'),
    serviceState('regular-service', 'running'),
    serviceState('profiled-service', 'running'),
  )
  .define();
