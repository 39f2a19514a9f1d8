import type { ServiceStatusView } from '../../../preload/contract';

/** A service's state: colour and words together, never colour alone. */
const STYLES: Record<ServiceStatusView, string> = {
  defined: 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
  waiting: 'bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
  pulling: 'bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  building: 'bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  starting: 'bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  ready:
    'bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  completed:
    'bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  unhealthy: 'bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
  failed: 'bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
  backoff: 'bg-orange-50 text-orange-800 ring-orange-300 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-800',
  blocked:
    'bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-300 dark:bg-fuchsia-950 dark:text-fuchsia-200 dark:ring-fuchsia-800',
  stopping: 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
  stopped: 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
};

const WORDS: Partial<Record<ServiceStatusView, string>> = { defined: 'not started' };

/** `small`: for a table row, where the line height decides how many services fit on a screen. */
export function StateBadge({ state, small = false }: { state: ServiceStatusView; small?: boolean }) {
  return (
    <span
      data-state={state}
      className={`inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded-full font-medium ring-1 ${small ? 'px-1.5 text-[11px] leading-4' : 'px-2 py-0.5 text-xs'} ${STYLES[state]}`}
    >
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-current opacity-60" />
      {WORDS[state] ?? state}
    </span>
  );
}
