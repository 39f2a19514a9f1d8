import { replicaNumbers, serviceNotCreated, serviceScale } from './checks';
import { composeCmd, scenario, withEnv } from './scenario';

// Ported from docker/compose pkg/e2e/scale_test.go.

scenario('TestScaleBasicCases', 'scale must add and remove replicas to match the requested count, per service')
  .step(
    'up honors deploy.replicas, including zero',
    composeCmd('up', '-d'),
    serviceScale('back', 1),
    serviceScale('db', 1),
    serviceScale('front', 2),
    serviceNotCreated('dbadmin'),
  )
  .step('scale up a zero-replica service', composeCmd('scale', 'dbadmin=2'), serviceScale('dbadmin', 2))
  .step(
    'scale two services at once',
    composeCmd('scale', 'front=3', 'back=2'),
    serviceScale('front', 3),
    serviceScale('back', 2),
  )
  .step(
    'scale down keeps the surviving replica untouched',
    composeCmd('scale', 'dbadmin=1'),
    serviceScale('dbadmin', 1),
  )
  .step('scale to zero removes every replica', composeCmd('scale', 'dbadmin=0'), serviceNotCreated('dbadmin'))
  .step(
    'scale down two services at once',
    composeCmd('scale', 'front=2', 'back=1'),
    replicaNumbers('front', 1, 2),
    serviceScale('back', 1),
  )
  .define();

scenario(
  'TestScaleWithDepsCases',
  'scale --no-deps must leave dependencies alone, while a plain scale reconciles them to the model',
)
  .step('up with an explicit dependency scale', composeCmd('up', '-d', '--scale', 'db=2'), serviceScale('db', 2))
  .step(
    "scale --no-deps does not touch the dependency's replicas",
    composeCmd('scale', '--no-deps', 'back=2'),
    serviceScale('back', 2),
    serviceScale('db', 2),
  )
  .step(
    "scale without --no-deps resets the dependency to the model's count",
    composeCmd('scale', 'back=2'),
    serviceScale('back', 2),
    serviceScale('db', 1),
  )
  .define();

scenario(
  'TestScaleUpAndDownPreserveContainerNumber',
  'scaling down then up must reuse replica numbers instead of drifting',
)
  .step('up creates replicas #1 and #2', composeCmd('up', '-d', '--scale', 'db=2', 'db'), replicaNumbers('db', 1, 2))
  .step('scale down removes replica #2', composeCmd('up', '-d', '--scale', 'db=1', 'db'), replicaNumbers('db', 1))
  .step('scale up restores replica #2', composeCmd('up', '-d', '--scale', 'db=2', 'db'), replicaNumbers('db', 1, 2))
  .define();

scenario('TestScaleDownRemovesObsolete', 'scale down must keep the up-to-date replicas, not the lowest numbers')
  .step('up creates replica #1', composeCmd('up', '-d', 'db'), replicaNumbers('db', 1))
  .step(
    'scale up with a changed config adds replica #2',
    withEnv(composeCmd('up', '-d', '--scale', 'db=2', 'db'), { MAYBE: 'value' }),
    replicaNumbers('db', 1, 2),
  )
  .step(
    'scale down under the same config keeps replica #1',
    withEnv(composeCmd('up', '-d', '--scale', 'db=1', 'db'), { MAYBE: 'value' }),
    replicaNumbers('db', 1),
  )
  .define();
