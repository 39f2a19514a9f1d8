import type { Clock } from '../orchestrator/clock';
import { DEFAULT_CONCURRENCY } from '../orchestrator/runtime/engine-pacing';
import type { RunnerOptions } from './settings-service';
import type { Stack } from '../orchestrator/compose/model';
import type { ContainerDriver } from '../orchestrator/driver';
import { describeError } from '../orchestrator/errors';
import { linkRunner } from './runner-links';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import type { Orchestrator } from '../orchestrator/runtime/orchestrator';
import { newOrchestrator } from './new-orchestrator';
import { FailureNotices } from './failure-notices';
import type { StatsMonitor } from '../orchestrator/runtime/stats-monitor';
import { localHost } from '../orchestrator/runtime/start-checks';
import type { HostProbe } from '../orchestrator/runtime/start-checks';
import type { UpResult } from '../orchestrator/runtime/orchestrator';
import { overallOf } from './overall';
import type { Overall } from './overall';
import { NoStackOpen, UnknownService } from './errors';
import { TerminalSessions } from './terminal-sessions';
import { equivalents } from './equivalent-commands';
import type { Equivalents } from './equivalent-commands';
import { WatchControl } from './watch-control';
import { WaitChains } from './wait-chains';
import { RunJournal } from './run-journal';
import type { HealthWatch } from './health-watch';
import { EngineWatch } from './engine-watch';
import { ContainerAccess } from './container-access';
import type { ServiceReport, SessionEmit } from './session-events';
import type { EngineState } from './engine-state';
import type { WatchState } from './watch-control';
import type { RunRecord } from '../orchestrator/history/run-record';
import type { RunAction } from '../orchestrator/history/run-record';

import type { DriverFactory } from './stack-session';

/** The session's stack as it is now: the engine, each service, the stack in one word, the watch. */
export interface SessionSnapshot {
  engine: EngineState;
  services: ServiceReport[];
  overall: Overall;
  watch: WatchState;
}

/**
 * The running side of an open stack: one Orchestrator (following logs, supervising crashes) whose
 * states, engine status and log batches go out as session events. No engine yet is a state, not an
 * error: every command tries to connect again. The actions on it are StackSession's.
 */
export class StackSessionBase {
  protected runner: Orchestrator | undefined;
  protected stack: Stack | undefined;
  protected engine: EngineState = { state: 'unknown', reason: 'not connected yet' };
  /** The docker context chosen for this stack; none: docker's own choice (DOCKER_HOST, current context). */
  protected context: string | undefined;
  protected driver: ContainerDriver | undefined;
  private connecting: Promise<Orchestrator> | undefined;
  private readonly notices = new FailureNotices();
  private lastOverall = '';
  private readonly unsubscribe: (() => void)[] = [];
  private stats: StatsMonitor | undefined;
  private health: HealthWatch | undefined;
  /** An engine connection for listing projects while no stack is open. */
  protected lister: ContainerDriver | undefined;
  readonly terminals: TerminalSessions;
  protected readonly watch: WatchControl;
  private readonly chains = new WaitChains();
  /** A service's container, for Inspect and the terminal. */
  protected readonly containers: ContainerAccess;
  /** Retrying the engine that was absent when the stack was opened. */
  private readonly engineWatch: EngineWatch;
  /** The open stack's run history (none until a stack is attached). */
  protected journal: RunJournal | undefined;

  constructor(
    protected readonly connect: DriverFactory,
    private readonly clock: Clock,
    private readonly emit: SessionEmit,
    private readonly cwd: string,
    protected readonly platform: string = process.platform,
    /** The host's ports and paths: one probe for the checklist and for the runner's start checks. */
    protected readonly host: HostProbe = localHost,
    /** Where run history is kept (the app's data folder); none: in memory, for this session. */
    protected readonly historyDir?: string,
  ) {
    this.terminals = new TerminalSessions({
      output: (id, data) => emit('terminal:output', { id, data }),
      exit: (id, exitCode) => emit('terminal:exit', { id, exitCode }),
    });
    this.watch = new WatchControl(clock, (view) => emit('watch:changed', view));
    this.engineWatch = new EngineWatch(clock);
    this.containers = new ContainerAccess({
      stack: () => this.stack,
      runner: () => this.ensureRunner(),
      driver: () => this.driver,
      check: (name) => this.checkService(name),
    });
  }

  private options: RunnerOptions = {
    fastReadiness: true,
    concurrency: DEFAULT_CONCURRENCY,
    restartOnUnhealthy: false,
  };

  /** Fast readiness, concurrency, restarts on unhealthy (the Settings): used by the runner of the next stack load. */
  configure(options: RunnerOptions): void {
    this.options = options;
  }

  /** Switches to another stack; reads what the engine already runs for it. */
  async attach(stack: Stack): Promise<void> {
    // An edit reloads the same project: its watch goes on, with the rules as they now are.
    const rewatch = this.watch.view().active && this.stack?.name === stack.name;
    this.detach();
    this.stack = stack;
    this.journal = new RunJournal(stack, this.historyDir);
    const runner = await this.ensureRunner().catch(() => undefined);
    if (!runner) this.watchForEngine();
    if (rewatch && runner) await this.watch.start(stack, runner).catch((err: unknown) => this.watch.refused(err));
  }

  /** The open file did not load: nothing runs for it (what the engine runs stays where it is). */
  clear(): void {
    this.detach();
    this.stack = undefined;
    this.journal = undefined;
  }

  /** No engine when the stack was opened: tried again until one answers (see EngineWatch). */
  private watchForEngine(): void {
    this.engineWatch.start(
      () =>
        this.ensureRunner().then(
          () => true,
          () => false,
        ),
      (attempt, nextRetryAt, since) =>
        this.setEngine({
          state: 'unreachable',
          reason: this.engine.state === 'connected' ? 'not connected' : this.engine.reason,
          since,
          nextRetryAt,
          attempt,
        }),
    );
  }

  private detach(): void {
    this.engineWatch.stop();
    this.watch.stop();
    for (const off of this.unsubscribe.splice(0)) off();
    this.stats?.close();
    this.stats = undefined;
    this.health?.close();
    this.health = undefined;
    this.runner?.close();
    this.runner = undefined;
    this.connecting = undefined;
    this.driver?.close?.();
    this.driver = undefined;
    this.notices.clear();
    this.chains.clear();
    this.lastOverall = '';
  }

  private report(s: ServiceSnapshot, runner: Orchestrator): ServiceReport {
    const slower = this.journal?.slowerOf(s.name);
    const health = this.health?.of(s);
    return {
      snapshot: s,
      replicas: runner.replicaCount(s.name),
      chain: this.chains.of(s, (n) => runner.get(n)),
      ...(slower ? { slower } : {}),
      ...(health ? { health } : {}),
    };
  }

  /** The open stack's kept runs, oldest first. */
  history(): RunRecord[] {
    return this.journal?.runs() ?? [];
  }

  /** Runs one start of services and keeps it in the history; the window hears of it, and of who was slower. */
  protected async recorded(
    action: RunAction,
    targets: readonly string[],
    run: (runner: Orchestrator) => Promise<UpResult>,
  ): Promise<UpResult> {
    const runner = await this.ensureRunner();
    const journal = this.journal;
    const startedAt = this.clock.now();
    const result = await run(runner);
    const kept = journal?.record(runner, { action, targets, startedAt, endedAt: this.clock.now() }, result);
    // Another stack loaded meanwhile: the run is kept, but this window shows that one now.
    if (!kept || this.runner !== runner) return result;
    this.emit('history:recorded', kept.recorded);
    for (const notice of kept.notices) this.emit('app:notice', notice);
    for (const name of kept.changed) {
      const s = runner.get(name);
      if (s) this.emit('service:state', this.report(s, runner));
    }
    return result;
  }

  protected setEngine(state: EngineState): void {
    this.engine = state;
    this.emit('engine:status', state);
  }

  /** One runner per stack even when several commands ask at once while the engine connects. */
  protected ensureRunner(): Promise<Orchestrator> {
    if (this.runner) return Promise.resolve(this.runner);
    if (this.connecting) return this.connecting;
    const attempt: Promise<Orchestrator> = this.createRunner().finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
    this.connecting = attempt;
    return attempt;
  }

  private async createRunner(): Promise<Orchestrator> {
    const stack = this.stack;
    if (!stack) throw new NoStackOpen('no stack is loaded to run');
    let driver: ContainerDriver;
    try {
      driver = await this.connect(this.context);
    } catch (err) {
      const reason = describeError(err);
      // While the engine is being watched for, it stays "unreachable, next try at …", with the newest reason.
      this.setEngine(this.engine.state === 'unreachable' ? { ...this.engine, reason } : { state: 'unknown', reason });
      throw err;
    }
    if (this.stack !== stack) throw new Error('another stack was opened meanwhile');
    const runner = newOrchestrator(stack, driver, this.clock, { ...this.options, host: this.host, collectLogs: true });
    this.runner = runner;
    this.driver = driver;
    const links = linkRunner(runner, driver, stack, this.clock, {
      engine: () => this.engine,
      setEngine: (view) => this.setEngine(view),
      sameDriver: () => this.driver === driver,
      emit: this.emit,
      current: () => this.runner === runner,
      report: (s) => this.report(s, runner),
      changed: (s) => {
        for (const other of this.chains.stale(runner.snapshot(), (n) => runner.get(n), s.name))
          this.emit('service:state', this.report(other, runner));
        const notice = this.notices.changed(s);
        if (notice) this.emit('app:notice', notice);
        this.emitOverall();
      },
    });
    this.stats = links.stats;
    this.health = links.health;
    this.unsubscribe.push(...links.unsubscribe);
    await runner.refresh();
    this.notices.seed(runner.snapshot());
    return runner;
  }

  snapshot(): SessionSnapshot {
    const runner = this.runner;
    const snapshots = runner?.snapshot() ?? [];
    return {
      engine: this.engine,
      services: runner ? snapshots.map((x) => this.report(x, runner)) : [],
      overall: overallOf(snapshots),
      watch: this.watch.view(),
    };
  }

  /** The stack in one word, from the runner's snapshots. */
  overall(): Overall {
    return overallOf(this.runner?.snapshot() ?? []);
  }

  /** The stack's one word changed (or whether it runs): the window and the tray hear it once. */
  private emitOverall(): void {
    const overall = this.overall();
    const key = `${overall.state}:${overall.running}`;
    if (key === this.lastOverall) return;
    this.lastOverall = key;
    this.emit('stack:overall', overall);
  }

  protected cli(stackpilot: string | string[], compose?: string | string[]): Equivalents {
    return equivalents(this.stack, this.cwd, stackpilot, compose, this.context);
  }

  protected checkService(name: string): void {
    if (!this.stack?.services[name]) throw new UnknownService(`no service "${name}" in the open stack`);
  }

  /** The engine this stack runs on: a docker context's name, or none for the one docker would use. */
  get engineContext(): string | undefined {
    return this.context;
  }

  /**
   * Runs the stack on another engine from now on: connects there and reads what it runs (what runs
   * on the previous one stays there, as with `docker --context`). None: the one docker would use.
   */
  async useEngine(context: string | undefined): Promise<void> {
    if (!this.selectEngine(context)) return;
    const stack = this.stack;
    if (stack) await this.attach(stack);
  }

  /** The engine the next connection goes to (a stack about to be attached); whether it changed. */
  selectEngine(context: string | undefined): boolean {
    if (context === this.context) return false;
    this.context = context;
    this.lister?.close?.();
    this.lister = undefined;
    this.setEngine({ state: 'unknown', reason: `connecting to ${context ?? 'the default engine'}` });
    return true;
  }

  close(): void {
    this.terminals.closeAll();
    this.detach();
    this.lister?.close?.();
  }
}
