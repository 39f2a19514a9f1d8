import type { PreStartHook, Service } from '../compose/model';
import type { ContainerSpec } from '../driver';
import { COMPOSE_VERSION, Label } from './labels';
import { HOOK_TIMEOUT_MS } from './hooks';
import type { HookFailure } from './hooks';
import { LAST_LINES, lastLines } from './run-context';
import type { RunContext } from './run-context';
import type { PreparedContainer } from './start-attempts';

/** A hook failed; `aborted`: the up was cancelled while one ran; undefined: all ran and exited 0. */
export type HookOutcome = HookFailure | 'aborted' | undefined;

/** Makes sure an image is on the engine (pulled if not), showing progress on the unit. */
export type EnsureImage = (unit: string, image: string, signal: AbortSignal) => Promise<void>;

/**
 * `pre_start` hooks, as compose v5.3 runs them: once per service in an up, and only when none of
 * its replicas runs (a first up, a recreate; not an unchanged up, not a scale-up), before the first
 * replica starts. Each hook is a throwaway container with that replica's volumes (`volumes_from`)
 * and the service's networks and variables; they run one after another, and the first that exits
 * non-zero fails the service, its container kept for `docker logs` as compose keeps it.
 */
export class PreStartHooks {
  /** This up's run of each service's hooks: every replica waits on the same one. */
  private readonly runs = new Map<string, Promise<HookOutcome>>();

  constructor(
    private readonly ctx: RunContext,
    private readonly ensureImage: EnsureImage,
  ) {}

  /**
   * Called by each replica about to start its (not running) container. `runsAsItIs` says whether
   * another replica runs and is kept as it is: then the service is already going and nothing runs.
   */
  before(
    unit: string,
    service: Service,
    containerId: string,
    runsAsItIs: (unit: string) => boolean,
    signal: AbortSignal,
  ): Promise<HookOutcome> {
    if (service.preStart.length === 0) return Promise.resolve(undefined);
    let run = this.runs.get(service.name);
    if (!run) {
      const going = this.ctx.units(service.name).some((u) => u !== unit && runsAsItIs(u));
      run = going ? Promise.resolve(undefined) : this.runAll(unit, service, containerId, signal);
      this.runs.set(service.name, run);
    }
    return run;
  }

  /**
   * Holds a replica's start until the service's hooks have run: undefined when it may start, else
   * how its part in the up ended (failed: made, not started, as compose leaves it).
   */
  async gate(
    unit: string,
    service: Service,
    container: PreparedContainer,
    runsAsItIs: (unit: string) => boolean,
    signal: AbortSignal,
  ): Promise<'failed' | 'aborted' | undefined> {
    if (container.info?.state === 'running') return undefined;
    const hook = await this.before(unit, service, container.id, runsAsItIs, signal);
    if (hook === 'aborted' || hook === undefined) return hook;
    this.ctx.book.apply(unit, {
      type: 'failed',
      why: hook,
      patch: { containerId: container.id, lastLines: hook.output.split('\n') },
    });
    return 'failed';
  }

  /** The next up decides afresh. */
  reset(): void {
    this.runs.clear();
  }

  private async runAll(unit: string, service: Service, containerId: string, signal: AbortSignal): Promise<HookOutcome> {
    const { ctx } = this;
    const hooks = service.preStart;
    // A hook container kept from an earlier failure would hold the name; it has served its purpose.
    const left = await ctx.driver.listContainers({
      [Label.project]: ctx.stack.name,
      [Label.service]: service.name,
      [Label.hook]: 'pre_start',
    });
    await Promise.all(
      left.map((c) => ctx.driver.removeContainer(c.id, { removeAnonymousVolumes: true }).catch(() => undefined)),
    );
    for (const [i, hook] of hooks.entries()) {
      const failed = await this.runOne(unit, hook, i, hooks.length, containerId, signal);
      if (failed) return failed;
    }
    return undefined;
  }

  private async runOne(
    unit: string,
    hook: PreStartHook,
    index: number,
    of: number,
    containerId: string,
    signal: AbortSignal,
  ): Promise<HookOutcome> {
    const { ctx } = this;
    const { driver, clock } = ctx;
    const spec = hookSpec(ctx, unit, hook, index, containerId);
    await this.ensureImage(unit, spec.image, signal);
    ctx.book.apply(unit, {
      type: 'starting',
      why: { code: 'pre-start', index: index + 1, of, command: describe(hook) },
    });
    const id = await driver.createContainer(spec);
    let exitCode: number;
    try {
      await driver.startContainer(id);
      const deadline = clock.sleep(HOOK_TIMEOUT_MS, signal).then(
        () => 'timeout' as const,
        () => 'aborted' as const,
      );
      const outcome = await Promise.race([driver.waitContainer(id), deadline]);
      if (outcome === 'aborted') {
        await driver.removeContainer(id, { removeAnonymousVolumes: true }).catch(() => undefined);
        return 'aborted';
      }
      exitCode = outcome === 'timeout' ? -1 : outcome;
    } catch (err) {
      await driver.removeContainer(id, { removeAnonymousVolumes: true }).catch(() => undefined);
      throw err;
    }
    if (exitCode === 0) {
      // Its last line goes in the service's timeline, so a step that passed says what it did.
      const said = (await lastLines(ctx, id).catch(() => [])).filter((l) => l.trim() !== '').pop();
      ctx.book.apply(unit, {
        type: 'starting',
        why: {
          code: 'pre-start-done',
          index: index + 1,
          of,
          command: describe(hook),
          ...(said !== undefined ? { output: said } : {}),
        },
      });
      await driver.removeContainer(id, { removeAnonymousVolumes: true }).catch(() => undefined);
      return undefined;
    }
    if (exitCode === -1) await driver.killContainer(id).catch(() => undefined);
    const output = (await lastLines(ctx, id)).slice(-LAST_LINES).join('\n');
    return failure(index, hook, exitCode, output, id.slice(0, 12));
  }
}

/** The hook's container: the service's networks and variables, the replica's volumes, labelled as compose labels it. */
export function hookSpec(
  ctx: RunContext,
  unit: string,
  hook: PreStartHook,
  index: number,
  containerId: string,
): ContainerSpec {
  const base = ctx.spec(unit);
  const service = base.labels[Label.service] ?? unit;
  return {
    name: `${ctx.stack.name}-${service}-pre_start-${index + 1}`,
    image: hook.image ?? base.image,
    ...(base.platform ? { platform: base.platform } : {}),
    command: hook.command ?? null,
    entrypoint: null,
    env: [...base.env, ...hook.environment],
    labels: {
      [Label.project]: ctx.stack.name,
      [Label.service]: service,
      [Label.version]: COMPOSE_VERSION,
      [Label.hook]: 'pre_start',
    },
    ...(hook.user ? { user: hook.user } : {}),
    ...(hook.workingDir ? { workingDir: hook.workingDir } : {}),
    exposedPorts: [],
    ports: [],
    mounts: [],
    tmpfs: [],
    // Under the service's names, as compose attaches it; not under the replica's container name.
    networks: base.networks.map((n) => ({ name: n.name, aliases: n.aliases.filter((a) => a !== base.name) })),
    ...(base.networkMode ? { networkMode: base.networkMode } : {}),
    extraHosts: base.extraHosts,
    ...(hook.privileged ? { settings: { privileged: true } } : {}),
    volumesFrom: [containerId],
  };
}

function describe(hook: PreStartHook): string {
  return hook.command?.join(' ') ?? `the image's command${hook.image ? ` (${hook.image})` : ''}`;
}

function failure(index: number, hook: PreStartHook, exitCode: number, output: string, container: string): HookFailure {
  return {
    code: 'hook-failed',
    hook: 'pre_start',
    index: index + 1,
    command: describe(hook),
    exitCode,
    output,
    container,
  };
}
