import { composeNetworkHash, composeVolumeHash } from '../compose/compose-hash';
import type { Stack } from '../compose/model';
import type { ContainerDriver, NetworkSpec, VolumeSpec } from '../driver';
import { EngineError, ExternalResourceMissing } from '../errors';
import { removeStopped } from './container-ops';
import { COMPOSE_VERSION, Label } from './labels';
import { readEngine } from './reconcile';
import { serviceOf } from './replicas';
import type { RunContext } from './run-context';
import { stopInOrder } from './shutdown';

/**
 * Asked before a volume is made anew (its data is lost): yes or no. Without one (a window or a
 * script that cannot be asked), a changed volume stops the up with VolumeChanged.
 */
export type Confirm = (question: string) => Promise<boolean>;

/** A named volume whose definition changed, with nobody to ask whether to drop its data. */
export class VolumeChanged extends EngineError {
  override name = 'VolumeChanged';
  constructor(readonly volume: string) {
    super(
      'config-refused',
      `volume "${volume}" exists but doesn't match configuration in compose file`,
      `pass -y to recreate it (its data will be lost), or remove it yourself (docker volume rm ${volume}) and run up again`,
    );
  }
}

export function networkSpec(stack: Stack, key: string): NetworkSpec | undefined {
  const net = stack.networks[key];
  if (!net) return undefined;
  return {
    name: net.name,
    labels: {
      ...net.labels,
      [Label.project]: stack.name,
      [Label.network]: key,
      [Label.version]: COMPOSE_VERSION,
      [Label.configHash]: composeNetworkHash(net),
    },
    ...(net.driver ? { driver: net.driver } : {}),
    driverOpts: net.driverOpts,
    internal: net.internal,
    attachable: net.attachable,
    ...(net.ipam ? { ipam: net.ipam } : {}),
    ...(net.enableIpv4 !== undefined ? { enableIpv4: net.enableIpv4 } : {}),
    ...(net.enableIpv6 !== undefined ? { enableIpv6: net.enableIpv6 } : {}),
  };
}

export function volumeSpec(stack: Stack, key: string): VolumeSpec | undefined {
  const vol = stack.volumes[key];
  if (!vol) return undefined;
  return {
    name: vol.name,
    labels: {
      ...vol.labels,
      [Label.project]: stack.name,
      [Label.volume]: key,
      [Label.version]: COMPOSE_VERSION,
      [Label.configHash]: composeVolumeHash(vol),
    },
    ...(vol.driver ? { driver: vol.driver } : {}),
    driverOpts: vol.driverOpts,
  };
}

/** One network or named volume an up makes, makes anew, or cannot go on without. */
export interface ResourceStep {
  kind: 'network' | 'volume';
  /** Its key in the compose file. */
  key: string;
  /** Its name on the engine. */
  name: string;
  /** missing: external, and not on the engine (the up stops with ExternalResourceMissing). */
  action: 'create' | 'recreate' | 'missing';
  why: string;
}

/**
 * What an up does to the networks and named volumes these services use, read from the engine: each
 * one not there is made as compose names and labels it (with its config hash); one there with a
 * different hash was made from another definition and is made anew; one without a hash (made by an
 * older compose, or by hand) is left as it is.
 */
export async function planResources(ctx: RunContext, services: readonly string[]): Promise<ResourceStep[]> {
  const { driver, stack } = ctx;
  const used = services.map((n) => ctx.service(n));
  const project = { [Label.project]: stack.name };
  const steps: ResourceStep[] = [];
  const networkKeys = [...new Set(used.flatMap((s) => Object.keys(s.networks)))];
  const liveNetworks = new Map((await driver.listNetworks(project)).map((n) => [n.name, n.labels]));
  for (const key of networkKeys) {
    const spec = networkSpec(stack, key);
    if (!spec) continue;
    const live = liveNetworks.get(spec.name);
    if (stack.networks[key]?.external) {
      if (!live && !(await driver.networkExists(spec.name)))
        steps.push({
          kind: 'network',
          key,
          name: spec.name,
          action: 'missing',
          why: 'external, and not on the engine',
        });
    } else if (!live) {
      if (!(await driver.networkExists(spec.name)))
        steps.push({ kind: 'network', key, name: spec.name, action: 'create', why: 'not on the engine' });
    } else if (diverged(live, spec.labels))
      steps.push({
        kind: 'network',
        key,
        name: spec.name,
        action: 'recreate',
        why: 'its definition changed: its containers are moved to the new one',
      });
  }
  const volumeKeys = [
    ...new Set(
      used.flatMap((s) => s.volumes.filter((v) => v.type === 'volume' && v.source).map((v) => v.source as string)),
    ),
  ];
  const liveVolumes = new Map((await driver.listVolumes(project)).map((v) => [v.name, v.labels]));
  for (const key of volumeKeys) {
    const spec = volumeSpec(stack, key);
    if (!spec) continue;
    const live = liveVolumes.get(spec.name);
    if (stack.volumes[key]?.external) {
      if (!live && !(await driver.volumeExists(spec.name)))
        steps.push({ kind: 'volume', key, name: spec.name, action: 'missing', why: 'external, and not on the engine' });
    } else if (!live) {
      if (!(await driver.volumeExists(spec.name)))
        steps.push({ kind: 'volume', key, name: spec.name, action: 'create', why: 'not on the engine' });
    } else if (diverged(live, spec.labels))
      steps.push({
        kind: 'volume',
        key,
        name: spec.name,
        action: 'recreate',
        why: 'its definition changed: made anew only when confirmed (its data is lost)',
      });
  }
  return steps;
}

/**
 * Makes what planResources finds missing or changed, as docker compose does: a changed network at
 * once, its containers stopped, moved over and kept; a changed volume only once `confirm` says yes,
 * its containers removed (they are made again).
 */
export async function ensureResources(ctx: RunContext, services: readonly string[], confirm?: Confirm): Promise<void> {
  const { driver, stack } = ctx;
  for (const step of await planResources(ctx, services)) {
    if (step.action === 'missing') throw new ExternalResourceMissing(step.kind, step.name);
    if (step.kind === 'network') {
      const spec = networkSpec(stack, step.key);
      if (!spec) continue;
      if (step.action === 'create') await driver.createNetwork(spec);
      else await recreateNetwork(ctx, step.key, spec, services);
      continue;
    }
    const spec = volumeSpec(stack, step.key);
    if (!spec) continue;
    if (step.action === 'create') await driver.createVolume(spec);
    else {
      if (!confirm) throw new VolumeChanged(spec.name);
      // compose's question, word for word: people search for it.
      if (
        await confirm(
          `Volume "${spec.name}" exists but doesn't match configuration in compose file. Recreate (data will be lost)?`,
        )
      )
        await recreateVolume(ctx, step.key, spec);
    }
  }
}

function diverged(live: Record<string, string>, wanted: Record<string, string>): boolean {
  const hash = live[Label.configHash];
  return hash !== undefined && hash !== '' && hash !== wanted[Label.configHash];
}

/** The project's units whose service uses the network or mounts the volume. */
function unitsUsing(ctx: RunContext, uses: (service: string) => boolean): string[] {
  return [...ctx.containers.keys()].filter(
    (unit) => ctx.stack.services[serviceOf(unit)] !== undefined && uses(serviceOf(unit)),
  );
}

/**
 * Stop, disconnect, remove, create, reconnect: the containers keep their identity (they are not
 * made anew). Those the up is not for and that were running are started again.
 */
async function recreateNetwork(
  ctx: RunContext,
  key: string,
  spec: NetworkSpec,
  upFor: readonly string[],
): Promise<void> {
  const { driver } = ctx;
  const units = unitsUsing(ctx, (s) => key in ctx.service(s).networks);
  const wasRunning = units.filter((u) => ctx.containers.get(u)?.state === 'running');
  await stopInOrder(ctx, [...new Set(units.map(serviceOf))], undefined, { restarting: true });
  for (const unit of units) {
    const id = ctx.containers.get(unit)?.id;
    if (id) await driver.disconnectNetwork(id, spec.name);
  }
  await driver.removeNetwork(spec.name);
  await driver.createNetwork(spec);
  for (const unit of units) {
    const id = ctx.containers.get(unit)?.id;
    const attachment = ctx.spec(unit).networks.find((n) => n.name === spec.name);
    if (id && attachment) await driver.connectNetwork(id, attachment);
  }
  for (const unit of wasRunning) {
    const id = ctx.containers.get(unit)?.id;
    if (id && !upFor.includes(serviceOf(unit))) await driver.startContainer(id);
  }
  await readEngine(ctx);
}

/** Stop and remove the containers that mount it (the engine refuses to remove a volume in use), then remove and create it. */
async function recreateVolume(ctx: RunContext, key: string, spec: VolumeSpec): Promise<void> {
  const services = [
    ...new Set(
      unitsUsing(ctx, (s) => ctx.service(s).volumes.some((v) => v.type === 'volume' && v.source === key)).map(
        serviceOf,
      ),
    ),
  ];
  if (services.length > 0) {
    await stopInOrder(ctx, services, undefined, { restarting: true });
    await removeStopped(ctx, services, {});
  }
  await ctx.driver.removeVolume(spec.name);
  await ctx.driver.createVolume(spec);
}

/**
 * Removes the project's own networks (never external ones), and its named volumes when asked.
 * `removedContainers`: the containers just removed, whose endpoints the engine may not have released.
 */
export async function removeResources(
  driver: ContainerDriver,
  stack: Stack,
  volumes: boolean,
  removedContainers: readonly string[] = [],
): Promise<string[]> {
  const removed: string[] = [];
  for (const net of Object.values(stack.networks)) {
    if (net.external || !(await driver.networkExists(net.name))) continue;
    await driver.removeNetwork(net.name, removedContainers);
    removed.push(`network ${net.name}`);
  }
  if (volumes) {
    for (const vol of Object.values(stack.volumes)) {
      if (vol.external || !(await driver.volumeExists(vol.name))) continue;
      await driver.removeVolume(vol.name);
      removed.push(`volume ${vol.name}`);
    }
  }
  return removed;
}
