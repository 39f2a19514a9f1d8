import { formatDuration } from './duration';
import { deepSorted, emptyStruct, nonEmpty, ordered, sorted } from './compose-json-shape';
import type { Json, JsonObject } from './compose-json-shape';
import { KEY_ORDER } from './compose-key-order';
import { requestJson } from './compose-json-settings';
import type {
  DeviceRequest,
  LifecycleHook,
  PreStartHook,
  FileGrant,
  Healthcheck,
  PortMapping,
  Service,
  VolumeMount,
  WatchRule,
} from './model';
import type { ComposeFormat } from './compose-json';

/** The parts of a service as `docker compose config` prints them (the service itself: compose-json.ts). */

/** The BuildKit-only build keys, as compose normalises them: contexts as a map, secrets as { source, target }. */
export function buildkitJson(keys: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...keys };
  const contexts = keys.additional_contexts;
  if (Array.isArray(contexts))
    out.additional_contexts = sorted(
      Object.fromEntries(
        (contexts as unknown[]).map((c): [string, string] => {
          const [k = '', v = ''] = String(c).split(/=(.*)/s);
          return [k, v];
        }),
      ),
    );
  else if (contexts && typeof contexts === 'object')
    out.additional_contexts = sorted(contexts as Record<string, unknown>);
  const secrets: unknown = keys.secrets;
  if (Array.isArray(secrets))
    out.secrets = secrets.map((g: unknown) =>
      typeof g === 'string' ? { source: g } : ordered(KEY_ORDER.grant, g as Record<string, unknown>),
    );
  return out;
}

/** JSON prints an unset command as null (compose cannot omit it there); YAML leaves it out. */
export function commandJson(command: string[] | null, format: ComposeFormat): Json | undefined {
  if (command === null) return format === 'json' ? null : undefined;
  return command.length === 0 && format === 'yaml' ? [] : command;
}

export function deployJson(s: Service, format: ComposeFormat): JsonObject | undefined {
  const d = s.written.deploy;
  if (!d) return undefined;
  const resource = (
    r: { cpus?: number; memory?: number; pids?: number; devices?: DeviceRequest[] } | undefined,
  ): JsonObject | undefined =>
    r
      ? ordered(KEY_ORDER.resource, {
          cpus: r.cpus,
          memory: r.memory === undefined ? undefined : String(r.memory),
          pids: r.pids,
          devices: r.devices?.map(requestJson),
        })
      : undefined;
  return ordered(KEY_ORDER.deploy, {
    replicas: d.replicas,
    resources: emptyStruct(
      ordered(['limits', 'reservations'], {
        limits: resource(d.resources.limits),
        reservations: resource(d.resources.reservations),
      }),
      format,
    ),
    restart_policy: d.restartPolicy
      ? ordered(KEY_ORDER.restartPolicy, {
          condition: d.restartPolicy.condition,
          max_attempts: d.restartPolicy.maxAttempts,
        })
      : undefined,
    placement: emptyStruct({}, format),
  });
}

export function hookJson(h: LifecycleHook): JsonObject {
  return ordered(KEY_ORDER.hook, {
    command: h.command,
    user: h.user,
    privileged: h.privileged,
    working_dir: h.workingDir,
    environment: hookEnvironment(h.environment),
  });
}

/** A hook's variables as compose prints them: a map, a bare KEY as null. */
export function hookEnvironment(list: readonly string[]): Record<string, string | null> | undefined {
  const map = Object.fromEntries(
    list.map((item) => {
      const at = item.indexOf('=');
      return at < 0 ? [item, null] : [item.slice(0, at), item.slice(at + 1)];
    }),
  );
  return nonEmpty(sorted(map));
}

/** As compose v5 prints a pre_start hook: its command always in JSON (null when the image's runs). */
export function preStartJson(h: PreStartHook, format: ComposeFormat): JsonObject {
  return ordered(KEY_ORDER.hook, {
    command: h.command ?? (format === 'json' ? null : undefined),
    image: h.image,
    user: h.user,
    privileged: h.privileged || undefined,
    working_dir: h.workingDir,
    environment: hookEnvironment(h.environment),
    per_replica: h.perReplica || undefined,
  });
}

export function watchJson(w: WatchRule, format: ComposeFormat): JsonObject {
  const extensions = format === 'yaml' && w.extensions ? (deepSorted(w.extensions as JsonObject) as JsonObject) : {};
  return ordered([...KEY_ORDER.watch, ...Object.keys(extensions)], {
    ...extensions,
    path: w.path,
    action: w.action,
    target: w.target,
    // A rule's exec is a structure to compose, printed (empty) in JSON even when not set.
    exec: w.exec ? hookJson(w.exec) : format === 'json' ? { command: null } : undefined,
    include: w.include.length > 0 ? w.include : undefined,
    ignore: w.ignore.length > 0 ? w.ignore : undefined,
    initial_sync: w.initialSync || undefined,
  });
}

export function grantJson(g: FileGrant): JsonObject {
  return ordered(KEY_ORDER.grant, {
    source: g.source,
    target: g.defaultTarget ? undefined : (g.writtenTarget ?? g.target),
    uid: g.uid === undefined ? undefined : String(g.uid),
    gid: g.gid === undefined ? undefined : String(g.gid),
    mode: g.mode,
  });
}

export function healthcheckJson(h: Healthcheck): JsonObject {
  const d = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatDuration(ms));
  return ordered(KEY_ORDER.healthcheck, {
    test: h.test,
    timeout: d(h.timeout),
    interval: d(h.interval),
    retries: h.retries,
    start_period: d(h.startPeriod),
    start_interval: d(h.startInterval),
    disable: h.disable || undefined,
  });
}

export function portJson(p: PortMapping): JsonObject {
  return ordered(KEY_ORDER.port, {
    name: p.name,
    mode: p.mode,
    host_ip: p.hostIp,
    target: p.target,
    published: p.published,
    protocol: p.protocol,
    app_protocol: p.appProtocol,
  });
}

export function volumeJson(v: VolumeMount): JsonObject {
  return ordered(KEY_ORDER.volume, {
    type: v.type,
    source: v.source,
    target: v.target,
    read_only: v.readOnly || undefined,
    bind: v.bind
      ? nonEmpty(
          ordered(KEY_ORDER.bind, {
            selinux: v.bind.selinux,
            propagation: v.bind.propagation,
            create_host_path: v.bind.createHostPath || undefined,
          }),
        )
      : undefined,
    volume: v.volume
      ? ordered(KEY_ORDER.volumeOptions, { nocopy: v.volume.nocopy, subpath: v.volume.subpath })
      : undefined,
    tmpfs: v.tmpfs
      ? ordered(KEY_ORDER.tmpfs, {
          size: v.tmpfs.size === undefined ? undefined : String(v.tmpfs.size),
          mode: v.tmpfs.mode,
        })
      : undefined,
  });
}
