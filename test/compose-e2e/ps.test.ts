import { fails, jsonLines, outputContains, serviceState } from './checks';
import { composeCmd, mayFail, scenario } from './scenario';

// Ported from docker/compose pkg/e2e/ps_test.go (TestPs: its json, --all and unknown-service parts; the
// table differs on purpose: Stackpilot's shows each service's state and why).

interface Row {
  Name: string;
  Project: string;
  Publishers: { URL: string; TargetPort: number; PublishedPort: number; Protocol: string }[];
}

const publishers = (rows: Row[], name: string): string =>
  JSON.stringify(rows.find((r) => r.Name.endsWith(`-${name}-1`))?.Publishers);

scenario(
  'TestPs',
  'ps must list the running containers with their project and every port, published or not, as JSON lines',
)
  .step(
    'up starts both services',
    composeCmd('up', '-d'),
    serviceState('busybox', 'running'),
    serviceState('nginx', 'running'),
  )
  .step(
    'ps --format json gives one object per container with its publishers',
    composeCmd('ps', '--format', 'json'),
    jsonLines<Row>('two containers of this project', (rows) =>
      rows.length === 2 && rows.every((r) => r.Project.startsWith('e2e-ps-'))
        ? undefined
        : `${rows.length} rows: ${rows.map((r) => r.Name).join(', ')}`,
    ),
    jsonLines<Row>('the published port', (rows) => {
      const want = JSON.stringify([{ URL: '127.0.0.1', TargetPort: 8000, PublishedPort: 8001, Protocol: 'tcp' }]);
      return publishers(rows, 'busybox') === want ? undefined : publishers(rows, 'busybox');
    }),
    jsonLines<Row>('the exposed ports, unpublished', (rows) => {
      const want = JSON.stringify(
        [80, 443, 8080].map((p) => ({ URL: '', TargetPort: p, PublishedPort: 0, Protocol: 'tcp' })),
      );
      return publishers(rows, 'nginx') === want ? undefined : publishers(rows, 'nginx');
    }),
  )
  .step('stop halts both', composeCmd('stop'), serviceState('busybox', 'exited'), serviceState('nginx', 'exited'))
  .step(
    'ps lists no stopped container',
    composeCmd('ps', '--format', 'json'),
    jsonLines<Row>('none', (rows) => (rows.length === 0 ? undefined : `${rows.length} rows`)),
  )
  .step(
    'ps --all lists them',
    composeCmd('ps', '--all', '--format', 'json'),
    jsonLines<Row>('two', (rows) => (rows.length === 2 ? undefined : `${rows.length} rows`)),
  )
  .step('ps of one service is accepted', composeCmd('ps', 'nginx'))
  .define();

scenario('TestPsUnknownService', 'ps of a service the model does not have must be refused', {
  notOnReference: 'compose 2.26 lists nothing and exits 0; v5 refuses it',
})
  .step(
    'ps of an unknown service is refused',
    mayFail(composeCmd('ps', 'unknown')),
    fails(),
    outputContains('no such service: unknown'),
  )
  .define();
