/**
 * A service's state: colour and words together, never colour alone. Before the orchestrator runs
 * anything every service is `defined`.
 */
const STYLES: Record<string, string> = {
  defined: 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
};

export function StateBadge({ state }: { state: 'defined' }) {
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STYLES[state]}`}>
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-current opacity-60" />
      {state === 'defined' ? 'not started' : state}
    </span>
  );
}
