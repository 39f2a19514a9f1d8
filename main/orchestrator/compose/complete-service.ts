import { readInputFile } from './input-file';
import type { ModelPath } from './diagnostics';
import { parseDotenv } from './dotenv';
import type { VariableLookup } from './interpolate';
import type { BuildSpec, EngineSettings, Service } from './model';
import type { Reader } from './reader';
import { setOwn } from './reader';
import type { ServiceLayer } from './service-layer';
import { resolveHostPath } from './volumes';
import type { PathContext } from './volumes';

/**
 * Turns a service's merged layers into a complete Service: defaults filled, `env_file` entries read
 * (below `environment`), variables written without a value taken from the environment, and the one
 * rule that needs every file merged first (an image or a build).
 */
export function completeService(
  name: string,
  layer: ServiceLayer,
  r: Reader,
  ctx: PathContext,
  lookup: VariableLookup,
  complete = true,
): Service {
  const path: ModelPath = ['services', name];
  // `complete` false: its base could not be resolved (and said so); what it lacks is not news.
  if (complete && !layer.image && !layer.build && !layer.provider) {
    r.error(
      path,
      'no-image',
      `service "${name}" has neither an image nor a build`,
      'add image: <name:tag>, or build: <folder with a Dockerfile>',
    );
  }
  if (layer.build && !layer.build.context) layer.build.context = ctx.projectDir;
  if (layer.pullPolicy === 'build' && !layer.build)
    r.error(
      [...path, 'pull_policy'],
      'invalid-value',
      `service "${name}" has pull_policy: build but no build section`,
      'add build: <folder with a Dockerfile>, or use another pull_policy',
    );
  if ((layer.pullPolicy === 'refresh') !== (layer.pullRefreshAfter !== undefined))
    r.error(
      [...path, layer.pullPolicy === 'refresh' ? 'pull_policy' : 'pull_refresh_after'],
      'invalid-value',
      layer.pullPolicy === 'refresh'
        ? `service "${name}" has pull_policy: refresh but no pull_refresh_after`
        : `service "${name}" has pull_refresh_after without pull_policy: refresh`,
      'use them together: pull_policy: refresh with pull_refresh_after: 12h (or pull_policy: daily, weekly, every_12h)',
    );
  const replicas = replicasOf(name, layer, r);
  const environment: Record<string, string | null> = {};
  for (const ref of layer.envFiles ?? []) {
    const file = resolveHostPath(ref.path, ctx);
    const refPath = [...path, 'env_file'];
    const read = readInputFile(file, 'env_file');
    if ('problem' in read) {
      if (read.problem.kind !== 'missing') r.error(refPath, 'env-file', read.problem.message, read.problem.hint);
      else if (ref.required)
        r.error(refPath, 'env-file', read.problem.message, 'create it, fix the path, or mark it required: false');
      continue;
    }
    const text = read.text;
    if (ref.format === 'raw') {
      for (const [k, v] of rawEnvLines(text)) setOwn(environment, k, v);
      continue;
    }
    const parsed = parseDotenv(file, text, lookup);
    r.diagnostics.push(...parsed.errors);
    for (const [k, v] of parsed.values) setOwn(environment, k, v);
  }
  for (const [k, v] of Object.entries(layer.environment ?? {})) {
    // `- KEY` with no value: compose passes the value from the shell or .env when there is one.
    setOwn(environment, k, v === null ? (lookup(k) ?? null) : v);
  }
  return {
    name,
    ...(layer.image !== undefined ? { image: layer.image } : {}),
    ...(layer.provider ? { provider: layer.provider } : {}),
    ...(layer.build ? { build: completeBuild(name, layer.build, layer.platform, r, ctx, lookup) } : {}),
    command: layer.command ?? null,
    entrypoint: layer.entrypoint ?? null,
    environment,
    envFiles: layer.envFiles ?? [],
    ports: layer.ports ?? [],
    expose: layer.expose ?? [],
    volumes: layer.volumes ?? [],
    tmpfs: layer.tmpfs ?? [],
    // A provider's service joins no network (compose adds it to none).
    networks: layer.provider ? (layer.networks ?? {}) : networksOf(name, layer, r),
    dependsOn: dependsOnOf(layer),
    ...(layer.networkMode ? { networkMode: layer.networkMode } : {}),
    ...(layer.healthcheck ? { healthcheck: layer.healthcheck } : {}),
    ...(typeof layer.restart === 'string'
      ? { restart: layer.restart }
      : layer.restart
        ? { restartRefused: layer.restart.refused }
        : layer.deployRestart
          ? { restart: layer.deployRestart }
          : {}),
    ...(layer.stopSignal ? { stopSignal: layer.stopSignal } : {}),
    ...(layer.stopGracePeriod !== undefined ? { stopGracePeriod: layer.stopGracePeriod } : {}),
    labels: { ...readLabelFiles(layer.labelFiles ?? [], [...path, 'label_file'], r), ...layer.labels },
    // As compose: DOCKER_DEFAULT_PLATFORM (shell or .env) for a service that names none.
    ...(layer.platform || lookup('DOCKER_DEFAULT_PLATFORM')
      ? { platform: layer.platform ?? lookup('DOCKER_DEFAULT_PLATFORM') }
      : {}),
    profiles: layer.profiles ?? [],
    ...(layer.workingDir ? { workingDir: layer.workingDir } : {}),
    ...(layer.user ? { user: layer.user } : {}),
    ...(layer.hostname ? { hostname: layer.hostname } : {}),
    extraHosts: layer.extraHosts ?? [],
    ...(layer.init !== undefined ? { init: layer.init } : {}),
    ...(layer.containerName ? { containerName: layer.containerName } : {}),
    replicas,
    settings: settingsOf(name, layer, r),
    written: writtenForm(layer, lookup),
    ...(layer.pullPolicy ? { pullPolicy: layer.pullPolicy } : {}),
    ...(layer.pullRefreshAfter !== undefined ? { pullRefreshAfter: layer.pullRefreshAfter } : {}),
    ...(layer.useApiSocket ? { useApiSocket: true } : {}),
    ...(layer.attach !== undefined ? { attach: layer.attach } : {}),
    volumesFrom: layer.volumesFrom ?? [],
    links: layer.links ?? [],
    externalLinks: layer.externalLinks ?? [],
    secrets: layer.secrets ?? [],
    configs: layer.configs ?? [],
    postStart: layer.postStart ?? [],
    preStop: layer.preStop ?? [],
    // A hook without an image runs the service's, as compose normalises it (compose-spec PR #647).
    preStart: (layer.preStart ?? []).map((h) =>
      h.image === undefined && layer.image ? { ...h, image: layer.image } : h,
    ),
    watch: layer.watch ?? [],
    extensions: layer.extensions ?? {},
    stackpilot: layer.stackpilot ?? {},
  };
}

/**
 * How many containers: `scale` or `deploy.replicas` (both only if they agree, as compose requires),
 * else 1. A fixed container_name cannot be given to more than one container: refused, as compose does.
 */
function replicasOf(name: string, layer: ServiceLayer, r: Reader): number {
  const path: ModelPath = ['services', name];
  if (layer.scale !== undefined && layer.deployReplicas !== undefined && layer.scale !== layer.deployReplicas) {
    r.error(
      [...path, 'scale'],
      'invalid-value',
      `service "${name}" sets scale: ${layer.scale} and deploy.replicas: ${layer.deployReplicas}`,
      'keep one of them, or set both to the same number',
    );
  }
  const replicas = layer.scale ?? layer.deployReplicas ?? 1;
  if (replicas > 1 && layer.containerName) {
    r.error(
      [...path, 'container_name'],
      'invalid-value',
      `service "${name}" has container_name "${layer.containerName}" and ${replicas} replicas: container names must be unique`,
      'remove container_name (containers are then named <project>-<service>-<n>), or run one replica',
    );
  }
  return replicas;
}

/** The build section with its defaults; more than one platform needs BuildKit, as does a platform the build does not list. */
function completeBuild(
  name: string,
  b: Partial<BuildSpec>,
  platform: string | undefined,
  r: Reader,
  ctx: PathContext,
  lookup: VariableLookup,
): BuildSpec {
  const path: ModelPath = ['services', name, 'build'];
  const platforms = b.platforms ?? [];
  // Several platforms need BuildKit: refused when a build is needed (image-fetch.ts), as for its other keys.
  if (platform && platforms.length > 0 && !platforms.includes(platform))
    r.error(
      [...path, 'platforms'],
      'invalid-value',
      `service "${name}" runs on ${platform}, which build.platforms does not list`,
      `add ${platform} to build.platforms, or drop platform`,
    );
  const { context, dockerfile, args, ...rest } = b;
  // An argument written without a value takes the variable's (shell or .env) when it is set, as compose resolves it.
  const resolved = Object.fromEntries(Object.entries(args ?? {}).map(([k, v]) => [k, v ?? lookup(k) ?? null]));
  return {
    context: context ?? ctx.projectDir,
    dockerfile: dockerfile ?? 'Dockerfile',
    args: resolved,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
  };
}

/** Labels from `label_file`s (KEY=VALUE lines, as env files write them); `labels` wins over them. */
function readLabelFiles(files: readonly string[], path: ModelPath, r: Reader): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const file of files) {
    const read = readInputFile(file, 'label_file');
    if ('problem' in read) {
      r.error(
        path,
        'env-file',
        read.problem.message,
        read.problem.kind === 'missing' ? 'create it or fix the path' : read.problem.hint,
      );
      continue;
    }
    const text = read.text;
    const parsed = parseDotenv(file, text, () => undefined);
    r.diagnostics.push(...parsed.errors);
    for (const [k, v] of parsed.values) labels[k] = v;
  }
  return labels;
}

/**
 * The container's settings, with `deploy.resources` applied over the service-level keys as compose
 * does. Both set to different values is refused, as compose refuses it: which one runs is unclear.
 */
function settingsOf(name: string, layer: ServiceLayer, r: Reader): EngineSettings {
  const settings: EngineSettings = { ...layer.settings };
  const limits = layer.deployResources?.limits ?? {};
  const reservations = layer.deployResources?.reservations ?? {};
  const pairs: [keyof EngineSettings, string, number | undefined, string][] = [
    ['memLimit', 'mem_limit', limits.memory, 'limits.memory'],
    ['cpus', 'cpus', limits.cpus, 'limits.cpus'],
    ['pidsLimit', 'pids_limit', limits.pids, 'limits.pids'],
    ['memReservation', 'mem_reservation', reservations.memory, 'reservations.memory'],
  ];
  for (const [key, own, fromDeploy, deployKey] of pairs) {
    if (fromDeploy === undefined) continue;
    const set = settings[key];
    if (set !== undefined && set !== fromDeploy) {
      r.error(
        ['services', name, own],
        'invalid-value',
        `service "${name}" sets ${own} and deploy.resources.${deployKey} to different values`,
        `keep one of them, or set both to the same value`,
      );
    }
    (settings as Record<string, unknown>)[key] = fromDeploy;
  }
  if (reservations.devices?.length) settings.reservedDevices = reservations.devices;
  return settings;
}

function writtenForm(layer: ServiceLayer, lookup: VariableLookup): Service['written'] {
  const own = layer.settings ?? {};
  const limits = layer.deployResources?.limits ?? {};
  const reservations = layer.deployResources?.reservations ?? {};
  const fromDeploy = [
    limits.memory !== undefined && own.memLimit === undefined ? 'mem_limit' : '',
    limits.cpus !== undefined && own.cpus === undefined ? 'cpus' : '',
    limits.pids !== undefined && own.pidsLimit === undefined ? 'pids_limit' : '',
    reservations.memory !== undefined && own.memReservation === undefined ? 'mem_reservation' : '',
  ].filter(Boolean);
  const deploy: Service['written']['deploy'] = layer.deployWritten
    ? {
        ...(layer.deployReplicas !== undefined || layer.scale !== undefined
          ? { replicas: layer.deployReplicas ?? layer.scale }
          : {}),
        resources: {
          ...(layer.deployResources?.limits && Object.keys(limits).length > 0 ? { limits } : {}),
          ...(layer.deployResources?.reservations && Object.keys(reservations).length > 0 ? { reservations } : {}),
        },
        ...(layer.deployRestartWritten ? { restartPolicy: layer.deployRestartWritten } : {}),
      }
    : undefined;
  return {
    ...(layer.scale !== undefined ? { scale: layer.scale } : {}),
    ...(deploy ? { deploy } : {}),
    // Its own environment (without env_file's), a bare KEY taking the variable's value, as compose hashes it.
    ...(layer.environment
      ? {
          environment: Object.fromEntries(
            Object.entries(layer.environment).map(([k, v]) => [k, v ?? lookup(k) ?? null]),
          ),
        }
      : {}),
    fromDeploy,
    restartFromDeploy: !layer.restart && !!layer.deployRestart,
    normalized: {
      ...(!layer.provider && !layer.networkMode && !(layer.networks && Object.keys(layer.networks).length > 0)
        ? { defaultNetwork: true }
        : {}),
      impliedDependencies: Object.keys(dependsOnOf(layer)).filter((d) => !Object.hasOwn(layer.dependsOn ?? {}, d)),
      ...(layer.build && layer.build.dockerfile === undefined && layer.build.dockerfileInline === undefined
        ? { dockerfile: true }
        : {}),
      ...(layer.build?.args ? { buildArgs: layer.build.args } : {}),
      ...(layer.pullPolicyWritten ? { pullPolicy: layer.pullPolicyWritten } : {}),
    },
  };
}

/** The stack networks a service joins: those it names, else the default one; none with a network_mode. */
function networksOf(name: string, layer: ServiceLayer, r: Reader): Service['networks'] {
  const named = layer.networks && Object.keys(layer.networks).length > 0 ? layer.networks : undefined;
  if (!layer.networkMode) return named ?? { default: null };
  if (named)
    r.error(
      ['services', name, 'network_mode'],
      'invalid-value',
      `service "${name}" sets both network_mode and networks`,
      'they are mutually exclusive, as in docker compose: keep one of them',
    );
  return {};
}

/**
 * What a service needs started before it, besides its depends_on, as compose makes it: those it links
 * to, the service whose network, IPC, PID, UTS or cgroup namespace it shares (`service:NAME`), and
 * those it takes volumes from.
 */
function dependsOnOf(layer: ServiceLayer): Service['dependsOn'] {
  const deps = { ...layer.dependsOn };
  const add = (name: string | undefined, restart: boolean): void => {
    if (name && !Object.hasOwn(deps, name))
      setOwn(deps, name, { condition: 'service_started', restart, required: true });
  };
  // In compose's order, and with its restart flag: links and shared namespaces restart with their
  // service, a volumes_from source does not.
  for (const l of layer.links ?? []) add(l.service, true);
  const s = layer.settings ?? {};
  for (const mode of [layer.networkMode, s.ipc, s.pid, s.uts, s.cgroup])
    add(/^service:(.+)$/.exec(mode ?? '')?.[1], true);
  for (const v of layer.volumesFrom ?? []) add(v.service, false);
  return deps;
}

/** `format: raw`: KEY=VALUE lines as written: no quotes removed, no variables, no comments after values. */
function rawEnvLines(text: string): [string, string][] {
  return text.split(/\r?\n/).flatMap((line): [string, string][] => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return [];
    const eq = line.indexOf('=');
    return eq > 0 ? [[line.slice(0, eq).trim(), line.slice(eq + 1)]] : [];
  });
}
