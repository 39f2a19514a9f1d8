import { useShallow } from 'zustand/react/shallow';
import type { OverallState } from '../../../preload/contract';
import { closeStack, openStack } from '../bridge';
import { useAppStore } from '../store';

const DOT: Record<OverallState, string> = {
  idle: 'bg-zinc-400',
  starting: 'bg-sky-500',
  ready: 'bg-emerald-500',
  failed: 'bg-red-500',
};

/**
 * One button per open stack, its state as a dot: a click shows it (at once: its runtime ran all
 * along), × closes it (its containers keep running). Before the first list arrives: the shown one.
 */
export function OpenStacksNav() {
  const { openStacks, stack, home, setHome } = useAppStore(
    useShallow((s) => ({ openStacks: s.openStacks, stack: s.stack, home: s.home, setHome: s.setHome })),
  );
  if (stack === null) return null;
  const shownName = stack.status === 'loaded' ? stack.stack.name : 'invalid stack';
  const list = openStacks.stacks.length > 0 ? openStacks.stacks : [{ path: '', name: shownName, overall: undefined }];
  const several = list.length > 1;
  return (
    <ul aria-label="open stacks" className="flex min-w-0 gap-1">
      {list.map((s) => {
        const active = s.path === '' || s.path === openStacks.active;
        const pressed = active && !home;
        return (
          <li
            key={s.path || 'shown'}
            className={`flex items-center rounded ${pressed ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`}
          >
            <button
              type="button"
              aria-pressed={pressed}
              title={s.overall ? `${s.name}: ${s.overall.words}` : s.name}
              onClick={() => (active ? setHome(false) : void openStack(s.path))}
              className="flex max-w-48 items-center gap-1.5 truncate px-2 py-0.5 font-mono"
            >
              {s.overall && <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${DOT[s.overall.state]}`} />}
              <span className="truncate">{active ? shownName : s.name}</span>
            </button>
            {several && (
              <button
                type="button"
                aria-label={`close ${s.name}`}
                title={`Close ${s.name} (its containers keep running)`}
                onClick={() => void closeStack(s.path)}
                className="pr-1.5 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
              >
                ×
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
