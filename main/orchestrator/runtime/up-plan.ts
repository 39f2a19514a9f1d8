import type { Service } from '../compose/model';
import { refreshInterval } from '../compose/service-modes';
import type { ContainerInfo } from '../driver';
import { describeError } from '../errors';
import { requiredServices, startLevels } from '../graph';
import type { UpOptions } from './up-options';
import type { ImageFetcher } from './image-fetch';
import { Label } from './labels';
import { readEngine } from './reconcile';
import { planResources } from './resources';
import type { RunContext } from './run-context';

/** The up flags the plan reads. */
export type PlanOptions = Pick<UpOptions, 'noDeps' | 'recreate' | 'build' | 'pull'>;

/** One thing an up would do, and why. */
export interface PlanStep {
  kind: 'network' | 'volume' | 'image' | 'container' | 'provider';
  /** keep: left as it is; missing and refused: the up would stop there. */
  action: 'create' | 'recreate' | 'start' | 'keep' | 'remove' | 'pull' | 'build' | 'run' | 'missing' | 'refused';
  /** The resource's name on the engine (container, network, volume, image). */
  name: string;
  service?: string;
  why: string;
}

export interface UpPlan {
  project: string;
  steps: PlanStep[];
}

/** The services an up works on: the targets and what they need, or (no-deps) the targets alone; none: all. */
export function wantedServices(ctx: RunContext, targets: readonly string[], options: PlanOptions): string[] {
  if (targets.length === 0) return [...ctx.graph.nodes];
  return options.noDeps ? [...targets] : requiredServices(ctx.graph, targets);
}

/**
 * Whether an up fetches the image of a service whose container exists: `--pull always`, `--build`,
 * pull_policy always, build, or a refresh interval. A container made from another image is then outdated.
 */
export function refetchesImage(service: Service, options: PlanOptions): boolean {
  const policy = service.pullPolicy;
  return (
    options.pull === 'always' ||
    (service.build !== undefined &&
      (options.build === 'always' || (policy === 'build' && options.build !== 'never'))) ||
    (policy === 'always' && !options.pull) ||
    (refreshInterval(service) !== undefined && !options.pull)
  );
}

/**
 * Observe, then plan: what an up with these flags would do to the engine, read from it and changing
 * nothing. Networks and volumes first, then each service in start order: its surplus replicas
 * removed, its image pulled or built, each replica's container made, made anew, started or kept.
 */
export async function planUp(
  ctx: RunContext,
  images: ImageFetcher,
  targets: readonly string[],
  options: PlanOptions,
  outdated: (unit: string, info: ContainerInfo) => boolean,
): Promise<UpPlan> {
  await readEngine(ctx);
  const wanted = wantedServices(ctx, targets, options);
  const steps: PlanStep[] = (await planResources(ctx, wanted)).map((r) => ({
    kind: r.kind,
    action: r.action,
    name: r.name,
    why: r.why,
  }));
  const imaged = new Set<string>();
  const over = { ...(options.build ? { build: options.build } : {}), ...(options.pull ? { pull: options.pull } : {}) };
  for (const name of startLevels(ctx.graph, new Set(wanted)).flat()) {
    const service = ctx.service(name);
    if (service.provider) {
      steps.push({
        kind: 'provider',
        action: 'run',
        name,
        service: name,
        why: `run by its ${service.provider.type} provider`,
      });
      continue;
    }
    const surplus = [...(ctx.surplus.get(name) ?? [])].sort(
      (a, b) => Number(b.labels[Label.containerNumber]) - Number(a.labels[Label.containerNumber]),
    );
    for (const info of surplus)
      steps.push({
        kind: 'container',
        action: 'remove',
        name: info.name,
        service: name,
        why: `scaled to ${ctx.units(name).length}`,
      });
    for (const unit of ctx.units(name)) {
      const spec = ctx.spec(unit);
      const info = ctx.containers.get(unit);
      const stale = info !== undefined && outdated(unit, info);
      if ((!info || stale || refetchesImage(service, options)) && !imaged.has(spec.image)) {
        imaged.add(spec.image);
        try {
          const image = await images.decide(service, spec, over);
          if (image) steps.push({ kind: 'image', action: image.how, name: spec.image, service: name, why: image.why });
        } catch (err) {
          steps.push({ kind: 'image', action: 'refused', name: spec.image, service: name, why: describeError(err) });
        }
      }
      steps.push(containerStep(name, spec.name, info, stale, options));
    }
  }
  return { project: ctx.stack.name, steps };
}

/** The plan's words for each action, in the order a summary counts them. */
const SUMMARY: readonly [PlanStep['action'], string][] = [
  ['create', 'to create'],
  ['recreate', 'to recreate'],
  ['start', 'to start'],
  ['pull', 'to pull'],
  ['build', 'to build'],
  ['run', 'to run'],
  ['remove', 'to remove'],
  ['keep', 'kept'],
];

/** "2 to create, 1 to recreate, 3 kept": what a plan comes to, in one line. */
export function planSummary(steps: readonly PlanStep[]): string {
  const counts = SUMMARY.flatMap(([action, words]) => {
    const n = steps.filter((s) => s.action === action).length;
    return n > 0 ? [`${n} ${words}`] : [];
  });
  return counts.length > 0 ? counts.join(', ') : 'nothing to do';
}

/**
 * What an up does with one replica's container: create it, make it anew (outdated), start it or keep
 * it. The plan says it; bring-up does what it says (bring-up.ts, prepareContainer).
 */
export function containerStep(
  service: string,
  name: string,
  info: ContainerInfo | undefined,
  stale: boolean,
  options: PlanOptions,
): PlanStep {
  const step = { kind: 'container', name, service } as const;
  if (!info) return { ...step, action: 'create', why: 'no container yet' };
  if (stale)
    return {
      ...step,
      action: 'recreate',
      why: options.recreate === 'force' ? '--force-recreate' : 'its definition changed since it was made',
    };
  if (info.state === 'running' || info.state === 'restarting')
    return { ...step, action: 'keep', why: 'running, up to date' };
  return {
    ...step,
    action: 'start',
    why: `${info.state === 'exited' ? `exited${info.exitCode !== undefined ? ` (${info.exitCode})` : ''}` : info.state}, up to date`,
  };
}
