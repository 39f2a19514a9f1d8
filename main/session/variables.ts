import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv } from '../orchestrator/compose/dotenv';
import type { Stack } from '../orchestrator/compose/model';
import type { VariableState } from './preflight';

/** The names the project's `.env` gives a value (none when it has no `.env`). */
export function readDotenvKeys(projectDir: string): Set<string> {
  const file = join(projectDir, '.env');
  if (!existsSync(file)) return new Set();
  return new Set(parseDotenv(file, readFileSync(file, 'utf8')).values.keys());
}

/** The variables `x-stackpilot.env` declares: whether each has a value, and whether the stack needs one. */
export function variableStates(stack: Stack, isSet: (name: string) => boolean): VariableState[] {
  return Object.entries(stack.stackpilot.env).map(([name, v]) => ({
    name,
    set: isSet(name),
    required: v.default === undefined,
  }));
}

/** A variable the stack declares or needs, as a person is asked for it: never its value. */
export interface Variable extends VariableState {
  description?: string;
  secret: boolean;
  /** Given only for variables that are not secret. */
  default?: string;
}

/** The variables `x-stackpilot.env` declares, each with what it says of itself. */
export function stackVariables(stack: Stack, isSet: (name: string) => boolean): Variable[] {
  return variableStates(stack, isSet).map((state) => {
    const v = stack.stackpilot.env[state.name];
    return {
      ...state,
      ...(v?.description ? { description: v.description } : {}),
      secret: v?.secret ?? false,
      ...(v?.default !== undefined && !v.secret ? { default: v.default } : {}),
    };
  });
}
