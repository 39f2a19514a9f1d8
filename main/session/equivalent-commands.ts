import { relative } from 'node:path';
import type { Stack } from '../orchestrator/compose/model';

/** What a window action is from a terminal: the `stackpilot` command, and compose's where it has one. */
export interface Equivalents {
  cli: string;
  compose?: string;
}

/**
 * The commands for an action on `stack`, with the project and files it was opened with. Compose's
 * `up` is given `-d --wait`: that is what Stackpilot's `up` does (detached, until ready).
 */
export function equivalents(
  stack: Stack | undefined,
  cwd: string,
  stackpilot: string | string[],
  compose?: string | string[],
  context?: string,
): Equivalents {
  const where = stack ? ` -p ${stack.name} ${stack.files.map((f) => `-f ${relative(cwd, f) || f}`).join(' ')}` : '';
  // The engine picked for the stack, given as docker gives it: before the command.
  const on = context ? ` --context ${context}` : '';
  const chain = (tool: 'stackpilot' | 'docker', commands: string | string[]): string =>
    [commands]
      .flat()
      .map((c) => (tool === 'stackpilot' ? `stackpilot${on} ${c}${where}` : `docker${on} compose${where} ${c}`))
      .join(' && ');
  return {
    cli: chain('stackpilot', stackpilot),
    ...(compose !== undefined ? { compose: chain('docker', compose) } : {}),
  };
}
