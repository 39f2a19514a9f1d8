import { join, resolve } from 'node:path';
import type { Clock } from '../orchestrator/clock';
import type { Stack } from '../orchestrator/compose/model';
import type {
  AdviceWrittenView,
  BundleWrittenView,
  EngineChoiceView,
  EngineChoicesView,
  OpenStackRequest,
  PreflightView,
  RecentStack,
  SetVariablesRequest,
  StackLoadView,
  EmitEvent,
} from '../../preload/contract';
import { writeDotenvValues } from '../session/dotenv-writer';
import { writeAdvice } from './advice';
import { bundleFile, writeStackBundle } from '../session/bundle';
import { NoStackOpen, WriteFailed } from '../session/errors';
import { engineChoicesView, rememberedEngine, useEngine } from './engine-choice';
import type { SettingsStore } from '../session/settings-store';
import { loadStackView } from './stack-loader';
import type { StackLoad } from './stack-loader';
import { StackWatcher } from '../session/stack-watcher';
import type { SessionEnvironment } from './stack-loader';
import type { StackRuntime } from './stack-runtime';

/**
 * The stack the window shows, and the one owner of it: what loaded (the view, with its revision), the
 * variables given for this session only (they win over `.env`), and the runtime that runs it. A load
 * is told once, as `stack:changed`, and the runtime switches to it in the same step.
 */
export class OpenStack {
  private current: StackLoadView | null = null;
  private loaded: Stack | undefined;
  private revision = 0;
  private lastRequest: OpenStackRequest | undefined;
  private lastTarget: string | undefined;
  private readonly given = new Map<string, string>();
  private watcher: StackWatcher | undefined;
  /** The stack path whose engine the runtime was set for. */
  private attachedTarget: string | undefined;

  constructor(
    private readonly environment: SessionEnvironment,
    /** The running side; owned here, switched with each load. */
    readonly runtime: StackRuntime,
    private readonly emit: EmitEvent,
    private readonly settings?: SettingsStore,
    private readonly now: () => number = () => 0,
    /** Watches the open stack's files and reloads it on an edit; none: files are not watched. */
    private readonly clock?: Clock,
    /** Revisions shared by every stack open at once: a switch is a newer view than any before it. */
    private readonly nextRevision: () => number = () => this.revision + 1,
    /** The engines one can pick (docker contexts); none where the session has no such choice. */
    private readonly engines: () => EngineChoiceView[] = () => [],
  ) {}

  engineChoices(): EngineChoicesView {
    return engineChoicesView(this.engines(), this.runtime);
  }

  /** Runs this stack on another engine, remembered for it. */
  useEngine(name: string): Promise<EngineChoicesView> {
    return useEngine(this.engines(), this.settings, this.lastTarget, this.runtime, name);
  }

  /** The file or folder this stack was opened from (resolved), once opened. */
  get target(): string | undefined {
    return this.lastTarget;
  }

  /** Shows this stack again (switched back to): its view as a new revision, told as stack:changed. */
  reannounce(): StackLoadView | null {
    if (!this.current) return null;
    this.revision = this.nextRevision();
    this.current = { ...this.current, revision: this.revision };
    this.emit('stack:changed', this.current);
    return this.current;
  }

  get view(): StackLoadView | null {
    return this.current;
  }

  /** The stack that loaded last (none while the open file does not load). */
  get stack(): Stack | undefined {
    return this.loaded;
  }

  open(request: OpenStackRequest): StackLoadView {
    // Values typed for one stack are not offered to another.
    const target = resolve(this.environment.cwd, request.path);
    if (this.lastTarget !== undefined && this.lastTarget !== target) this.given.clear();
    return this.show(request, target, loadStackView(this.environment, request, this.given));
  }

  /** Makes a load the one shown and run (and watched); `changedFile`: the edit it follows. */
  private show(request: OpenStackRequest, target: string, load: StackLoad, changedFile?: string): StackLoadView {
    this.lastRequest = request;
    this.lastTarget = target;
    this.revision = this.nextRevision();
    const view: StackLoadView = load.view.status === 'loaded' && changedFile ? { ...load.view, revision: this.revision, changedFile } : { ...load.view, revision: this.revision };
    this.current = view;
    this.loaded = load.stack;
    if (load.stack) this.settings?.addRecent(load.target, load.stack.name, this.now());
    this.emit('stack:changed', view);
    // The engine picked for this stack before: chosen before the runtime connects.
    if (load.stack && target !== this.attachedTarget) this.runtime.selectEngine(rememberedEngine(this.engines(), this.settings, target));
    this.attachedTarget = target;
    if (load.stack) void this.runtime.attach(load.stack);
    else this.runtime.clear();
    this.watch(load.stack?.files ?? [], load.view.status === 'loaded' ? load.view.stack.projectDir : load.view.projectDir);
    return view;
  }

  /** Watches what the stack was read from (an invalid file too: its fix is an edit as well). */
  private watch(files: readonly string[], projectDir: string): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (!this.clock || !this.lastTarget) return;
    const watched = files.length > 0 ? [...files] : [this.lastTarget];
    this.watcher = new StackWatcher([...watched, join(projectDir, '.env')], this.clock, (file) => this.reloadFromDisk(file));
  }

  /**
   * An edit on disk: the stack is read again. One that loads replaces the stack (the runtime marks
   * what it changed as outdated); one that does not keeps the running stack on screen, with the errors.
   */
  reloadFromDisk(file?: string): StackLoadView | null {
    const request = this.lastRequest;
    const shown = this.current;
    if (!request || !shown) return null;
    const load = loadStackView(this.environment, request, this.given);
    // The files were read once: that load is the one shown.
    if (load.stack || shown.status !== 'loaded' || load.view.status !== 'invalid') return this.show(request, this.lastTarget ?? load.target, load, file);
    this.revision = this.nextRevision();
    const kept: StackLoadView = { status: 'loaded', revision: this.revision, stack: shown.stack, reloadErrors: load.view.errors, ...(file ? { changedFile: file } : {}) };
    this.current = kept;
    this.emit('stack:changed', kept);
    return kept;
  }

  /** Gives the open stack the values it asked for (saved to `.env` only when asked to), then reloads it. */
  setVariables(request: SetVariablesRequest): StackLoadView {
    const view = this.current;
    if (!view || !this.lastRequest) throw new NoStackOpen('open a stack before setting its variables');
    const projectDir = view.status === 'loaded' ? view.stack.projectDir : view.projectDir;
    if (request.save) {
      writeDotenvValues(projectDir, request.values);
      for (const name of Object.keys(request.values)) this.given.delete(name);
    } else {
      for (const [name, value] of Object.entries(request.values)) this.given.set(name, value);
    }
    return this.open(this.lastRequest);
  }

  /** The same stack with these profiles active (as `--profile` each), read again from its files. */
  setProfiles(profiles: string[]): StackLoadView {
    if (!this.lastRequest) throw new NoStackOpen('open a stack before choosing its profiles');
    return this.open({ ...this.lastRequest, profiles });
  }

  /** The onboarding checklist, given what this load knows of the stack's variables. */
  preflight(): Promise<PreflightView> {
    const view = this.current;
    if (view?.status !== 'loaded') return Promise.reject(new NoStackOpen('stack:preflight: no stack is loaded'));
    return this.runtime.preflight(view.stack.variables);
  }

  /** Writes the advisor's override as shown, then reads the stack again (the new file with it, when docker compose would read it). */
  async writeAdvice(shown: string): Promise<AdviceWrittenView> {
    const file = writeAdvice((await this.runtime.advice()).plan, shown);
    this.reloadFromDisk(file);
    return { file, loaded: this.loaded?.files.includes(file) ?? false };
  }

  /**
   * A diagnostic bundle of this stack: its resolved config, versions, states, timelines, health log,
   * last log lines, the checklist and the last runs, every secret masked, in one .tar.gz.
   */
  async writeBundle(app: { version: string; platform: string }): Promise<BundleWrittenView> {
    const stack = this.loaded;
    if (!stack || this.current?.status !== 'loaded') throw new NoStackOpen('open a stack that loads first');
    const sources = await this.runtime.bundleSources();
    const preflight = await this.preflight().catch((err: unknown) => ({ error: (err as Error).message }));
    const at = new Date(this.now() || Date.now()).toISOString();
    const file = bundleFile(this.runtime.bundleDir(), stack, at);
    const env = { ...this.environment.env, ...Object.fromEntries(this.given) };
    let entries: { name: string; bytes: number }[];
    try {
      entries = await writeStackBundle(file, { stack, env, ...sources, preflight, app, at });
    } catch (err) {
      throw new WriteFailed(`could not write the bundle ${file}: ${(err as Error).message}`);
    }
    return {
      ok: true,
      message: `bundle written: ${file} (${entries.length} files, secrets masked)`,
      cli: `stackpilot bundle -o ${file}`,
      file,
      entries,
    };
  }

  recent(): RecentStack[] {
    return this.settings?.get().recent ?? [];
  }

  close(): void {
    this.watcher?.close();
    this.runtime.close();
  }
}
