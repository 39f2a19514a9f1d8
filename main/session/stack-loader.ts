import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readDotenvKeys } from './variables';
import type { Variable } from './variables';
import type { Diagnostic } from '../orchestrator/compose/diagnostics';
import { loadStack } from '../orchestrator/compose/load';
import type { LoadResult } from '../orchestrator/compose/load';
import type { Stack } from '../orchestrator/compose/model';

export interface SessionEnvironment {
  cwd: string;
  homeDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Which stack to open: a compose file or a folder, with profiles and a project name as `-p` gives it. */
export interface OpenRequest {
  path: string;
  profiles?: string[];
  projectName?: string;
}

/** A stack that loaded (and which variables have a value), or why it did not and what would help. */
export type LoadOutcome =
  | { status: 'loaded'; stack: Stack; isSet: (name: string) => boolean }
  | {
      status: 'invalid';
      source: string;
      errors: Diagnostic[];
      warnings: Diagnostic[];
      /** Variables that would let it load: asked for instead of only listed as errors. */
      needs: Variable[];
      /** Where `.env` would be written for them. */
      projectDir: string;
    };

export interface StackLoad {
  /** The file or folder asked for, made absolute. */
  target: string;
  outcome: LoadOutcome;
  /** Set when the stack loaded: what the session runs. */
  stack?: Stack;
}

/**
 * A load as it is shown, told as `stack:changed`: its revision (newer than any shown before), and for
 * an edit that no longer loads, the stack still shown (and running) with why the edit does not.
 */
export type StackShown =
  | (Extract<LoadOutcome, { status: 'loaded' }> & {
      revision: number;
      reloadErrors?: Diagnostic[];
      changedFile?: string;
    })
  | (Extract<LoadOutcome, { status: 'invalid' }> & { revision: number });

/**
 * Loads the stack a request names, with the values the user gave this session (which win over the
 * environment and `.env`).
 */
export function loadStackFor(
  environment: SessionEnvironment,
  request: OpenRequest,
  given: ReadonlyMap<string, string>,
): StackLoad {
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
  // As they are at this load: a value given later comes with a load of its own.
  const givenNow = new Set(given.keys());
  const isSet = (name: string): boolean =>
    environment.env[name] !== undefined || dotenv.has(name) || givenNow.has(name);
  if (result.stack) return { target, outcome: { status: 'loaded', stack: result.stack, isSet }, stack: result.stack };
  return {
    target,
    outcome: {
      status: 'invalid',
      source: target,
      errors: result.errors,
      warnings: result.warnings,
      needs: neededVariables(result, load),
      projectDir,
    },
  };
}

/**
 * Required variables the load stopped on, described from `x-stackpilot.env` when the file loads with
 * stand-in values (only to read those descriptions; the stand-ins are never run).
 */
function neededVariables(
  result: LoadResult,
  load: (extra: Readonly<Record<string, string>>) => LoadResult,
): Variable[] {
  const names = [
    ...new Set(result.errors.flatMap((e) => (e.code === 'missing-variable' && e.variable ? [e.variable] : []))),
  ];
  if (names.length === 0) return [];
  const described =
    load(Object.fromEntries(names.map((n) => [n, 'stackpilot-placeholder']))).stack?.stackpilot.env ?? {};
  const hints = new Map(result.errors.filter((e) => e.variable).map((e) => [e.variable, e.message]));
  return names.map((name) => {
    const declared = described[name];
    const description = declared?.description ?? hints.get(name);
    return {
      name,
      ...(description ? { description } : {}),
      secret: declared?.secret ?? /secret|token|password|key/i.test(name),
      set: false,
      required: true,
    };
  });
}
