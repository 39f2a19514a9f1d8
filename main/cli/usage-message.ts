import { editDistance } from '../orchestrator/compose/key-support';
import { composeOnlyFlag } from './compose-only-flags';
import type { UsageError } from './usage-error';

/**
 * What a mistake at the prompt prints: one short line naming it (and, for an unknown option, the
 * nearest right one, or why compose's option is not taken here), then the command's usage line.
 */
export function usageMessage(command: string, err: UsageError, help: string): string {
  return `stackpilot ${command}: ${explain(command, err, help)}\n${help.split('\n')[0] ?? ''}\nRun 'stackpilot ${command} --help' for its options.\n`;
}

function explain(command: string, err: UsageError, help: string): string {
  const typed = err.unknownOption;
  if (typed === undefined) return err.message;
  const why = composeOnlyFlag(command, typed);
  if (why) return `${typed} (docker compose's) is not supported here: ${why}`;
  let best: { name: string; d: number } | undefined;
  for (const name of new Set(help.match(/--[a-z][a-z-]*/g) ?? [])) {
    const d = editDistance(typed, name);
    if (d <= 3 && (!best || d < best.d)) best = { name, d };
  }
  return best ? `unknown option ${typed}: did you mean ${best.name}?` : `unknown option ${typed}`;
}
