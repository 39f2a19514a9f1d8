import { planSummary } from '../orchestrator/runtime/up-plan';
import type { ContainerDriver } from '../orchestrator/driver';
import { VolumeChanged } from '../orchestrator/runtime/resources';
import type { UpResult } from '../orchestrator/runtime/orchestrator';
import type { ActionResult, UpRequest, PlanView, WatchStateView } from '../../preload/contract';
import { NoStackOpen } from '../session/errors';
import { StackRuntimeBase } from './stack-runtime-base';

/** Connects to an engine: a docker context by name, or (none) the one docker would use. */
export type DriverFactory = (context?: string) => Promise<ContainerDriver>;

/**
 * The running side of the open stack for the window: what its buttons do (Up, Down, Restart, a
 * service's Start, Stop, Restart, Scale, Reset, Plan), each with its result in words and the same
 * from a terminal. The connection, events and views are StackRuntimeBase's (stack-runtime-base.ts).
 */
export class StackRuntime extends StackRuntimeBase {
  private static summary(result: UpResult, what: string): { ok: boolean; message: string } {
    const warned = result.warnings.length > 0 ? ` — ${result.warnings.map((w) => w.message).join('; ')}` : '';
    if (result.ok) return { ok: true, message: `${what}: ready${warned}` };
    if (result.aborted) return { ok: false, message: `${what}: interrupted` };
    return { ok: false, message: `${what}: ${result.problems.map((p) => `${p.service} ${p.status} (${p.reason})`).join('; ')}${warned}` };
  }

  /** A volume whose definition changed is made anew only when asked (`recreateChangedVolumes`); else the result asks. */
  async up(request?: UpRequest): Promise<ActionResult> {
    const yes = request?.recreateChangedVolumes === true;
    const commands = yes ? this.cli('up -y', 'up -d --wait -y') : this.cli('up', 'up -d --wait');
    try {
      return { ...StackRuntime.summary(await this.recorded('up', [], (runner) => runner.up([], undefined, {}, yes ? { confirm: () => Promise.resolve(true) } : {})), 'up'), ...commands };
    } catch (err) {
      return this.askAboutVolume(err, 'up');
    }
  }

  /** A changed volume stopped the action: the question for the window, whose yes is an Up that recreates it. */
  private askAboutVolume(err: unknown, what: string): ActionResult {
    if (!(err instanceof VolumeChanged)) throw err;
    return {
      ok: false,
      message: `${what}: ${err.message}; nothing was started`,
      confirm: { question: `Recreate volume "${err.volume}"? Its data will be lost.`, answer: `Recreate ${err.volume} (its data is lost) and Up` },
      // What the button does, from a terminal.
      ...this.cli('up -y', 'up -d --wait -y'),
    };
  }

  async down(): Promise<ActionResult> {
    const runner = await this.ensureRunner();
    // The window's Down takes the whole project away, the containers of services since removed too.
    const removed = await runner.down({ removeOrphans: true });
    return { ok: true, message: removed.length > 0 ? `removed ${removed.length} containers and networks` : 'nothing to remove', ...this.cli('down', 'down --remove-orphans') };
  }

  /** Makes anew what the edited files changed, and nothing else (`up --no-deps` of the outdated services). */
  async recreateOutdated(): Promise<ActionResult> {
    const runner = await this.ensureRunner();
    const outdated = runner
      .snapshot()
      .filter((s) => s.outdated)
      .map((s) => s.name);
    if (outdated.length === 0) return { ok: true, message: 'nothing is outdated', ...this.cli('up --no-deps', 'up -d --wait --no-deps') };
    const commands = this.cli(`up --no-deps ${outdated.join(' ')}`, `up -d --wait --no-deps ${outdated.join(' ')}`);
    const result = await this.recorded('up', outdated, (r) => r.up(outdated, undefined, {}, { noDeps: true })).catch((err: unknown) => this.askAboutVolume(err, `recreate ${outdated.join(', ')}`));
    if (!('problems' in result)) return result;
    return { ...StackRuntime.summary(result, `recreate ${outdated.join(', ')}`), ...commands };
  }

  /** Starts or stops the watch (develop.watch) on the running stack. */
  async setWatch(on: boolean): Promise<WatchStateView> {
    if (!on) return this.watch.stop();
    const runner = await this.ensureRunner();
    if (!this.stack) throw new NoStackOpen('no stack is loaded to watch');
    return this.watch.start(this.stack, runner);
  }

  /** Restarts the whole stack: every service stopped (dependents first), then brought up in order. */
  async restartAll(): Promise<ActionResult> {
    const result = await this.recorded('restart', [], async (runner) => {
      await runner.stop();
      return runner.up();
    });
    return { ...StackRuntime.summary(result, 'restart all'), ...this.cli(['stop', 'up'], ['stop', 'up -d --wait']) };
  }

  /** What Up would do now, and why: read from the engine, nothing changed. */
  async plan(): Promise<PlanView> {
    const runner = await this.ensureRunner();
    const plan = await runner.plan();
    return { ...plan, summary: planSummary(plan.steps), ...this.cli('up --dry-run', '--dry-run up') };
  }

  /** Pulls and builds the images the stack lacks, starting nothing; progress shows on the services. */
  async fetchImages(): Promise<ActionResult> {
    const runner = await this.ensureRunner();
    const results = await runner.fetchImages();
    const failed = results.filter((r) => r.error);
    const images = [...new Set(results.map((r) => r.image))];
    if (results.length === 0) return { ok: true, message: 'every image is already present', cli: '' };
    if (failed.length === 0) return { ok: true, message: `fetched ${images.join(', ')}`, cli: '' };
    return { ok: false, message: [...new Set(failed.map((f) => `${f.image}: ${f.error ?? ''}`))].join('; '), cli: '' };
  }

  /** Stops every service, keeping the containers (what "stop the stack" means when the app quits). */
  async stopAll(): Promise<void> {
    if (!this.runner) return;
    await this.runner.stop();
  }

  async start(name: string): Promise<ActionResult> {
    this.checkService(name);
    return { ...StackRuntime.summary(await this.recorded('start', [name], (runner) => runner.up([name])), `start ${name}`), ...this.cli(`up ${name}`, `up -d --wait ${name}`) };
  }

  async stop(name: string): Promise<ActionResult> {
    this.checkService(name);
    const runner = await this.ensureRunner();
    await runner.stop([name]);
    return { ok: true, message: `${name} stopped`, ...this.cli(`stop ${name}`, `stop ${name}`) };
  }

  async restart(name: string): Promise<ActionResult> {
    this.checkService(name);
    const result = await this.recorded('restart', [name], (runner) => runner.restart(name));
    return { ...StackRuntime.summary(result, `restart ${name}`), ...this.cli(`restart ${name}`, `restart ${name}`) };
  }

  async scale(name: string, replicas: number): Promise<ActionResult> {
    this.checkService(name);
    const runner = await this.ensureRunner();
    return {
      ...StackRuntime.summary(await runner.scale(name, replicas), `scale ${name}=${replicas}`),
      ...this.cli(`up --scale ${name}=${replicas} ${name}`, `up -d --wait --scale ${name}=${replicas} ${name}`),
    };
  }

  async resetCircuit(name: string): Promise<ActionResult> {
    this.checkService(name);
    const runner = await this.ensureRunner();
    return { ...StackRuntime.summary(await runner.resetCircuit(name), `reset ${name}`), ...this.cli(`up ${name}`, `up -d --wait ${name}`) };
  }
}
