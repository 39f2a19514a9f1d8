import { outputContains, serviceState } from './checks';
import { composeCmd, dockerCmd, scenario } from './scenario';

// Ported from docker/compose pkg/e2e/networks_test.go; nginx's welcome page is served by busybox httpd.

scenario('TestNetworkAliases', 'a network alias and a link must both resolve to the target service')
  .step('up starts both services', composeCmd('up', '-d'), serviceState('container1', 'running'), serviceState('container2', 'running'))
  .step('the network alias resolves', composeCmd('exec', '-T', 'container1', 'wget', '-qO-', 'http://alias-of-container2/'), outputContains('Welcome to nginx!'))
  .step('the link name resolves', composeCmd('exec', '-T', 'container1', 'wget', '-qO-', 'http://container/'), outputContains('Welcome to nginx!'))
  .define();

scenario('TestNetworkLinks', 'links must resolve between services running on the default bridge network')
  .step('up starts both services', composeCmd('up', '-d'), serviceState('container1', 'running'), serviceState('container2', 'running'))
  .step('the linked name resolves over the bridge network', composeCmd('exec', '-T', 'container2', 'wget', '-qO-', 'http://container1/'), outputContains('Welcome to nginx!'))
  .define();

scenario('TestNetworkModes', 'run must start a service whose network_mode points at another service')
  .step('run starts the network provider and shares its namespace', composeCmd('run', '-T', 'mydb', 'echo', 'success'), outputContains('success'), serviceState('db', 'running'))
  .define();

scenario('TestIPAMConfig', "a fixed ipv4_address must be assigned to the service's container")
  .step('up starts the service', composeCmd('up', '-d'), serviceState('foo', 'running'))
  .step(
    'the container got the fixed IP',
    dockerCmd('inspect', '{project}-foo-1', '-f', '{{ $network := index .NetworkSettings.Networks "{project}_default" }}{{ $network.IPAMConfig.IPv4Address }}'),
    outputContains('10.1.0.100'),
  )
  .define();
