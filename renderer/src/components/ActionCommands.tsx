import { useState } from 'react';
import type { ActionResult } from '../../../preload/contract';

const CHIP =
  'ml-2 inline-block max-w-[28rem] truncate rounded bg-zinc-100 px-1 align-bottom font-mono text-zinc-600 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700';

/** The last action as terminal commands, stackpilot's and docker compose's; a click copies one. */
export function ActionCommands({ action }: { action: ActionResult }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (command: string): void => {
    navigator.clipboard.writeText(command).then(
      () => setCopied(command),
      () => setCopied(null),
    );
  };
  const commands = [
    { label: 'the same from a terminal', command: action.cli },
    { label: 'the same with docker compose', command: action.compose ?? '' },
  ].filter((c) => c.command);
  return (
    <>
      {commands.map(({ label, command }) => (
        <button
          key={label}
          type="button"
          className={CHIP}
          title={`${label} (click to copy):\n${command}`}
          aria-label={`copy: ${command}`}
          onClick={() => copy(command)}
        >
          $ {command}
        </button>
      ))}
      {copied && <span className="ml-2 text-zinc-500">copied</span>}
    </>
  );
}
