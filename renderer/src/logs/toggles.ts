/** The logs dock's small buttons: a plain one, and one that shows whether it is on. */
export const TOGGLE = 'rounded border px-2 py-0.5 text-xs';

export const toggleClass = (on: boolean): string =>
  `${TOGGLE} ${on ? 'border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900' : 'border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900'}`;
