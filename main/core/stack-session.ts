import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDotenv } from '../engine/compose/dotenv';
import { loadStack } from '../engine/compose/load';
import type { LoadResult } from '../engine/compose/load';
import type { Stack } from '../engine/compose/model';
import type { OpenStackRequest, RecentStack, SetVariablesRequest, StackLoadView, VariableView } from '../../preload/contract';
import { writeDotenvValues } from './dotenv-writer';
import type { SettingsStore } from './settings-store';
import { diagnosticView, stackView } from './stack-view';

export interface SessionEnvironment {
  cwd: string;
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

type Listener = (view: StackLoadView) => void;

export class NoStackOpen extends Error {
  override readonly name = 'PayloadError';
  readonly code = 'no-stack-open';
  readonly hint = 'open a compose file or folder first';
}

/**
 * The stack the window shows: opened from a path, reloaded on request, observed by the UI. Variables
 * the user gives without saving them live here, for this session only, and win over `.env`.
 */
export class StackSession {
  private current: StackLoadView | null = null;
  private lastRequest: OpenStackRequest | undefined;
  private readonly given = new Map<string, string>();
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly environment: SessionEnvironment,
    /** Told about every stack that loads, to run it (StackRuntime.attach). */
    private readonly onLoaded: (stack: Stack) => void = () => undefined,
    private readonly settings?: SettingsStore,
    private readonly now: () => number = () => 0,
  ) {}

  get view(): StackLoadView | null {
    return this.current;
  }

  private load(target: string, isFile: boolean, profiles: string[] | undefined, extra: Readonly<Record<string, string>> = {}): LoadResult {
    return loadStack({
      cwd: this.environment.cwd,
      env: { ...this.environment.env, ...Object.fromEntries(this.given), ...extra },
      homeDir: this.environment.homeDir,
      ...(isFile ? { files: [target] } : { projectDir: target }),
      ...(profiles ? { profiles } : {}),
    });
  }

  open(request: OpenStackRequest): StackLoadView {
    if (this.lastRequest && resolve(this.environment.cwd, this.lastRequest.path) !== resolve(this.environment.cwd, request.path)) this.given.clear();
    this.lastRequest = request;
    const target = resolve(this.environment.cwd, request.path);
    const isFile = existsSync(target) && statSync(target).isFile();
    const result = this.load(target, isFile, request.profiles);
    const projectDir = result.stack?.projectDir ?? (isFile ? dirname(target) : target);
    const dotenv = readDotenvKeys(projectDir);
    const isSet = (name: string): boolean => this.environment.env[name] !== undefined || dotenv.has(name) || this.given.has(name);
    if (result.stack) {
      this.current = { status: 'loaded', stack: stackView(result.stack, isSet) };
      this.settings?.addRecent(target, result.stack.name, this.now());
    } else {
      this.current = {
        status: 'invalid',
        source: target,
        errors: result.errors.map(diagnosticView),
        warnings: result.warnings.map(diagnosticView),
        needs: this.neededVariables(result, target, isFile, request.profiles),
        projectDir,
      };
    }
    for (const listener of this.listeners) listener(this.current);
    if (result.stack) this.onLoaded(result.stack);
    return this.current;
  }

  /**
   * Required variables the load stopped on, described from `x-stackpilot.env` when the file loads with
   * stand-in values (only to read those descriptions; the stand-ins are never run).
   */
  private neededVariables(result: LoadResult, target: string, isFile: boolean, profiles: string[] | undefined): VariableView[] {
    const names = [...new Set(result.errors.flatMap((e) => (e.code === 'missing-variable' && e.variable ? [e.variable] : [])))];
    if (names.length === 0) return [];
    const described = this.load(target, isFile, profiles, Object.fromEntries(names.map((n) => [n, 'stackpilot-placeholder']))).stack?.stackpilot.env ?? {};
    const hints = new Map(result.errors.filter((e) => e.variable).map((e) => [e.variable, e.message]));
    return names.map((name) => {
      const declared = described[name];
      const description = declared?.description ?? hints.get(name);
      return { name, ...(description ? { description } : {}), secret: declared?.secret ?? /secret|token|password|key/i.test(name), set: false, required: true };
    });
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

  recent(): RecentStack[] {
    return this.settings?.get().recent ?? [];
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function readDotenvKeys(projectDir: string): Set<string> {
  const file = join(projectDir, '.env');
  if (!existsSync(file)) return new Set();
  return new Set(parseDotenv(file, readFileSync(file, 'utf8')).values.keys());
}
