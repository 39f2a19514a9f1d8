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
  return Object.entries(stack.stackpilot.env).map(([name, v]) => ({ name, set: isSet(name), required: v.default === undefined }));
}
