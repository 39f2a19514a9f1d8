import { join, resolve } from 'node:path';
import type { Clock } from '../orchestrator/clock';
import type { Stack } from '../orchestrator/compose/model';
import type { RecentStack, SettingsStore } from './settings-store';
import type { SessionEmit } from './session-events';
import type { EngineChoice, EngineChoices } from './engine-choice';
import type { Preflight } from './preflight';
import { variableStates } from './variables';
import type { ActionOutcome } from './stack-session';
import { writeDotenvValues } from './dotenv-writer';
import { writeAdvice } from './advice';
import { bundleFile, writeStackBundle } from './bundle';
import { NoStackOpen, WriteFailed } from './errors';
import { engineChoicesOf, rememberedEngine, useEngine } from './engine-choice';
import { loadStackFor } from './stack-loader';
import type { OpenRequest, StackLoad, StackShown } from './stack-loader';
import { StackWatcher } from './stack-watcher';
import type { SessionEnvironment } from './stack-loader';
import type { StackSession } from './stack-session';

/** A diagnostic bundle written: where, and what is in it. */
export interface BundleWritten extends ActionOutcome {
  file: string;
  entries: { name: string; bytes: number }[];
}

/** The advisor's override written, and whether the open stack now reads it. */
export interface AdviceWritten {
  file: string;
  loaded: boolean;
}

/**
 * An open stack, and the one owner of it: what loaded (with its revision), the variables given for
 * this session only (they win over `.env`), and the session that runs it. A load is told once, as
 * `stack:changed`, and the running side switches to it in the same step.
 */
export class OpenStack {
  private current: StackShown | null = null;
  private loaded: Stack | undefined;
  private revision = 0;
  private lastRequest: OpenRequest | undefined;
  private lastTarget: string | undefined;
  private readonly given = new Map<string, string>();
  private watcher: StackWatcher | undefined;
  /** The stack path whose engine the runtime was set for. */
  private attachedTarget: string | undefined;

  constructor(
    private readonly environment: SessionEnvironment,
    /** The running side; owned here, switched with each load. */
    readonly session: StackSession,
    private readonly emit: SessionEmit,
    private readonly settings?: SettingsStore,
    private readonly now: () => number = () => 0,
    /** Watches the open stack's files and reloads it on an edit; none: files are not watched. */
    private readonly clock?: Clock,
    /** Revisions shared by every stack open at once: a switch is a newer view than any before it. */
    private readonly nextRevision: () => number = () => this.revision + 1,
    /** The engines one can pick (docker contexts); none where the session has no such choice. */
    private readonly engines: () => EngineChoice[] = () => [],
  ) {}

  engineChoices(): EngineChoices {
    return engineChoicesOf(this.engines(), this.session);
  }

  /** Runs this stack on another engine, remembered for it. */
  useEngine(name: string): Promise<EngineChoices> {
    return useEngine(this.engines(), this.settings, this.lastTarget, this.session, name);
  }

  /** The file or folder this stack was opened from (resolved), once opened. */
  get target(): string | undefined {
    return this.lastTarget;
  }

  /** Shows this stack again (switched back to): its load as a new revision, told as stack:changed. */
  reannounce(): StackShown | null {
    if (!this.current) return null;
    this.revision = this.nextRevision();
    this.current = { ...this.current, revision: this.revision };
    this.emit('stack:changed', this.current);
    return this.current;
  }

  get shown(): StackShown | null {
    return this.current;
  }

  /** The stack that loaded last (none while the open file does not load). */
  get stack(): Stack | undefined {
    return this.loaded;
  }

  open(request: OpenRequest): StackShown {
    // Values typed for one stack are not offered to another.
    const target = resolve(this.environment.cwd, request.path);
    if (this.lastTarget !== undefined && this.lastTarget !== target) this.given.clear();
    return this.show(request, target, loadStackFor(this.environment, request, this.given));
  }

  /** Makes a load the one shown and run (and watched); `changedFile`: the edit it follows. */
  private show(request: OpenRequest, target: string, load: StackLoad, changedFile?: string): StackShown {
    this.lastRequest = request;
    this.lastTarget = target;
    this.revision = this.nextRevision();
    const shown: StackShown =
      load.outcome.status === 'loaded' && changedFile
        ? { ...load.outcome, revision: this.revision, changedFile }
        : { ...load.outcome, revision: this.revision };
    this.current = shown;
    this.loaded = load.stack;
    if (load.stack) this.settings?.addRecent(load.target, load.stack.name, this.now());
    this.emit('stack:changed', shown);
    // The engine picked for this stack before: chosen before the session connects.
    if (load.stack && target !== this.attachedTarget)
      this.session.selectEngine(rememberedEngine(this.engines(), this.settings, target));
    this.attachedTarget = target;
    if (load.stack) void this.session.attach(load.stack);
    else this.session.clear();
    this.watch(
      load.stack?.files ?? [],
      load.outcome.status === 'loaded' ? load.outcome.stack.projectDir : load.outcome.projectDir,
    );
    return shown;
  }

  /** Watches what the stack was read from (an invalid file too: its fix is an edit as well). */
  private watch(files: readonly string[], projectDir: string): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (!this.clock || !this.lastTarget) return;
    const watched = files.length > 0 ? [...files] : [this.lastTarget];
    this.watcher = new StackWatcher([...watched, join(projectDir, '.env')], this.clock, (file) =>
      this.reloadFromDisk(file),
    );
  }

  /**
   * An edit on disk: the stack is read again. One that loads replaces the stack (the session marks
   * what it changed as outdated); one that does not keeps the running stack on screen, with the errors.
   */
  reloadFromDisk(file?: string): StackShown | null {
    const request = this.lastRequest;
    const shown = this.current;
    if (!request || !shown) return null;
    const load = loadStackFor(this.environment, request, this.given);
    // The files were read once: that load is the one shown.
    if (load.stack || shown.status !== 'loaded' || load.outcome.status !== 'invalid')
      return this.show(request, this.lastTarget ?? load.target, load, file);
    this.revision = this.nextRevision();
    const kept: StackShown = {
      status: 'loaded',
      stack: shown.stack,
      isSet: shown.isSet,
      revision: this.revision,
      reloadErrors: load.outcome.errors,
      ...(file ? { changedFile: file } : {}),
    };
    this.current = kept;
    this.emit('stack:changed', kept);
    return kept;
  }

  /** Gives the open stack the values it asked for (saved to `.env` only when asked to), then reloads it. */
  setVariables(request: { values: Readonly<Record<string, string>>; save: boolean }): StackShown {
    const shown = this.current;
    if (!shown || !this.lastRequest) throw new NoStackOpen('open a stack before setting its variables');
    const projectDir = shown.status === 'loaded' ? shown.stack.projectDir : shown.projectDir;
    if (request.save) {
      writeDotenvValues(projectDir, request.values);
      for (const name of Object.keys(request.values)) this.given.delete(name);
    } else {
      for (const [name, value] of Object.entries(request.values)) this.given.set(name, value);
    }
    return this.open(this.lastRequest);
  }

  /** The same stack with these profiles active (as `--profile` each), read again from its files. */
  setProfiles(profiles: string[]): StackShown {
    if (!this.lastRequest) throw new NoStackOpen('open a stack before choosing its profiles');
    return this.open({ ...this.lastRequest, profiles });
  }

  /** The onboarding checklist, given what this load knows of the stack's variables. */
  preflight(): Promise<Preflight> {
    const shown = this.current;
    if (shown?.status !== 'loaded') return Promise.reject(new NoStackOpen('no stack is loaded to check'));
    return this.session.preflight(variableStates(shown.stack, shown.isSet));
  }

  /** Writes the advisor's override as shown, then reads the stack again (the new file with it, when docker compose would read it). */
  async writeAdvice(shown: string): Promise<AdviceWritten> {
    const file = writeAdvice((await this.session.advice()).plan, shown);
    this.reloadFromDisk(file);
    return { file, loaded: this.loaded?.files.includes(file) ?? false };
  }

  /**
   * A diagnostic bundle of this stack: its resolved config, versions, states, timelines, health log,
   * last log lines, the checklist and the last runs, every secret masked, in one .tar.gz.
   */
  async writeBundle(app: { version: string; platform: string }): Promise<BundleWritten> {
    const stack = this.loaded;
    if (!stack || this.current?.status !== 'loaded') throw new NoStackOpen('open a stack that loads first');
    const sources = await this.session.bundleSources();
    const preflight = await this.preflight().catch((err: unknown) => ({ error: (err as Error).message }));
    const at = new Date(this.now() || Date.now()).toISOString();
    const file = bundleFile(this.session.bundleDir(), stack, at);
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
    this.session.close();
  }
}
