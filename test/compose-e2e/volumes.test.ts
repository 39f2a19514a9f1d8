import { exitCode, notRecreated, outputContains, outputNotContains, recreated, serviceState } from './checks';
import { composeCmd, dockerCmd, mayFail, scenario, withEnv } from './scenario';

// Ported from docker/compose pkg/e2e/volumes_test.go.

const V5_RECREATES =
  'compose 2.26 keeps a volume whose definition changed, and has no -y; v5 asks, and recreates it on yes';

scenario('TestUpRecreateVolumes', 'a volume definition change must recreate the volume on an approved up', {
  notOnReference: V5_RECREATES,
})
  .step('up creates the volume with its declared label', composeCmd('up', '-d'))
  .step(
    'the volume carries the initial label',
    dockerCmd('volume', 'inspect', '{project}_my_vol', '-f', '{{ index .Labels "foo" }}'),
    outputContains('bar'),
  )
  // Ours: with nobody to ask (no terminal) and no -y, the up stops and says so, and the data stays.
  .step(
    'up without -y and without a terminal is refused, naming the volume and -y',
    mayFail(withEnv(composeCmd('up', '-d'), { VOL_LABEL: 'zot' })),
    exitCode(1),
    outputContains('volume "{project}_my_vol" exists but doesn\'t match configuration in compose file'),
    outputContains('pass -y'),
  )
  .step(
    'the refused up left the volume as it was',
    dockerCmd('volume', 'inspect', '{project}_my_vol', '-f', '{{ index .Labels "foo" }}'),
    outputContains('bar'),
  )
  .step(
    'up -y with a changed label recreates the volume',
    withEnv(composeCmd('up', '-d', '-y'), { VOL_LABEL: 'zot' }),
    serviceState('app', 'running'),
    recreated('app'),
  )
  .step(
    'the volume carries the new label',
    dockerCmd('volume', 'inspect', '{project}_my_vol', '-f', '{{ index .Labels "foo" }}'),
    outputContains('zot'),
  )
  .define();

scenario('TestUpRecreateVolumesIgnoreBinds', 'a bind mount must not be mistaken for a volume change on an unchanged up')
  .step('up starts the service with its bind mount', composeCmd('up', '-d'), serviceState('app', 'running'))
  .step(
    'an unchanged up leaves the container alone',
    composeCmd('up', '-d'),
    outputNotContains('Recreated'),
    notRecreated('app'),
  )
  .define();

scenario('TestUpSwitchVolumes', "switching a service's external volume must reconnect the container to the new one", {
  notOnReference:
    'compose 2.26 hashes the mount by its key, not the volume it names, and keeps the container on the old volume',
})
  // Labelled with the project, so the scenario's clean-up removes them with it.
  .step(
    'create the two external volumes',
    dockerCmd('volume', 'create', '--label', 'com.docker.compose.project={project}', '{project}-ext-1'),
  )
  .step(
    'and the second one',
    dockerCmd('volume', 'create', '--label', 'com.docker.compose.project={project}', '{project}-ext-2'),
  )
  .step('up mounts the first volume', withEnv(composeCmd('up', '-d'), { EXTERNAL_VOLUME: '{project}-ext-1' }))
  .step(
    "the container's mount points at the first volume",
    dockerCmd('inspect', '{project}-app-1', '-f', '{{ (index .Mounts 0).Name }}'),
    outputContains('-ext-1'),
  )
  .step(
    'up with the other volume reconnects the service',
    withEnv(composeCmd('up', '-d'), { EXTERNAL_VOLUME: '{project}-ext-2' }),
  )
  .step(
    "the container's mount points at the second volume",
    dockerCmd('inspect', '{project}-app-1', '-f', '{{ (index .Mounts 0).Name }}'),
    outputContains('-ext-2'),
  )
  .define();
