import { Fragment } from 'react';

/** Up to this many services, each level lists its names; past it, a level says how many (names on hover). */
const NAMES_UP_TO = 12;

/** The start order as levels: services in one level start together once the previous level is up. */
export function StartOrder({ levels }: { levels: string[][] }) {
  const compact = levels.flat().length > NAMES_UP_TO;
  return (
    <ol aria-label="start order" className="flex flex-wrap items-center gap-1.5 text-xs">
      {levels.map((level, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <li aria-hidden className="text-zinc-400">
              →
            </li>
          )}
          <li
            className="flex items-center gap-1 rounded-md border border-zinc-200 bg-white px-1.5 py-0.5 dark:border-zinc-800 dark:bg-zinc-900"
            title={compact ? level.join('\n') : undefined}
            aria-label={compact ? `level ${i + 1}: ${level.join(', ')}` : undefined}
          >
            <span className="font-semibold text-zinc-500">{i + 1}</span>
            <span className="font-mono">
              {compact ? (level.length === 1 ? level[0] : `${level.length} services`) : level.join(' · ')}
            </span>
          </li>
        </Fragment>
      ))}
    </ol>
  );
}
