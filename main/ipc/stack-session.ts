import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDotenv } from '../engine/compose/dotenv';
import { loadStack } from '../engine/compose/load';
import type { Stack } from '../engine/compose/model';
import type { OpenStackRequest, StackLoadView } from '../../preload/contract';
import { diagnosticView, stackView } from './stack-view';

export interface SessionEnvironment {
  cwd: string;
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

type Listener = (view: StackLoadView) => void;

/** The stack the window shows: opened from a path, reloaded on request, observed by the UI. */
export class StackSession {
  private current: StackLoadView | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly environment: SessionEnvironment,
    /** Told about every stack that loads, to run it (StackRuntime.attach). */
    private readonly onLoaded: (stack: Stack) => void = () => undefined,
  ) {}

  get view(): StackLoadView | null {
    return this.current;
  }

  open(request: OpenStackRequest): StackLoadView {
    const target = resolve(this.environment.cwd, request.path);
    const isFile = existsSync(target) && statSync(target).isFile();
    const result = loadStack({
      cwd: this.environment.cwd,
      env: this.environment.env,
      homeDir: this.environment.homeDir,
      ...(isFile ? { files: [target] } : { projectDir: target }),
      ...(request.profiles ? { profiles: request.profiles } : {}),
    });
    const projectDir = result.stack?.projectDir ?? (isFile ? dirname(target) : target);
    const dotenv = readDotenvKeys(projectDir);
    const isSet = (name: string): boolean => this.environment.env[name] !== undefined || dotenv.has(name);
    this.current = result.stack
      ? { status: 'loaded', stack: stackView(result.stack, isSet) }
      : { status: 'invalid', source: target, errors: result.errors.map(diagnosticView), warnings: result.warnings.map(diagnosticView) };
    for (const listener of this.listeners) listener(this.current);
    if (result.stack) this.onLoaded(result.stack);
    return this.current;
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
