import { useState } from 'react';
import type { StackView } from '../../../preload/contract';
import { request } from '../bridge';
import { useAppStore } from '../store';
import { describeFailure } from '../transport';

/** The file's profiles, the active ones ticked; Apply opens the stack again with the ticked ones (as --profile). */
export function ProfilePicker({ stack }: { stack: StackView }) {
  const activeNow = stack.profiles.filter((p) => p.active).map((p) => p.name);
  const [chosen, setChosen] = useState<string[]>(activeNow);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  if (stack.profiles.length === 0) return null;
  const changed = chosen.slice().sort().join(',') !== activeNow.slice().sort().join(',');
  const apply = (): void => {
    request('stack:set-profiles', chosen).then(
      (view) => {
        useAppStore.getState().applyStack(view);
        setOpen(false);
      },
      (err: unknown) => setError(describeFailure(err)),
    );
  };
  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => {
          setChosen(activeNow);
          setOpen(!open);
        }}
        className="rounded border border-zinc-300 bg-white px-2 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
      >
        profiles: {activeNow.length > 0 ? activeNow.join(', ') : 'none'} ▾
      </button>
      {open && (
        <div
          role="dialog"
          aria-label="profiles"
          className="absolute left-0 top-7 z-20 w-72 rounded-md border border-zinc-200 bg-white p-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <ul className="flex flex-col gap-1">
            {stack.profiles.map((p) => (
              <li key={p.name}>
                <label className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    checked={chosen.includes(p.name)}
                    onChange={(e) =>
                      setChosen(e.target.checked ? [...chosen, p.name] : chosen.filter((n) => n !== p.name))
                    }
                    className="mt-0.5"
                  />
                  <span>
                    <span className="font-mono font-medium">{p.name}</span>
                    <span className="block text-zinc-500">{p.services.join(', ')}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {error && <p className="mt-1 text-red-700 dark:text-red-400">{error}</p>}
          <div className="mt-2 flex justify-end gap-2">
            <button
              type="button"
              onClick={() => setOpen(false)}
              className="rounded border border-zinc-300 px-2 py-0.5 dark:border-zinc-700"
            >
              Cancel
            </button>
            <button
              type="button"
              disabled={!changed}
              onClick={apply}
              className="rounded bg-indigo-600 px-2 py-0.5 text-white disabled:opacity-50"
            >
              Apply
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
