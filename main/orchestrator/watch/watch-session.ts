import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import type { LifecycleHook } from '../compose/model';
import type { ExecOptions } from '../driver';
import { syncArchive } from './sync-archive';
import { TreeWatcher } from './tree-watcher';
import type { BatchListener } from './tree-watcher';
import { ignores, isSync, mappingOf, planBatch, planIsEmpty } from './watch-rules';
import type { CompiledRule, PathMapping, WatchPlan } from './watch-rules';

/** What a watch does to the stack, carried out by whoever runs it (the window's runtime, the CLI). */
export interface WatchPort {
  /** The service's running containers. */
  containers(service: string): Promise<{ id: string; name: string }[]>;
  /** Runs a command in a container, `stdin` fed to it; its exit code and what it printed. */
  run(id: string, command: string[], stdin?: Buffer, as?: ExecOptions): Promise<{ exitCode: number; output: string }>;
  /** `up --build --force-recreate --no-deps` of these services; a message when it did not get them ready. */
  rebuild(services: string[]): Promise<string | undefined>;
  /** Restarts the services; a message when one did not come back ready. */
  restart(services: string[]): Promise<string | undefined>;
}

/** One thing a watch did or failed to do, for the service's timeline and the log. */
export interface WatchEvent {
  service?: string;
  text: string;
  failed: boolean;
}

export type WatchWatcherFactory = (
  paths: string[],
  onBatch: BatchListener,
) => { close(): void; unwatched: readonly { path: string; error: string }[] };

/**
 * A running watch: the initial syncs, then each batch of changes turned into compose watch's actions
 * — rebuild, then sync (removals first), then restart, then the sync+exec commands — one batch at a
 * time; changes that come while one runs make the next.
 */
export class WatchSession {
  private watcher: ReturnType<WatchWatcherFactory> | undefined;
  private queue: string[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly port: WatchPort,
    private readonly onEvent: (e: WatchEvent) => void,
    clock: Clock,
    private readonly makeWatcher: WatchWatcherFactory = (paths, onBatch) => new TreeWatcher(paths, clock, onBatch),
  ) {}

  /** Syncs what asks for an initial sync, then watches; resolves once watching. */
  async start(): Promise<void> {
    for (const c of this.rules.filter((r) => r.rule.initialSync && isSync(r.rule))) {
      const mappings = initialMappings(c);
      if (mappings.length > 0) await this.sync(c.service, mappings, 'initial sync');
    }
    if (this.stopped) return;
    this.watcher = this.makeWatcher([...new Set(this.rules.map((r) => r.rule.path))], (paths) => this.enqueue(paths));
    for (const u of this.watcher.unwatched) this.onEvent({ text: `cannot watch ${u.path}: ${u.error}`, failed: true });
  }

  /** The paths watched, each once. */
  paths(): string[] {
    return [...new Set(this.rules.map((r) => r.rule.path))];
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
  }

  /** Resolves once the batches in hand are done (tests; a CLI that stops cleanly). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private enqueue(paths: string[]): void {
    this.queue.push(...paths);
    if (!this.running) this.running = this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = [...new Set(this.queue.splice(0))];
      await this.apply(planBatch(this.rules, batch));
    }
  }

  private async apply(plan: WatchPlan): Promise<void> {
    if (planIsEmpty(plan)) return;
    if (plan.rebuild.length > 0) {
      for (const s of plan.rebuild) this.onEvent({ service: s, text: 'rebuilding after a change', failed: false });
      const problem = await this.guard(() => this.port.rebuild(plan.rebuild));
      for (const s of plan.rebuild)
        this.onEvent({
          service: s,
          text: problem ? `rebuild failed: ${problem}` : 'rebuilt and recreated',
          failed: Boolean(problem),
        });
    }
    for (const [service, mappings] of plan.sync) await this.sync(service, mappings, 'sync');
    if (plan.restart.length > 0) {
      const problem = await this.guard(() => this.port.restart(plan.restart));
      for (const s of plan.restart)
        this.onEvent({
          service: s,
          text: problem ? `restart after a change failed: ${problem}` : 'restarted after a change',
          failed: Boolean(problem),
        });
    }
    for (const [service, hooks] of plan.exec) for (const hook of hooks) await this.exec(service, hook);
  }

  private async sync(service: string, mappings: PathMapping[], what: string): Promise<void> {
    const rules = this.rules.filter((r) => r.service === service);
    const ignored = (p: string): boolean => rules.every((r) => ignores(r, p));
    const failed = await this.guard(async () => {
      const { archive, files, deletes } = syncArchive(mappings, ignored);
      const containers = await this.port.containers(service);
      if (containers.length === 0) return 'it has no running container';
      for (const c of containers) {
        if (deletes.length > 0) await this.mustRun(c, ['rm', '-rf', '--', ...deletes]);
        if (files > 0) await this.mustRun(c, ['tar', '-x', '-f', '-', '-C', '/'], archive);
      }
      const said = [
        files > 0 ? `${files} ${files === 1 ? 'file' : 'files'} copied` : '',
        deletes.length > 0 ? `${deletes.length} removed` : '',
      ]
        .filter(Boolean)
        .join(', ');
      this.onEvent({
        service,
        text: `${what}: ${said || 'nothing to copy'} (${mappings.length} ${mappings.length === 1 ? 'change' : 'changes'})`,
        failed: false,
      });
      return undefined;
    });
    if (failed) this.onEvent({ service, text: `${what} failed: ${failed}`, failed: true });
  }

  private async exec(service: string, hook: LifecycleHook): Promise<void> {
    const failed = await this.guard(async () => {
      const as: ExecOptions = {
        ...(hook.user ? { user: hook.user } : {}),
        ...(hook.privileged ? { privileged: true } : {}),
        ...(hook.workingDir ? { workingDir: hook.workingDir } : {}),
        env: hook.environment,
      };
      for (const c of await this.port.containers(service)) {
        const r = await this.port.run(c.id, hook.command, undefined, as);
        if (r.exitCode !== 0)
          return `\`${hook.command.join(' ')}\` exited with code ${r.exitCode} in ${c.name}${r.output.trim() ? `: ${lastLine(r.output)}` : ''}`;
      }
      this.onEvent({ service, text: `ran \`${hook.command.join(' ')}\` after the sync`, failed: false });
      return undefined;
    });
    if (failed) this.onEvent({ service, text: `sync+exec failed: ${failed}`, failed: true });
  }

  private async mustRun(c: { id: string; name: string }, command: string[], stdin?: Buffer): Promise<void> {
    const r = await this.port.run(c.id, command, stdin);
    if (r.exitCode !== 0) {
      const hint =
        r.exitCode === 127 || r.exitCode === 126 ? ` (the image needs ${command[0] ?? ''} for a watch to sync)` : '';
      throw new Error(
        `\`${command.slice(0, 3).join(' ')}\` exited with code ${r.exitCode} in ${c.name}${hint}${r.output.trim() ? `: ${lastLine(r.output)}` : ''}`,
      );
    }
  }

  /** Runs a step; an error becomes its message (a watch goes on after a failed step, as compose's does). */
  private async guard(step: () => Promise<string | undefined>): Promise<string | undefined> {
    try {
      return await step();
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
}

const lastLine = (text: string): string => text.trim().split('\n').at(-1) ?? '';

/** Every file below a rule's path it does not ignore, mapped into the container (initial_sync). */
function initialMappings(c: CompiledRule): PathMapping[] {
  const out: PathMapping[] = [];
  const visit = (path: string): void => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (path !== c.rule.path && ignores(c, path)) return;
    if (st.isDirectory()) for (const e of readdirSync(path)) visit(join(path, e));
    else {
      const m = mappingOf(c, path);
      if (m) out.push(m);
    }
  };
  visit(c.rule.path);
  return out;
}
