import type { Service, Stack } from '../compose/model';
import type { ContainerSpec, FileCopy, HealthcheckSpec, MountSpec, NetworkAttachment } from '../driver';
import { COMPOSE_VERSION, Label, configHash, containerName } from './labels';
import { composeServiceHash } from '../compose/compose-hash';

/** Default image name for a service built from source, as compose names it. */
export function imageName(stack: Stack, service: Service): string {
  return service.image ?? `${stack.name}-${service.name}`;
}

function healthcheck(service: Service): ContainerSpec['healthcheck'] {
  const hc = service.healthcheck;
  if (!hc) return undefined;
  if (hc.disable) return 'disabled';
  if (!hc.test) return undefined;
  const spec: HealthcheckSpec = { test: hc.test };
  if (hc.interval !== undefined) spec.intervalMs = hc.interval;
  if (hc.timeout !== undefined) spec.timeoutMs = hc.timeout;
  if (hc.retries !== undefined) spec.retries = hc.retries;
  if (hc.startPeriod !== undefined) spec.startPeriodMs = hc.startPeriod;
  if (hc.startInterval !== undefined) spec.startIntervalMs = hc.startInterval;
  return spec;
}

function restartPolicy(service: Service): ContainerSpec['restartPolicy'] {
  const r = service.restart;
  if (!r) return undefined;
  if (r.startsWith('on-failure')) {
    const max = r.split(':')[1];
    return { name: 'on-failure', ...(max ? { maxRetries: Number(max) } : {}) };
  }
  return { name: r as 'no' | 'always' | 'unless-stopped' };
}

/** Secrets and configs from a file, as compose mounts them: the host file, read-only, at the target. */
function grantMounts(stack: Stack, service: Service): MountSpec[] {
  return (['secrets', 'configs'] as const).flatMap((kind) =>
    service[kind].flatMap((g) => {
      const file = stack[kind][g.source]?.file;
      return file && g.content === undefined
        ? [{ type: 'bind' as const, source: file, target: g.target, readOnly: true }]
        : [];
    }),
  );
}

/** Secrets and configs written into the container: inline, from a variable, or a file given an owner or mode. */
function grantFiles(stack: Stack, service: Service): FileCopy[] {
  return (['secrets', 'configs'] as const).flatMap((kind) =>
    service[kind].flatMap((g) => {
      const content = g.content ?? (stack[kind][g.source]?.file ? undefined : stack[kind][g.source]?.content);
      return content === undefined
        ? []
        : [{ path: g.target, content, mode: g.mode ?? 0o444, uid: g.uid ?? 0, gid: g.gid ?? 0 }];
    }),
  );
}

function mounts(stack: Stack, service: Service): MountSpec[] {
  return service.volumes.map((v) => {
    const source = v.type === 'volume' && v.source ? (stack.volumes[v.source]?.name ?? v.source) : v.source;
    return {
      type: v.type,
      ...(source !== undefined ? { source } : {}),
      target: v.target,
      readOnly: v.readOnly,
      ...(v.bind ? { createHostPath: v.bind.createHostPath } : {}),
      ...(v.volume?.nocopy ? { noCopy: true } : {}),
      ...(v.volume?.subpath ? { subpath: v.volume.subpath } : {}),
      ...(v.bind?.propagation ? { propagation: v.bind.propagation } : {}),
      ...(v.bind?.selinux ? { selinux: v.bind.selinux } : {}),
      ...(v.tmpfs?.size !== undefined ? { tmpfsSize: v.tmpfs.size } : {}),
      ...(v.tmpfs?.mode !== undefined ? { tmpfsMode: v.tmpfs.mode } : {}),
    };
  });
}

/** `service:NAME` is, to the engine, the network stack of NAME's first container. */
function engineNetworkMode(stack: Stack, mode: string): string {
  const shared = /^service:(.+)$/.exec(mode)?.[1];
  if (!shared) return mode;
  return `container:${containerName(stack.name, shared, stack.services[shared]?.containerName)}`;
}

/** `ipc: service:NAME` and `pid: service:NAME` share NAME's first container's namespace, as compose makes them. */
function engineNamespaces(stack: Stack, settings: Service['settings']): Service['settings'] {
  const ipc = settings.ipc?.startsWith('service:') ? engineNetworkMode(stack, settings.ipc) : settings.ipc;
  const pid = settings.pid?.startsWith('service:') ? engineNetworkMode(stack, settings.pid) : settings.pid;
  return ipc === settings.ipc && pid === settings.pid
    ? settings
    : { ...settings, ...(ipc !== undefined ? { ipc } : {}), ...(pid !== undefined ? { pid } : {}) };
}

/**
 * What to ask the engine for: names, labels and settings as `docker compose` v2 would create them,
 * plus a hash of the whole spec so a changed service shows as outdated.
 */
export function containerSpec(stack: Stack, service: Service, replica = 1): ContainerSpec {
  const one = replicaOneSpec(stack, service);
  if (replica === 1) return one;
  // Replica n differs from replica 1 only in its name, its alias and its number: the config hash is
  // the service's, the same for every replica (as compose's is), so drift is judged per service.
  const first = one.name;
  const name = containerName(stack.name, service.name, undefined, replica);
  return {
    ...one,
    name,
    networks: one.networks.map((n) => ({ ...n, aliases: n.aliases.map((a) => (a === first ? name : a)) })),
    labels: { ...one.labels, [Label.containerNumber]: String(replica) },
  };
}

function replicaOneSpec(stack: Stack, service: Service): ContainerSpec {
  const name = containerName(stack.name, service.name, service.containerName);
  const health = healthcheck(service);
  const restart = restartPolicy(service);
  const files = grantFiles(stack, service);
  const spec: ContainerSpec = {
    name,
    image: imageName(stack, service),
    ...(service.platform ? { platform: service.platform } : {}),
    ...(service.useApiSocket ? { apiSocket: true } : {}),
    command: service.command,
    entrypoint: service.entrypoint,
    // A variable passed through but unset in the shell goes as a bare name: the engine then unsets
    // it, the image's own value included, as compose has it.
    env: Object.entries(service.environment).map(([k, v]) => (v === null ? k : `${k}=${v}`)),
    labels: { ...service.labels },
    ...(service.hostname ? { hostname: service.hostname } : {}),
    ...(service.user ? { user: service.user } : {}),
    ...(service.workingDir ? { workingDir: service.workingDir } : {}),
    ...(service.init !== undefined ? { init: service.init } : {}),
    exposedPorts: service.expose,
    ports: service.ports.map((p) => ({
      containerPort: p.target,
      protocol: p.protocol,
      ...(p.hostIp ? { hostIp: p.hostIp } : {}),
      ...(p.published ? { hostPort: p.published } : {}),
    })),
    mounts: [...mounts(stack, service), ...grantMounts(stack, service)],
    tmpfs: service.tmpfs,
    networks: networkAttachments(stack, service, name),
    ...(health ? { healthcheck: health } : {}),
    ...(restart ? { restartPolicy: restart } : {}),
    ...(service.stopSignal ? { stopSignal: service.stopSignal } : {}),
    ...(service.stopGracePeriod !== undefined ? { stopTimeoutSeconds: Math.ceil(service.stopGracePeriod / 1000) } : {}),
    extraHosts: service.extraHosts.map((h) => h.replace('=', ':')),
    // Only when set: a spec without settings hashes as it did before they were read.
    ...(Object.keys(service.settings).length > 0 ? { settings: engineNamespaces(stack, service.settings) } : {}),
    ...(service.networkMode ? { networkMode: engineNetworkMode(stack, service.networkMode) } : {}),
    ...(files.length > 0 ? { files } : {}),
    ...(service.volumesFrom.length > 0
      ? {
          volumesFrom: service.volumesFrom.map(
            (v) =>
              `${v.container ?? containerName(stack.name, v.service ?? '', stack.services[v.service ?? '']?.containerName)}:${v.readOnly ? 'ro' : 'rw'}`,
          ),
        }
      : {}),
    ...(service.links.length + service.externalLinks.length > 0
      ? {
          links: [
            ...service.links.map(
              (l) => `${containerName(stack.name, l.service, stack.services[l.service]?.containerName)}:${l.alias}`,
            ),
            ...service.externalLinks.map((l) => `${l.container}:${l.alias}`),
          ],
        }
      : {}),
  };
  const hash = configHash(spec);
  spec.labels = {
    ...spec.labels,
    [Label.project]: stack.name,
    [Label.service]: service.name,
    [Label.containerNumber]: '1',
    [Label.oneoff]: 'False',
    // Compose's own hash of the service, as its up computes it: docker compose up then finds the
    // container up to date and leaves it running. Stackpilot judges drift by its own hash below.
    [Label.configHash]: composeServiceHash(service, { projectDir: stack.projectDir, homeDir: '' }, 'up'),
    [Label.stackpilotHash]: hash,
    [Label.version]: COMPOSE_VERSION,
    ...(stack.envFiles.length > 0 ? { [Label.environmentFile]: stack.envFiles.join(',') } : {}),
    [Label.configFiles]: stack.files.join(','),
    [Label.workingDir]: stack.projectDir,
    [Label.dependsOn]: Object.entries(service.dependsOn)
      .map(([dep, d]) => `${dep}:${d.condition}:${d.restart}`)
      .join(','),
  };
  return spec;
}

/**
 * Whether a container can only be made once its dependencies are up: it names their containers
 * (volumes_from, links, a shared network stack), which the engine needs to exist, or a provider it
 * depends on gives it variables.
 */
export function madeAfterDependencies(stack: Stack, service: Service, spec: ContainerSpec): boolean {
  const namesOthers =
    (spec.networkMode?.startsWith('container:') ?? false) ||
    (spec.volumesFrom?.length ?? 0) > 0 ||
    (spec.links?.length ?? 0) > 0;
  return namesOthers || Object.keys(service.dependsOn).some((d) => stack.services[d]?.provider);
}

/** The hash a container was created with by Stackpilot, or undefined when something else created it. */
export function stackpilotHashOf(labels: Record<string, string>): string | undefined {
  return labels[Label.stackpilotHash];
}

/**
 * The service's networks as compose joins them: by `priority`, highest first, then by name; an
 * `interface_name` goes as the endpoint driver option the engine reads it from.
 */
function networkAttachments(stack: Stack, service: Service, containerName: string): NetworkAttachment[] {
  const byPriority = Object.entries(service.networks).sort(
    ([a, na], [b, nb]) => (nb?.priority ?? 0) - (na?.priority ?? 0) || a.localeCompare(b),
  );
  return byPriority.map(([key, n]) => {
    const driverOpts = {
      ...n?.driverOpts,
      ...(n?.interfaceName ? { 'com.docker.network.endpoint.ifname': n.interfaceName } : {}),
    };
    return {
      name: stack.networks[key]?.name ?? key,
      aliases: [service.name, containerName, ...(n?.aliases ?? [])],
      ...(n?.ipv4Address ? { ipv4Address: n.ipv4Address } : {}),
      ...(n?.ipv6Address ? { ipv6Address: n.ipv6Address } : {}),
      ...(n?.linkLocalIps?.length ? { linkLocalIps: n.linkLocalIps } : {}),
      ...(n?.macAddress ? { macAddress: n.macAddress } : {}),
      ...(n?.gwPriority !== undefined ? { gwPriority: n.gwPriority } : {}),
      ...(Object.keys(driverOpts).length > 0 ? { driverOpts } : {}),
    };
  });
}
