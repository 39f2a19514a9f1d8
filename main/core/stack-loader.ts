import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readDotenvKeys } from '../session/variables';
import { loadStack } from '../orchestrator/compose/load';
import type { LoadResult } from '../orchestrator/compose/load';
import type { Stack } from '../orchestrator/compose/model';
import type { OpenStackRequest, StackLoadView, VariableView } from '../../preload/contract';
import { diagnosticView, stackView } from './stack-view';

export interface SessionEnvironment {
  cwd: string;
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** A load as the window sees it (its revision is given by the one who owns the open stack). */
export type LoadedView = { status: 'loaded'; stack: Extract<StackLoadView, { status: 'loaded' }>['stack'] } | Omit<Extract<StackLoadView, { status: 'invalid' }>, 'revision'>;

export interface StackLoad {
  /** The file or folder asked for, made absolute. */
  target: string;
  view: LoadedView;
  /** Set when the stack loaded: what the runtime runs. */
  stack?: Stack;
}

/**
 * Loads the stack a request names, with the values the user gave this session (which win over the
 * environment and `.env`), into the view the window shows.
 */
export function loadStackView(environment: SessionEnvironment, request: OpenStackRequest, given: ReadonlyMap<string, string>): StackLoad {
  const target = resolve(environment.cwd, request.path);
  const isFile = existsSync(target) && statSync(target).isFile();
  const load = (extra: Readonly<Record<string, string>> = {}): LoadResult =>
    loadStack({
      cwd: environment.cwd,
      env: { ...environment.env, ...Object.fromEntries(given), ...extra },
      homeDir: environment.homeDir,
      ...(isFile ? { files: [target] } : { projectDir: target }),
      ...(request.profiles ? { profiles: request.profiles } : {}),
      ...(request.projectName ? { projectName: request.projectName } : {}),
    });
  const result = load();
  const projectDir = result.stack?.projectDir ?? (isFile ? dirname(target) : target);
  const dotenv = readDotenvKeys(projectDir);
  const isSet = (name: string): boolean => environment.env[name] !== undefined || dotenv.has(name) || given.has(name);
  if (result.stack) return { target, view: { status: 'loaded', stack: stackView(result.stack, isSet) }, stack: result.stack };
  return {
    target,
    view: {
      status: 'invalid',
      source: target,
      errors: result.errors.map(diagnosticView),
      warnings: result.warnings.map(diagnosticView),
      needs: neededVariables(result, load),
      projectDir,
    },
  };
}

/**
 * Required variables the load stopped on, described from `x-stackpilot.env` when the file loads with
 * stand-in values (only to read those descriptions; the stand-ins are never run).
 */
function neededVariables(result: LoadResult, load: (extra: Readonly<Record<string, string>>) => LoadResult): VariableView[] {
  const names = [...new Set(result.errors.flatMap((e) => (e.code === 'missing-variable' && e.variable ? [e.variable] : [])))];
  if (names.length === 0) return [];
  const described = load(Object.fromEntries(names.map((n) => [n, 'stackpilot-placeholder']))).stack?.stackpilot.env ?? {};
  const hints = new Map(result.errors.filter((e) => e.variable).map((e) => [e.variable, e.message]));
  return names.map((name) => {
    const declared = described[name];
    const description = declared?.description ?? hints.get(name);
    return { name, ...(description ? { description } : {}), secret: declared?.secret ?? /secret|token|password|key/i.test(name), set: false, required: true };
  });
}
