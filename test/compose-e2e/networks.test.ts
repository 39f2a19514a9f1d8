import { notRecreated, outputContains, serviceState } from './checks';
import { composeCmd, dockerCmd, scenario, withEnv } from './scenario';

// Ported from docker/compose pkg/e2e/networks_test.go; nginx's welcome page is served by busybox httpd.

scenario('TestNetworkAliases', 'a network alias and a link must both resolve to the target service')
  .step(
    'up starts both services',
    composeCmd('up', '-d'),
    serviceState('container1', 'running'),
    serviceState('container2', 'running'),
  )
  .step(
    'the network alias resolves',
    composeCmd('exec', '-T', 'container1', 'wget', '-qO-', 'http://alias-of-container2/'),
    outputContains('Welcome to nginx!'),
  )
  .step(
    'the link name resolves',
    composeCmd('exec', '-T', 'container1', 'wget', '-qO-', 'http://container/'),
    outputContains('Welcome to nginx!'),
  )
  .define();

scenario('TestNetworkLinks', 'links must resolve between services running on the default bridge network')
  .step(
    'up starts both services',
    composeCmd('up', '-d'),
    serviceState('container1', 'running'),
    serviceState('container2', 'running'),
  )
  .step(
    'the linked name resolves over the bridge network',
    composeCmd('exec', '-T', 'container2', 'wget', '-qO-', 'http://container1/'),
    outputContains('Welcome to nginx!'),
  )
  .define();

scenario('TestNetworkModes', 'run must start a service whose network_mode points at another service')
  .step(
    'run starts the network provider and shares its namespace',
    composeCmd('run', '-T', 'mydb', 'echo', 'success'),
    outputContains('success'),
    serviceState('db', 'running'),
  )
  .define();

scenario('TestIPAMConfig', "a fixed ipv4_address must be assigned to the service's container")
  .step('up starts the service', composeCmd('up', '-d'), serviceState('foo', 'running'))
  .step(
    'the container got the fixed IP',
    dockerCmd(
      'inspect',
      '{project}-foo-1',
      '-f',
      '{{ $network := index .NetworkSettings.Networks "{project}_default" }}{{ $network.IPAMConfig.IPv4Address }}',
    ),
    outputContains('10.1.0.100'),
  )
  .define();

scenario(
  'TestNetworkConfigChanged',
  'a network subnet change must recreate the network and re-address the attached containers',
  {
    notOnReference: 'compose 2.26 keeps a network whose definition changed (v2.30 and later make it anew)',
  },
)
  .step('up addresses the service in the default subnet', composeCmd('up', '-d'), serviceState('test', 'running'))
  .step(
    "the container's IP belongs to the default subnet",
    composeCmd('exec', '-T', 'test', 'hostname', '-i'),
    outputContains('172.99.0.'),
  )
  .step(
    'up with a changed subnet replaces the network, reconnecting the same container',
    // compose's test moves to 192.168.0.0/16, where the engine's own default pools are: other
    // projects running meanwhile may hold part of it. 10.99.0.0/16 is nobody's.
    withEnv(composeCmd('up', '-d'), { SUBNET: '10.99.0.0/16' }),
    serviceState('test', 'running'),
    notRecreated('test'),
  )
  .step(
    "the container's IP moved to the new subnet",
    composeCmd('exec', '-T', 'test', 'hostname', '-i'),
    outputContains('10.99.0.'),
  )
  .define();
