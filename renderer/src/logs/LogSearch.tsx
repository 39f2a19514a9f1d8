import type { RefObject } from 'react';
import type { CompiledQuery } from './search';
import { TOGGLE, toggleClass } from './toggles';

interface Props {
  inputRef: RefObject<HTMLInputElement | null>;
  query: string;
  setQuery: (query: string) => void;
  regex: boolean;
  setRegex: (regex: boolean) => void;
  compiled: CompiledQuery | null;
  /** How many lines match. */
  matches: number;
  /** The match shown (-1: none). */
  current: number;
  goToMatch: (n: number) => void;
}

/** The dock's search: the text (or a regex), how many lines match, and stepping through them (Enter, Shift+Enter). */
export function LogSearch({
  inputRef,
  query,
  setQuery,
  regex,
  setRegex,
  compiled,
  matches,
  current,
  goToMatch,
}: Props) {
  const search = compiled?.ok ? compiled : null;
  return (
    <>
      <label className="flex items-center">
        <span className="sr-only">Search logs</span>
        <input
          ref={inputRef}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              goToMatch(current + (e.shiftKey ? -1 : 1));
            } else if (e.key === 'Escape') setQuery('');
          }}
          placeholder="Search logs"
          aria-invalid={compiled?.ok === false}
          className={`w-48 rounded border bg-white px-2 py-0.5 text-xs dark:bg-zinc-950 ${compiled?.ok === false ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'}`}
        />
      </label>
      <button
        type="button"
        aria-pressed={regex}
        title="regular expression"
        onClick={() => setRegex(!regex)}
        className={`${toggleClass(regex)} font-mono`}
      >
        .*
      </button>
      <span title="matches" className="min-w-16 text-center text-xs text-zinc-500" aria-live="polite">
        {compiled?.ok === false ? 'bad regex' : search ? `${matches === 0 ? 0 : current + 1}/${matches}` : ''}
      </span>
      <button
        type="button"
        aria-label="previous match"
        disabled={matches === 0}
        onClick={() => goToMatch(current - 1)}
        className={`${TOGGLE} border-zinc-300 disabled:opacity-40 dark:border-zinc-700`}
      >
        ↑
      </button>
      <button
        type="button"
        aria-label="next match"
        disabled={matches === 0}
        onClick={() => goToMatch(current + 1)}
        className={`${TOGGLE} border-zinc-300 disabled:opacity-40 dark:border-zinc-700`}
      >
        ↓
      </button>
    </>
  );
}
