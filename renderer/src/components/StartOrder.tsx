import { Fragment } from 'react';

/** The start order as levels: services in one level start together once the previous level is up. */
export function StartOrder({ levels }: { levels: string[][] }) {
  return (
    <ol aria-label="start order" className="flex flex-wrap items-center gap-2 text-xs">
      {levels.map((level, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <li aria-hidden className="text-zinc-400">
              →
            </li>
          )}
          <li className="flex items-center gap-1 rounded-md border border-zinc-200 bg-white px-2 py-1 dark:border-zinc-800 dark:bg-zinc-900">
            <span className="font-semibold text-zinc-500">{i + 1}</span>
            <span className="font-mono">{level.join(' · ')}</span>
          </li>
        </Fragment>
      ))}
    </ol>
  );
}
