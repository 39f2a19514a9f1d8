import type { ModelPath } from './diagnostics';
import type { BuildSpec, Dependency, DependencyCondition, EngineSettings, EnvFileRef, RestartPolicy, Service } from './model';
import { normalizeExpose, normalizePorts } from './ports';
import { Reader, isRawMap, setOwn } from './reader';
import { readBuild } from './build-section';
import { readDeploy } from './deploy';
import type { DeployResources } from './deploy';
import { splitShellWords } from './shell-words';
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

const CONDITIONS: readonly DependencyCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

type KeyReader = (layer: ServiceLayer, value: unknown, path: ModelPath, r: Reader, ctx: PathContext) => void;

const KEYS: Record<string, KeyReader> = {
  image: (l, v, p, r) => (l.image = r.string(v, p)),
  provider: (l, v, p, r) => (l.provider = readProvider(v, p, r)),
  build: (l, v, p, r, ctx) => (l.build = readBuild(v, p, r, ctx)),
  command: (l, v, p, r) => (l.command = readCommand(v, p, r)),
  entrypoint: (l, v, p, r) => (l.entrypoint = readCommand(v, p, r)),
  environment: (l, v, p, r) => (l.environment = r.keyValues(v, p, true)),
  // Resolved here, against this file's folder: a base from another folder (extends) keeps its own.
  env_file: (l, v, p, r, ctx) => (l.envFiles = readEnvFiles(v, p, r)?.map((f) => ({ ...f, path: resolveHostPath(f.path, ctx) }))),
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

function readCommand(value: unknown, path: ModelPath, r: Reader): string[] | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string') {
    const { words, error } = splitShellWords(value);
    if (error) r.error(path, 'invalid-value', `cannot split the command into words: ${error}`, 'close the quote, or write the command as a list');
    return words;
  }
  return r.stringList(value, path);
}

function readEnvFiles(value: unknown, path: ModelPath, r: Reader): EnvFileRef[] | undefined {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : r.wrongType(path, 'a path or a list of paths', value);
  if (!items) return undefined;
  const out: EnvFileRef[] = [];
  items.forEach((item: unknown, i: number) => {
    const p = typeof value === 'string' ? path : [...path, i];
    if (typeof item === 'string') out.push({ path: item, required: true });
    else if (isRawMap(item)) {
      const file = r.string(item.path, [...p, 'path']);
      const required = item.required === undefined ? true : r.bool(item.required, [...p, 'required']);
      const format = item.format === undefined ? undefined : r.string(item.format, [...p, 'format']);
      if (format !== undefined && format !== 'raw')
        r.error([...p, 'format'], 'invalid-value', `env_file format "${format}" is not one compose knows`, 'use format: raw, or leave it out for the .env format');
      if (file !== undefined) out.push({ path: file, required: required ?? true, ...(format === 'raw' ? { format } : {}) });
    } else r.wrongType(p, 'a path or { path, required }', item);
  });
  return out;
}

function readDependsOn(value: unknown, path: ModelPath, r: Reader): Record<string, Dependency> | undefined {
  const out: Record<string, Dependency> = {};
  if (Array.isArray(value)) {
    r.stringList(value, path)?.forEach((name) => setOwn(out, name, { condition: 'service_started', restart: false, required: true }));
    return out;
  }
  const raw = r.map(value, path);
  if (!raw) return undefined;
  for (const [name, spec] of Object.entries(raw)) {
    const p = [...path, name];
    const dep: Dependency = { condition: 'service_started', restart: false, required: true };
    const m = spec === null ? {} : r.map(spec, p);
    if (!m) continue;
    for (const [key, v] of Object.entries(m)) {
      const kp = [...p, key];
      if (key === 'condition') {
        const c = r.string(v, kp);
        if (c !== undefined && !CONDITIONS.includes(c as DependencyCondition)) {
          r.error(kp, 'invalid-value', `unknown condition "${c}" for dependency "${name}"`, `use one of ${CONDITIONS.join(', ')}`);
        } else if (c) dep.condition = c as DependencyCondition;
      } else if (key === 'restart') dep.restart = r.bool(v, kp) ?? false;
      else if (key === 'required') dep.required = r.bool(v, kp) ?? true;
      else if (!key.startsWith('x-')) r.report('error', kp, 'unknown-key', `unknown key "${key}" in depends_on.${name}`, 'known keys: condition, restart, required', true);
    }
    setOwn(out, name, dep);
  }
  return out;
}

function readRestart(value: unknown, path: ModelPath, r: Reader): RestartPolicy | { refused: string } | undefined {
  // YAML 1.1 habits: `restart: no` may arrive as boolean false from some writers.
  if (value === false) return 'no';
  const s = r.string(value, path);
  if (s === undefined) return undefined;
  if (s === 'no' || s === 'always' || s === 'unless-stopped' || /^on-failure(:\d+)?$/.test(s)) return s as RestartPolicy;
  return { refused: s };
}

/** Any name, as compose takes it (a name no `--profile` can say only keeps the service out). */
function readProfiles(value: unknown, path: ModelPath, r: Reader): string[] | undefined {
  return r.stringList(value, path);
}

/** `os/arch[/variant]`, as the engine names platforms (linux/amd64, linux/arm64/v8). */
function readPlatform(value: unknown, path: ModelPath, r: Reader): string | undefined {
  const s = r.string(value, path);
  if (s !== undefined && !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(s)) {
    r.error(path, 'invalid-value', `"${s}" is not a platform`, 'write os/architecture[/variant], such as linux/amd64 or linux/arm64/v8');
    return undefined;
  }
  return s;
}

function readContainerName(value: unknown, path: ModelPath, r: Reader): string | undefined {
  const s = r.string(value, path);
  if (s !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(s)) {
    r.error(path, 'invalid-name', `"${s}" is not a valid container name`, 'use letters, digits, ".", "_" and "-", starting with a letter or digit');
    return undefined;
  }
  return s;
}

function readExtraHosts(value: unknown, path: ModelPath, r: Reader): string[] | undefined {
  if (isRawMap(value)) {
    return Object.entries(value).flatMap(([host, ip]) => {
      const ips = Array.isArray(ip) ? ip : [ip];
      return ips.map((one, i) => `${host}=${r.string(one, Array.isArray(ip) ? [...path, host, i] : [...path, host]) ?? ''}`);
    });
  }
  const list = r.stringList(value, path);
  return list?.map((entry) => {
    // Compose accepts both `host:ip` and `host=ip`; IPv6 addresses contain ":" so split on the first one.
    const eq = entry.indexOf('=');
    if (eq >= 0) return entry;
    const colon = entry.indexOf(':');
    return colon < 0 ? entry : `${entry.slice(0, colon)}=${entry.slice(colon + 1)}`;
  });
}
