import type { Clock } from '../orchestrator/clock';
import type { Stack } from '../orchestrator/compose/model';
import type { ContainerDriver } from '../orchestrator/driver';
import { describeError } from '../orchestrator/errors';
import { linkRunner } from './runner-links';
import type { ServiceSnapshot } from '../orchestrator/runtime/service-state';
import { Orchestrator } from '../orchestrator/runtime/orchestrator';
import type { StatsMonitor } from '../orchestrator/runtime/stats-monitor';
import { listProjects } from '../orchestrator/runtime/projects';
import { projectView } from './project-view';
import { hostFor, localHost } from '../orchestrator/runtime/start-checks';
import type { HostProbe } from '../orchestrator/runtime/start-checks';
import type { UpResult } from '../orchestrator/runtime/orchestrator';
import type {
  EngineStatusView,
  InspectView,
  ProjectView,
  TerminalOpenRequest,
  TerminalView,
  LogLineView,
  OverallView,
  LogsFetchRequest,
  LogsSearchRequest,
  PreflightView,
  RuntimeSnapshot,
  ServiceStateView,
  ServiceStatusView,
  RunView,
  VariableView,
  EmitEvent,
} from '../../preload/contract';
import { hasLiveContainer, overallView } from './overall-state';
import { NoStackOpen, UnknownService } from '../session/errors';
import { TerminalSessions } from '../session/terminal-sessions';
import { equivalents } from '../session/equivalent-commands';
import type { Equivalents } from '../session/equivalent-commands';
import { WatchControl } from '../session/watch-control';
import { WaitChains } from '../session/wait-chains';
import { runPreflight } from '../session/preflight';
import { RunJournal } from '../session/run-journal';
import type { HealthWatch } from '../session/health-watch';
import { adviceFor } from './advice';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { BundleSources } from '../session/bundle';
import { EngineWatch } from '../session/engine-watch';
import { ContainerAccess } from './container-access';
import { logView, stateView } from './runtime-views';
import { startIntervalApplies } from '../orchestrator/api-version';
import type { RunAction } from '../orchestrator/history/run-record';

import type { DriverFactory } from './stack-runtime';

/**
 * The running side of the open stack: one Orchestrator (following logs, supervising crashes) whose
 * states, engine status and log batches go out as contract events. No engine yet is a state, not an
 * error: every command tries to connect again. The window's actions on it are StackRuntime's.
 */
export class StackRuntimeBase {
  protected runner: Orchestrator | undefined;
  protected stack: Stack | undefined;
  private engine: EngineStatusView = { state: 'unknown', reason: 'not connected yet' };
  /** The docker context chosen for this stack; none: docker's own choice (DOCKER_HOST, current context). */
  protected context: string | undefined;
  protected driver: ContainerDriver | undefined;
  private connecting: Promise<Orchestrator> | undefined;
  private readonly lastStatus = new Map<string, ServiceStatusView>();
  private lastOverall = '';
  /** Services that failed, backed off or went unhealthy since they were last ready. */
  private readonly troubled = new Set<string>();
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
  private journal: RunJournal | undefined;

  constructor(
    protected readonly connect: DriverFactory,
    private readonly clock: Clock,
    private readonly emit: EmitEvent,
    private readonly cwd: string,
    private readonly platform: string = process.platform,
    /** The host's ports and paths: one probe for the checklist and for the runner's start checks. */
    private readonly host: HostProbe = localHost,
    /** Where run history is kept (the app's data folder); none: in memory, for this session. */
    private readonly historyDir?: string,
  ) {
    this.terminals = new TerminalSessions({ output: (id, data) => emit('terminal:output', { id, data }), exit: (id, exitCode) => emit('terminal:exit', { id, exitCode }) });
    this.watch = new WatchControl(clock, (view) => emit('watch:changed', view));
    this.engineWatch = new EngineWatch(clock);
    this.containers = new ContainerAccess({
      stack: () => this.stack,
      runner: () => this.ensureRunner(),
      driver: () => this.driver,
      check: (name) => this.checkService(name),
    });
  }

  private options: { fastReadiness: boolean; concurrency: number } = { fastReadiness: true, concurrency: 8 };

  /** Fast readiness and concurrency (the Settings): used by the runner of the next stack load. */
  configure(options: { fastReadiness: boolean; concurrency: number }): void {
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
      (attempt, nextRetryAt, since) => this.setEngine({ state: 'unreachable', reason: this.engine.state === 'connected' ? 'not connected' : this.engine.reason, since, nextRetryAt, attempt }),
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
    this.lastStatus.clear();
    this.chains.clear();
    this.troubled.clear();
    this.lastOverall = '';
  }

  private view(s: ServiceSnapshot, runner: Orchestrator): ServiceStateView {
    return stateView(
      s,
      runner.replicaCount(s.name),
      this.chains.of(s, (n) => runner.get(n)),
      this.journal?.slowerOf(s.name),
      this.health?.of(s),
    );
  }

  /** The open stack's kept runs, oldest first. */
  history(): RunView[] {
    return this.journal?.runs() ?? [];
  }

  /** What a diagnostic bundle of the open stack is made from, as the runtime knows it now. */
  async bundleSources(): Promise<Pick<BundleSources, 'driver' | 'runner' | 'runs' | 'engineDown'>> {
    const runner = await this.ensureRunner().catch(() => undefined);
    return { driver: this.driver, runner, runs: this.history(), ...(this.engine.state === 'connected' ? {} : { engineDown: this.engine.reason }) };
  }

  /** Where bundles go: beside the run history in the app's data folder. */
  bundleDir(): string {
    return this.historyDir ? join(this.historyDir, '..', 'bundles') : join(tmpdir(), 'stackpilot-bundles');
  }

  /** The healthcheck advisor on the open stack, its history and this engine (start_interval or not). */
  async advice(): Promise<ReturnType<typeof adviceFor>> {
    const stack = this.stack;
    if (!stack) throw new NoStackOpen('open a stack first');
    await this.ensureRunner().catch(() => undefined);
    return adviceFor(stack, this.history(), startIntervalApplies(this.driver?.info().apiVersion));
  }

  /** Runs one start of services and keeps it in the history; the window hears of it, and of who was slower. */
  protected async recorded(action: RunAction, targets: readonly string[], run: (runner: Orchestrator) => Promise<UpResult>): Promise<UpResult> {
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
      if (s) this.emit('service:state', this.view(s, runner));
    }
    return result;
  }

  /** A failure, and the recovery after one, are told once as notices (desktop notifications, toasts). */
  private noticeChange(s: ServiceStateView): void {
    const before = this.lastStatus.get(s.name);
    this.lastStatus.set(s.name, s.status);
    if (before === undefined || before === s.status) return;
    if (s.status === 'failed') {
      this.troubled.add(s.name);
      this.emit('app:notice', { level: 'error', title: `${s.name} failed`, body: s.reason, service: s.name });
    } else if (s.status === 'backoff' || s.status === 'unhealthy') {
      this.troubled.add(s.name);
    } else if (s.status === 'ready' && this.troubled.delete(s.name)) {
      this.emit('app:notice', { level: 'success', title: `${s.name} recovered`, body: s.reason, service: s.name });
    }
  }

  protected setEngine(view: EngineStatusView): void {
    this.engine = view;
    this.emit('engine:status', view);
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
    // A refused state change is a bug in the runner, never the user's doing: said where a developer looks.
    const runner = new Orchestrator(stack, {
      driver,
      clock: this.clock,
      host: this.host,
      collectLogs: true,
      concurrency: this.options.concurrency,
      fastReadiness: { enabled: this.options.fastReadiness },
      onIllegalTransition: (why) => console.error(`stackpilot: internal: state change refused: ${why}`),
    });
    this.runner = runner;
    this.driver = driver;
    const links = linkRunner(runner, driver, stack, this.clock, {
      engine: () => this.engine,
      setEngine: (view) => this.setEngine(view),
      sameDriver: () => this.driver === driver,
      emit: this.emit,
      current: () => this.runner === runner,
      view: (s) => this.view(s, runner),
      changed: (s, view) => {
        for (const other of this.chains.stale(runner.snapshot(), (n) => runner.get(n), s.name)) this.emit('service:state', this.view(other, runner));
        this.noticeChange(view);
        this.emitOverall();
      },
    });
    this.stats = links.stats;
    this.health = links.health;
    this.unsubscribe.push(...links.unsubscribe);
    await runner.refresh();
    for (const s of runner.snapshot()) this.lastStatus.set(s.name, s.status);
    return runner;
  }

  /** The onboarding checklist for the open stack, given what the session knows of its variables. */
  async preflight(variables: readonly VariableView[]): Promise<PreflightView> {
    const stack = this.stack;
    if (!stack) throw new NoStackOpen('open a stack first');
    await this.ensureRunner().catch(() => undefined);
    const running = new Set((this.runner?.snapshot() ?? []).filter(hasLiveContainer).map((s) => s.name));
    return runPreflight({ stack, variables, engine: this.engine, driver: this.driver, running, platform: this.platform, host: this.driver ? hostFor(this.driver, this.host) : this.host });
  }

  snapshot(): RuntimeSnapshot {
    const runner = this.runner;
    const services = runner?.snapshot().map((x) => this.view(x, runner)) ?? [];
    return { engine: this.engine, services, overall: overallView(services), watch: this.watch.view() };
  }

  /** The stack in one word, from the runner's snapshots (no views built). */
  overall(): OverallView {
    return overallView(this.runner?.snapshot() ?? []);
  }

  /** The stack's one word changed (or whether it runs): the window and the tray hear it once. */
  private emitOverall(): void {
    // On every service change: from the snapshots as they are, not their contract views (timelines copied).
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

  logs(req: LogsFetchRequest): LogLineView[] {
    const all = this.runner?.logs?.lines(req.services) ?? [];
    const after = req.afterSeq ?? 0;
    return all
      .filter((e) => e.seq > after)
      .slice(-(req.limit ?? 5000))
      .map((e) => logView(e, this.runner?.replicaCount(e.service)));
  }

  async search(req: LogsSearchRequest): Promise<LogLineView[]> {
    const found = (await this.runner?.logs?.search({ text: req.text, ...(req.regex ? { regex: true } : {}), ...(req.services ? { services: req.services } : {}) })) ?? [];
    return found.map((e) => logView(e, this.runner?.replicaCount(e.service)));
  }

  async inspect(service: string, replica?: number): Promise<InspectView> {
    return this.containers.inspect(service, replica);
  }

  async revealEnv(service: string, name: string, replica?: number): Promise<string> {
    return this.containers.revealEnv(service, name, replica);
  }

  /** Every compose project on the engine; works with no stack open (the home view). */
  async projects(): Promise<ProjectView[]> {
    const driver = this.driver ?? (this.lister ??= await this.connect(this.context));
    const open = this.stack?.name;
    return (await listProjects(driver)).map((p) => projectView(p, open));
  }

  /** A shell (or the command given) in the service's running container, over a TTY. */
  async openTerminal(req: TerminalOpenRequest): Promise<TerminalView> {
    return this.containers.openTerminal(req, this.terminals);
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
