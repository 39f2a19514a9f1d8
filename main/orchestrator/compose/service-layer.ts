import type { ModelPath } from './diagnostics';
import type { BuildSpec, EngineSettings, RestartPolicy, Service } from './model';
import { normalizeExpose, normalizePorts } from './ports';
import { Reader } from './reader';
import { readBuild } from './build-section';
import { readDeploy } from './deploy';
import type { DeployResources } from './deploy';
import { ENGINE_SETTING_KEYS } from './engine-settings';
import { readExtends } from './extends-ref';
import { readGrants } from './file-sources';
import { readHooks, readPreStartHooks } from './hooks';
import { readProvider } from './provider';
import { readHealthcheck } from './healthcheck-section';
import { readDevelop } from './develop';
import { readNetworkMode, readPullPolicy, readVolumesFrom } from './service-modes';
import { readNetworks } from './service-networks';
import type { ExtendsRef } from './extends-ref';
import { reportUnapplied } from './key-support';
import { readServiceExtension } from './stackpilot-extension';
import { RESET_KEY } from './merge-tags';
import { normalizeVolumes, resolveHostPath } from './volumes';
import type { PathContext } from './volumes';
import {
  readCommand,
  readEnvFiles,
  readDependsOn,
  readRestart,
  readProfiles,
  readPlatform,
  readContainerName,
  readExtraHosts,
} from './service-key-readers';

/** What one compose file says about one service: only the keys it writes. Layers merge in file order. */
export type ServiceLayer = Partial<Omit<Service, 'name' | 'build' | 'replicas' | 'restart' | 'restartRefused'>> & {
  build?: Partial<BuildSpec>;
  /** `restart`; a policy the engine does not know loads (as compose loads it) and is refused at start. */
  restart?: RestartPolicy | { refused: string };
  /** `scale` and `deploy.replicas` as written: both may be set, but only to the same number. */
  scale?: number;
  deployReplicas?: number;
  /** `extends`, resolved once every file is merged (extends.ts). */
  extends?: ExtendsRef;
  /** Fields a `!reset` key clears from what this layer is merged onto (an extended service's). */
  resets?: string[];
  /** `deploy.resources`, as written: checked against mem_limit, cpus and the like once merged. */
  deployResources?: DeployResources;
  /** `deploy.restart_policy`, as the restart policy it means (used when `restart` is not set). */
  deployRestart?: RestartPolicy;
  /** A `deploy:` section was written (compose prints it back, with `scale` as its replicas). */
  deployWritten?: boolean;
  deployRestartWritten?: { condition?: string; maxAttempts?: number };
  /** `pull_policy: if_not_present`, as written (the model says missing). */
  pullPolicyWritten?: string;
  /** `label_file`: absolute paths, read below `labels` once every file is merged. */
  labelFiles?: string[];
};

type KeyReader = (layer: ServiceLayer, value: unknown, path: ModelPath, r: Reader, ctx: PathContext) => void;

const KEYS: Record<string, KeyReader> = {
  image: (l, v, p, r) => (l.image = r.string(v, p)),
  provider: (l, v, p, r) => (l.provider = readProvider(v, p, r)),
  build: (l, v, p, r, ctx) => (l.build = readBuild(v, p, r, ctx)),
  command: (l, v, p, r) => (l.command = readCommand(v, p, r)),
  entrypoint: (l, v, p, r) => (l.entrypoint = readCommand(v, p, r)),
  environment: (l, v, p, r) => (l.environment = r.keyValues(v, p, true)),
  // Resolved here, against this file's folder: a base from another folder (extends) keeps its own.
  env_file: (l, v, p, r, ctx) =>
    (l.envFiles = readEnvFiles(v, p, r)?.map((f) => ({ ...f, path: resolveHostPath(f.path, ctx) }))),
  ports: (l, v, p, r) => (l.ports = normalizePorts(v, p, r)),
  expose: (l, v, p, r) => (l.expose = normalizeExpose(v, p, r)),
  volumes: (l, v, p, r, ctx) => (l.volumes = normalizeVolumes(v, p, r, ctx)),
  tmpfs: (l, v, p, r) => (l.tmpfs = r.stringOrList(v, p)),
  networks: (l, v, p, r) => (l.networks = readNetworks(v, p, r)),
  depends_on: (l, v, p, r) => (l.dependsOn = readDependsOn(v, p, r)),
  healthcheck: (l, v, p, r) => (l.healthcheck = readHealthcheck(v, p, r)),
  restart: (l, v, p, r) => (l.restart = readRestart(v, p, r)),
  stop_signal: (l, v, p, r) => (l.stopSignal = r.string(v, p)),
  stop_grace_period: (l, v, p, r) => (l.stopGracePeriod = r.duration(v, p)),
  labels: (l, v, p, r) => (l.labels = r.keyValues(v, p, false) as Record<string, string> | undefined),
  label_file: (l, v, p, r, ctx) => (l.labelFiles = r.stringOrList(v, p)?.map((f) => resolveHostPath(f, ctx))),
  platform: (l, v, p, r) => (l.platform = readPlatform(v, p, r)),
  use_api_socket: (l, v, p, r) => (l.useApiSocket = r.bool(v, p)),
  attach: (l, v, p, r) => (l.attach = r.bool(v, p)),
  post_start: (l, v, p, r) => (l.postStart = readHooks(v, p, r)),
  pre_stop: (l, v, p, r) => (l.preStop = readHooks(v, p, r)),
  pre_start: (l, v, p, r) => (l.preStart = readPreStartHooks(v, p, r)),
  develop: (l, v, p, r, ctx) => (l.watch = readDevelop(v, p, r, ctx)),
  profiles: (l, v, p, r) => (l.profiles = readProfiles(v, p, r)),
  working_dir: (l, v, p, r) => (l.workingDir = r.string(v, p)),
  user: (l, v, p, r) => (l.user = r.string(v, p)),
  hostname: (l, v, p, r) => (l.hostname = r.string(v, p)),
  container_name: (l, v, p, r) => (l.containerName = readContainerName(v, p, r)),
  extra_hosts: (l, v, p, r) => (l.extraHosts = readExtraHosts(v, p, r)),
  init: (l, v, p, r) => (l.init = r.bool(v, p)),
  scale: (l, v, p, r) => (l.scale = r.int(v, p, 0, 10_000)),
  deploy: (l, v, p, r) => readDeploy(l, v, p, r),
  pull_policy: (l, v, p, r) => {
    l.pullPolicy = readPullPolicy(v, p, r);
    // Its old name, kept for config --no-normalize, which prints it as written.
    l.pullPolicyWritten = v === 'if_not_present' ? v : undefined;
  },
  pull_refresh_after: (l, v, p, r) => (l.pullRefreshAfter = r.duration(v, p)),
  network_mode: (l, v, p, r) => (l.networkMode = readNetworkMode(v, p, r)),
  extends: (l, v, p, r) => (l.extends = readExtends(v, p, r)),
  secrets: (l, v, p, r) => (l.secrets = readGrants(v, p, r, 'secret')),
  volumes_from: (l, v, p, r) => (l.volumesFrom = readVolumesFrom(v, p, r)),
  links: (l, v, p, r) =>
    (l.links = r
      .stringList(v, p)
      ?.map(aliased)
      .map(({ name, alias }) => ({ service: name, alias }))),
  external_links: (l, v, p, r) =>
    (l.externalLinks = r
      .stringList(v, p)
      ?.map(aliased)
      .map(({ name, alias }) => ({ container: name, alias }))),
  configs: (l, v, p, r) => (l.configs = readGrants(v, p, r, 'config')),
  'x-stackpilot': (l, v, p, r) => {
    l.stackpilot = readServiceExtension(v, p, r);
    // Kept as written too, so `config` prints it as compose would print any x-* key.
    (l.extensions ??= {})['x-stackpilot'] = v;
  },
};

/** `NAME[:ALIAS]`, as links and external_links write them; the alias is the name when not given. */
function aliased(entry: string): { name: string; alias: string } {
  const [name = entry, alias = name] = entry.split(':');
  return { name, alias };
}

/**
 * The layer fields a service key sets, found by reading an empty value into a scratch layer (every
 * reader assigns its fields, even to nothing); settings' fields as `settings.NAME`.
 */
function fieldsOfKey(key: string, path: ModelPath, r: Reader, ctx: PathContext): string[] {
  const scratch: ServiceLayer = {};
  const quiet = new Reader(r.source, []);
  const settings: EngineSettings = {};
  KEYS[key]?.(scratch, null, path, quiet, ctx);
  ENGINE_SETTING_KEYS[key]?.(settings, null, path, quiet);
  return [...Object.keys(scratch), ...Object.keys(settings).map((f) => `settings.${f}`)];
}

/** Text keys whose empty value compose takes as not set (its model cannot tell the two apart). */
const UNSET_WHEN_EMPTY: ReadonlySet<string> = new Set([
  'image',
  'platform',
  'container_name',
  'hostname',
  'domainname',
  'user',
  'working_dir',
  'stop_signal',
  'restart',
  'pull_policy',
  'network_mode',
  'ipc',
  'pid',
  'uts',
  'cgroup',
  'cgroup_parent',
  'isolation',
  'runtime',
  'userns_mode',
  'mac_address',
  'cpuset',
  'volume_driver',
]);

/** The service keys read (and applied) here: what the key-support table's "applied" must match. */
export const SERVICE_KEYS_READ: readonly string[] = [...Object.keys(KEYS), ...Object.keys(ENGINE_SETTING_KEYS)];

export function readServiceLayer(raw: unknown, path: ModelPath, r: Reader, ctx: PathContext): ServiceLayer {
  const layer: ServiceLayer = {};
  // `api:` with nothing under it is a valid (if empty) service in an override file.
  if (raw === null) return layer;
  const map = r.map(raw, path);
  if (!map) return layer;
  for (const [key, value] of Object.entries(map)) {
    const p = [...path, key];
    // A text key interpolated to nothing (`platform: ${DOCKER_PLATFORM:-}`) is unset, as compose reads it.
    if (value === '' && UNSET_WHEN_EMPTY.has(key)) continue;
    if (value === RESET_KEY) {
      layer.resets = [...(layer.resets ?? []), ...fieldsOfKey(key, p, r, ctx)];
      continue;
    }
    const read = KEYS[key];
    const setting = ENGINE_SETTING_KEYS[key];
    if (read) read(layer, value, p, r, ctx);
    else if (setting) setting((layer.settings ??= {}), value, p, r);
    else if (key.startsWith('x-')) (layer.extensions ??= {})[key] = value;
    else reportUnapplied(r, p, 'service', key);
  }
  return layer;
}
