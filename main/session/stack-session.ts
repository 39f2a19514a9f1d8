import { planSummary } from '../orchestrator/runtime/up-plan';
import type { ContainerDriver } from '../orchestrator/driver';
import { VolumeChanged } from '../orchestrator/runtime/resources';
import type { UpPlan } from '../orchestrator/runtime/up-plan';
import type { UpResult } from '../orchestrator/runtime/orchestrator';
import { NoStackOpen } from './errors';
import type { Equivalents } from './equivalent-commands';
import { StackSessionBase } from './stack-session-base';
import type { WatchState } from './watch-control';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BundleSources } from './bundle';
import type { Advice } from './advice';
import { adviceFor } from './advice';
import { startIntervalApplies } from '../orchestrator/api-version';
import type { Preflight, VariableState } from './preflight';
import { runPreflight } from './preflight';
import { hasLiveContainer } from './overall';
import { hostFor } from '../orchestrator/runtime/start-checks';
import type { LogBatch } from './session-events';
import type { ContainerFound } from './container-access';
import type { Terminal, TerminalRequest } from './terminal-sessions';
import { listProjects } from '../orchestrator/runtime/projects';
import type { ProjectSummary } from '../orchestrator/runtime/projects';

/** What an action did, in words, and the same from a terminal (stackpilot's command, and compose's). */
export interface ActionOutcome extends Equivalents {
  ok: boolean;
  message: string;
  /**
   * The action stopped at a question only the user can answer (a changed volume: make it anew, its
   * data lost?). `answer` labels what repeats the action with yes.
   */
  confirm?: { question: string; answer: string };
}

/** What Up would do now, in one line too, and the same from a terminal. */
export type PlanOutcome = UpPlan & Equivalents & { summary: string };

/** Connects to an engine: a docker context by name, or (none) the one docker would use. */
export type DriverFactory = (context?: string) => Promise<ContainerDriver>;

/** Which log lines: of these services (none: all), after this sequence number, the last `limit` of them. */
export interface LogsQuery {
  services?: string[];
  afterSeq?: number;
  limit?: number;
}

/**
 * The running side of an open stack: what a face's buttons do (Up, Down, Restart, a service's Start,
 * Stop, Restart, Scale, Reset, Plan), each with its outcome in words and the same from a terminal.
 * The connection and the events are StackSessionBase's (stack-session-base.ts).
 */
export class StackSession extends StackSessionBase {
  private static summary(result: UpResult, what: string): { ok: boolean; message: string } {
    const warned = result.warnings.length > 0 ? ` — ${result.warnings.map((w) => w.message).join('; ')}` : '';
    if (result.ok) return { ok: true, message: `${what}: ready${warned}` };
    if (result.aborted) return { ok: false, message: `${what}: interrupted` };
    return {
      ok: false,
      message: `${what}: ${result.problems.map((p) => `${p.service} ${p.status} (${p.reason})`).join('; ')}${warned}`,
    };
  }

  /** A volume whose definition changed is made anew only when asked (`recreateChangedVolumes`); else the result asks. */
  async up(request?: { recreateChangedVolumes: boolean }): Promise<ActionOutcome> {
    const yes = request?.recreateChangedVolumes === true;
    const commands = yes ? this.cli('up -y', 'up -d --wait -y') : this.cli('up', 'up -d --wait');
    try {
      return {
        ...StackSession.summary(
          await this.recorded('up', [], (runner) =>
            runner.up([], undefined, {}, yes ? { confirm: () => Promise.resolve(true) } : {}),
          ),
          'up',
        ),
        ...commands,
      };
    } catch (err) {
      return this.askAboutVolume(err, 'up');
    }
  }

  /** A changed volume stopped the action: the question for the person, whose yes is an Up that recreates it. */
  private askAboutVolume(err: unknown, what: string): ActionOutcome {
    if (!(err instanceof VolumeChanged)) throw err;
    return {
      ok: false,
      message: `${what}: ${err.message}; nothing was started`,
      confirm: {
        question: `Recreate volume "${err.volume}"? Its data will be lost.`,
        answer: `Recreate ${err.volume} (its data is lost) and Up`,
      },
      // What the button does, from a terminal.
      ...this.cli('up -y', 'up -d --wait -y'),
    };
  }

  async down(): Promise<ActionOutcome> {
    const runner = await this.ensureRunner();
    // Down takes the whole project away, the containers of services since removed too.
    const removed = await runner.down({ removeOrphans: true });
    return {
      ok: true,
      message: removed.length > 0 ? `removed ${removed.length} containers and networks` : 'nothing to remove',
      ...this.cli('down', 'down --remove-orphans'),
    };
  }

  /** Makes anew what the edited files changed, and nothing else (`up --no-deps` of the outdated services). */
  async recreateOutdated(): Promise<ActionOutcome> {
    const runner = await this.ensureRunner();
    const outdated = runner
      .snapshot()
      .filter((s) => s.outdated)
      .map((s) => s.name);
    if (outdated.length === 0)
      return { ok: true, message: 'nothing is outdated', ...this.cli('up --no-deps', 'up -d --wait --no-deps') };
    const commands = this.cli(`up --no-deps ${outdated.join(' ')}`, `up -d --wait --no-deps ${outdated.join(' ')}`);
    const result = await this.recorded('up', outdated, (r) => r.up(outdated, undefined, {}, { noDeps: true })).catch(
      (err: unknown) => this.askAboutVolume(err, `recreate ${outdated.join(', ')}`),
    );
    if (!('problems' in result)) return result;
    return { ...StackSession.summary(result, `recreate ${outdated.join(', ')}`), ...commands };
  }

  /** Starts or stops the watch (develop.watch) on the running stack. */
  async setWatch(on: boolean): Promise<WatchState> {
    if (!on) return this.watch.stop();
    const runner = await this.ensureRunner();
    if (!this.stack) throw new NoStackOpen('no stack is loaded to watch');
    return this.watch.start(this.stack, runner);
  }

  /** Restarts the whole stack: every service stopped (dependents first), then brought up in order. */
  async restartAll(): Promise<ActionOutcome> {
    const result = await this.recorded('restart', [], async (runner) => {
      await runner.stop();
      return runner.up();
    });
    return { ...StackSession.summary(result, 'restart all'), ...this.cli(['stop', 'up'], ['stop', 'up -d --wait']) };
  }

  /** What Up would do now, and why: read from the engine, nothing changed. */
  async plan(): Promise<PlanOutcome> {
    const runner = await this.ensureRunner();
    const plan = await runner.plan();
    return { ...plan, summary: planSummary(plan.steps), ...this.cli('up --dry-run', '--dry-run up') };
  }

  /** Pulls and builds the images the stack lacks, starting nothing; progress shows on the services. */
  async fetchImages(): Promise<ActionOutcome> {
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

  async start(name: string): Promise<ActionOutcome> {
    this.checkService(name);
    return {
      ...StackSession.summary(await this.recorded('start', [name], (runner) => runner.up([name])), `start ${name}`),
      ...this.cli(`up ${name}`, `up -d --wait ${name}`),
    };
  }

  async stop(name: string): Promise<ActionOutcome> {
    this.checkService(name);
    const runner = await this.ensureRunner();
    await runner.stop([name]);
    return { ok: true, message: `${name} stopped`, ...this.cli(`stop ${name}`, `stop ${name}`) };
  }

  async restart(name: string): Promise<ActionOutcome> {
    this.checkService(name);
    const result = await this.recorded('restart', [name], (runner) => runner.restart(name));
    return { ...StackSession.summary(result, `restart ${name}`), ...this.cli(`restart ${name}`, `restart ${name}`) };
  }

  async scale(name: string, replicas: number): Promise<ActionOutcome> {
    this.checkService(name);
    const runner = await this.ensureRunner();
    return {
      ...StackSession.summary(await runner.scale(name, replicas), `scale ${name}=${replicas}`),
      ...this.cli(`up --scale ${name}=${replicas} ${name}`, `up -d --wait --scale ${name}=${replicas} ${name}`),
    };
  }

  async resetCircuit(name: string): Promise<ActionOutcome> {
    this.checkService(name);
    const runner = await this.ensureRunner();
    return {
      ...StackSession.summary(await runner.resetCircuit(name), `reset ${name}`),
      ...this.cli(`up ${name}`, `up -d --wait ${name}`),
    };
  }

  // What a face asks of the running side.

  /** How many replicas a service runs (1 while nothing runs). */
  private readonly replicas = (service: string): number => this.runner?.replicaCount(service) ?? 1;

  logs(req: LogsQuery): LogBatch {
    const all = this.runner?.logs?.lines(req.services) ?? [];
    const after = req.afterSeq ?? 0;
    return { entries: all.filter((e) => e.seq > after).slice(-(req.limit ?? 5000)), replicas: this.replicas };
  }

  async search(req: { text: string; regex?: boolean; services?: string[] }): Promise<LogBatch> {
    const entries =
      (await this.runner?.logs?.search({
        text: req.text,
        ...(req.regex ? { regex: true } : {}),
        ...(req.services ? { services: req.services } : {}),
      })) ?? [];
    return { entries, replicas: this.replicas };
  }

  async inspect(service: string, replica?: number): Promise<ContainerFound> {
    return this.containers.inspect(service, replica);
  }

  async revealEnv(service: string, name: string, replica?: number): Promise<string> {
    return this.containers.revealEnv(service, name, replica);
  }

  /** Every compose project on the engine; works with no stack open (the home view). */
  async projects(): Promise<{ project: ProjectSummary; open: boolean }[]> {
    const driver = this.driver ?? (this.lister ??= await this.connect(this.context));
    const open = this.stack?.name;
    return (await listProjects(driver)).map((project) => ({ project, open: project.name === open }));
  }

  /** A shell (or the command given) in the service's running container, over a TTY. */
  async openTerminal(req: TerminalRequest): Promise<Terminal> {
    return this.containers.openTerminal(req, this.terminals);
  }

  /** What a diagnostic bundle of the open stack is made from, as the session knows it now. */
  async bundleSources(): Promise<Pick<BundleSources, 'driver' | 'runner' | 'runs' | 'engineDown'>> {
    const runner = await this.ensureRunner().catch(() => undefined);
    return {
      driver: this.driver,
      runner,
      runs: this.history(),
      ...(this.engine.state === 'connected' ? {} : { engineDown: this.engine.reason }),
    };
  }

  /** Where bundles go: beside the run history in the app's data folder. */
  bundleDir(): string {
    return this.historyDir ? join(this.historyDir, '..', 'bundles') : join(tmpdir(), 'stackpilot-bundles');
  }

  /** The healthcheck advisor on the open stack, its history and this engine (start_interval or not). */
  async advice(): Promise<Advice> {
    const stack = this.stack;
    if (!stack) throw new NoStackOpen('open a stack first');
    await this.ensureRunner().catch(() => undefined);
    return adviceFor(stack, this.history(), startIntervalApplies(this.driver?.info().apiVersion));
  }

  /** The onboarding checklist for the open stack, given what the session knows of its variables. */
  async preflight(variables: readonly VariableState[]): Promise<Preflight> {
    const stack = this.stack;
    if (!stack) throw new NoStackOpen('open a stack first');
    await this.ensureRunner().catch(() => undefined);
    const running = new Set((this.runner?.snapshot() ?? []).filter(hasLiveContainer).map((s) => s.name));
    return runPreflight({
      stack,
      variables,
      engine: this.engine,
      driver: this.driver,
      running,
      platform: this.platform,
      host: this.driver ? hostFor(this.driver, this.host) : this.host,
    });
  }
}
