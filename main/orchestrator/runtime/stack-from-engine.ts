import type { Dependency, DependencyCondition, Service, Stack } from '../compose/model';
import type { ContainerDriver } from '../driver';
import { Label } from './labels';

const CONDITIONS: readonly DependencyCondition[] = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
];

/** `db:service_healthy:false,cache:service_started:true`, as compose writes com.docker.compose.depends_on. */
function dependsOnOf(label: string | undefined): Record<string, Dependency> {
  const out: Record<string, Dependency> = {};
  for (const entry of (label ?? '').split(',').filter(Boolean)) {
    const [name = '', condition = 'service_started', restart = 'false'] = entry.split(':');
    if (name)
      out[name] = {
        condition: CONDITIONS.includes(condition as DependencyCondition)
          ? (condition as DependencyCondition)
          : 'service_started',
        restart: restart === 'true',
        required: true,
      };
  }
  return out;
}

function serviceOf(name: string, image: string, replicas: number, dependsOn: Record<string, Dependency>): Service {
  return {
    name,
    image,
    command: null,
    entrypoint: null,
    environment: {},
    envFiles: [],
    ports: [],
    expose: [],
    volumes: [],
    tmpfs: [],
    networks: { default: null },
    dependsOn,
    labels: {},
    profiles: [],
    extraHosts: [],
    replicas,
    settings: {},
    written: { fromDeploy: [], restartFromDeploy: false },
    volumesFrom: [],
    links: [],
    externalLinks: [],
    secrets: [],
    configs: [],
    watch: [],
    postStart: [],
    preStop: [],
    preStart: [],
    extensions: {},
    stackpilot: {},
  };
}

/**
 * A project as the engine knows it, from its containers' labels: what `down -p NAME` (and ps, stop,
 * logs) work on when no compose file is at hand, as compose does. Services, their replica counts and
 * dependencies are known; the rest of the file is not, so this is never used to start anything.
 * Undefined when the engine has nothing of that project.
 */
export async function stackFromEngine(
  driver: ContainerDriver,
  project: string,
  cwd: string,
): Promise<Stack | undefined> {
  const containers = await driver.listContainers({ [Label.project]: project });
  if (containers.length === 0) return undefined;
  const byService = new Map<string, { image: string; count: number; dependsOn: Record<string, Dependency> }>();
  for (const c of containers) {
    const name = c.labels[Label.service];
    if (!name) continue;
    const known = byService.get(name);
    const number = Number(c.labels[Label.containerNumber] ?? '1') || 1;
    byService.set(name, {
      image: known?.image ?? c.image,
      count: Math.max(known?.count ?? 0, number),
      dependsOn: known?.dependsOn ?? dependsOnOf(c.labels[Label.dependsOn]),
    });
  }
  // The project's own networks and volumes, by the keys compose labelled them with.
  const resource = { external: false, driverOpts: {}, labels: {} };
  const networks = Object.fromEntries(
    (await driver.listNetworks({ [Label.project]: project })).map((n) => [
      n.labels[Label.network] ?? n.name,
      { ...resource, name: n.name, internal: false, attachable: false },
    ]),
  );
  const volumes = Object.fromEntries(
    (await driver.listVolumes({ [Label.project]: project })).map((v) => [
      v.labels[Label.volume] ?? v.name,
      { ...resource, name: v.name },
    ]),
  );
  const services = Object.fromEntries(
    [...byService].map(([name, s]) => [
      name,
      serviceOf(
        name,
        s.image,
        s.count,
        Object.fromEntries(Object.entries(s.dependsOn).filter(([d]) => byService.has(d))),
      ),
    ]),
  );
  return {
    name: project,
    projectDir: containers[0]?.labels[Label.workingDir] ?? cwd,
    files: [],
    envFiles: [],
    services,
    inactiveServices: {},
    activeProfiles: [],
    networks,
    volumes,
    secrets: {},
    configs: {},
    extensions: {},
    stackpilot: { env: {} },
    warnings: [],
  };
}
