import { exitCode, fails, notRecreated, outputContains, serviceState } from './checks';
import { composeCmd, mayFail, scenario } from './scenario';

// Ported from docker/compose pkg/e2e/pause_test.go.

scenario('TestPause', 'pause must freeze only the targeted service, unpause must resume it in place')
  .step('up starts both services', composeCmd('up', '-d'), serviceState('a', 'running'), serviceState('b', 'running'))
  .step(
    'pause freezes the targeted service, the other keeps running',
    composeCmd('pause', 'a'),
    serviceState('a', 'paused'),
    serviceState('b', 'running'),
  )
  .step(
    'unpause resumes the paused service without recreating anything',
    composeCmd('unpause', 'a'),
    serviceState('a', 'running'),
    serviceState('b', 'running'),
    notRecreated('a', 'b'),
  )
  .define();

scenario('TestPauseServiceNotRunning', 'pause of a service with no container must succeed as a no-op')
  .step('pause without any container is accepted', composeCmd('pause', 'a'))
  .define();

scenario('TestPauseServiceAlreadyPaused', 'pausing an already-paused service must fail')
  .step('up starts the service', composeCmd('up', '-d'), serviceState('a', 'running'))
  .step('a first pause freezes the service', composeCmd('pause', 'a'), serviceState('a', 'paused'))
  .step('a second pause is rejected', mayFail(composeCmd('pause', 'a')), exitCode(1), outputContains('already paused'))
  .define();

// compose 2.26 accepted an unknown service here (a TODO in its test); v5 refuses it. Stackpilot refuses
// it as invalid input (exit 2, where compose exits 1).
scenario('TestPauseServiceDoesNotExist', 'pause of a service unknown to the model must be rejected', {
  notOnReference: 'compose 2.26 accepts an unknown service here; v5 refuses it',
})
  .step(
    'pause of an unknown service is rejected',
    mayFail(composeCmd('pause', 'does_not_exist')),
    fails(),
    outputContains('no such service: does_not_exist'),
  )
  .define();
