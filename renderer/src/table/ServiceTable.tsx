import { useCallback, useMemo, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ServiceStateView, ServiceStatsView, StackView } from '../../../preload/contract';
import { useAppStore } from '../store';
import { relatedTo } from '../store/selectors';
import type { SortKey } from '../store/ui-slice';
import { ServiceRow } from './ServiceRow';
import type { RowRelation } from './ServiceRow';
import { stepRow, tableGroups } from './table-model';

const NO_STATES: Record<string, ServiceStateView> = {};
const NO_STATS: Record<string, ServiceStatsView> = {};

/** `wide`: shown only while the table has the window's width (no detail pane beside it). */
const COLUMNS: { label: string; sort?: SortKey; className: string; wide?: true }[] = [
  { label: 'Service', sort: 'name', className: 'w-64 pl-3 pr-2 text-left' },
  { label: 'State', sort: 'state', className: 'w-28 px-2 text-left' },
  { label: 'Why', className: 'px-2 text-left' },
  { label: 'Health', className: 'w-20 px-2 text-left', wide: true },
  { label: 'Ports', className: 'w-32 px-2 text-left', wide: true },
  { label: 'Uptime', sort: 'uptime', className: 'w-20 px-2 text-right' },
  { label: 'Restarts', sort: 'restarts', className: 'w-16 px-2 text-right', wide: true },
  { label: 'CPU', sort: 'cpu', className: 'w-16 px-2 text-right' },
  { label: 'Memory', sort: 'memory', className: 'w-20 pl-2 pr-3 text-right' },
];

/**
 * Every service of the stack in a compact table: grouped, filtered, sorted, walked with ↑/↓ and
 * opened with Enter. The table itself reads the services' states only when a filter or a sort needs
 * them; otherwise each row reads its own, and one service changing re-renders one row.
 */
export function ServiceTable({ stack }: { stack: StackView }) {
  const { groupBy, text, onlyFailing, sort, selected, focused, select, setFocused, sortBy } = useAppStore(
    useShallow((s) => ({
      groupBy: s.groupBy,
      text: s.filterText,
      onlyFailing: s.onlyFailing,
      sort: s.sort,
      selected: s.selected,
      focused: s.focused,
      select: s.select,
      setFocused: s.setFocused,
      sortBy: s.sortBy,
    })),
  );
  const needsStates = text.trim() !== '' || onlyFailing || (sort !== null && sort.key !== 'name');
  const needsStats = sort?.key === 'cpu' || sort?.key === 'memory';
  const states = useAppStore((s) => (needsStates ? s.services : NO_STATES));
  const stats = useAppStore((s) => (needsStats ? s.stats : NO_STATS));
  const groups = useMemo(
    () => tableGroups(stack, states, stats, { groupBy, text, onlyFailing, sort }, Date.now()),
    [stack, states, stats, groupBy, text, onlyFailing, sort],
  );
  const order = useMemo(() => groups.flatMap((g) => g.services.map((s) => s.name)), [groups]);
  const related = relatedTo(stack, focused);
  const narrow = selected !== null;
  const columns = narrow ? COLUMNS.filter((c) => !c.wide) : COLUMNS;
  const body = useRef<HTMLTableElement>(null);

  const open = useCallback((name: string) => select(name), [select]);
  const relation = (name: string): RowRelation =>
    focused === name
      ? 'focused'
      : related.dependsOn.has(name)
        ? 'dependency'
        : related.dependents.has(name)
          ? 'dependent'
          : null;

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>): void => {
    const row = (e.target as HTMLElement).closest('tr[data-service]');
    const current = row?.getAttribute('data-service') ?? null;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = stepRow(order, current, e.key === 'ArrowDown' ? 1 : -1);
      if (next) body.current?.querySelector<HTMLElement>(`tr[data-service="${CSS.escape(next)}"]`)?.focus();
    } else if (e.key === 'Enter' && current) {
      e.preventDefault();
      select(current);
    } else if (e.key === 'Escape' && selected) {
      e.preventDefault();
      select(null);
    }
  };

  if (groups.length === 0) {
    return (
      <p role="status" className="px-4 py-8 text-center text-sm text-zinc-500">
        {onlyFailing && !text
          ? 'Nothing is failing.'
          : `No service matches “${text}”${onlyFailing ? ' among the failing ones' : ''}.`}
      </p>
    );
  }
  return (
    <table
      ref={body}
      aria-label="services"
      className="w-full table-fixed border-collapse text-xs"
      onKeyDown={onKeyDown}
    >
      <thead className="sticky top-0 z-[1] bg-white text-[11px] uppercase tracking-wider text-zinc-500 dark:bg-zinc-900">
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          {columns.map((c) => (
            <th
              key={c.label}
              scope="col"
              className={`py-1 font-semibold ${c.className}`}
              aria-sort={sort && sort.key === c.sort ? (sort.descending ? 'descending' : 'ascending') : undefined}
            >
              {c.sort ? (
                <button
                  type="button"
                  onClick={() => c.sort && sortBy(c.sort)}
                  className="uppercase hover:text-zinc-900 dark:hover:text-zinc-100"
                  aria-label={`Sort by ${c.label.toLowerCase()}`}
                >
                  {c.label}
                  {sort?.key === c.sort ? (sort.descending ? ' ↓' : ' ↑') : ''}
                </button>
              ) : (
                c.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      {groups.map((g) => (
        <tbody key={g.key} aria-labelledby={`group-${g.key}`}>
          <tr>
            <th
              id={`group-${g.key}`}
              colSpan={columns.length}
              scope="rowgroup"
              className="bg-zinc-50 py-px pl-3 text-left text-[11px] font-semibold uppercase tracking-wider text-zinc-500 dark:bg-zinc-950/60"
            >
              {g.title}{' '}
              <span className="font-normal normal-case tracking-normal text-zinc-400">· {g.services.length}</span>
            </th>
          </tr>
          {g.services.map((s) => (
            <ServiceRow
              key={s.name}
              service={s}
              relation={relation(s.name)}
              selected={selected === s.name}
              narrow={narrow}
              onOpen={open}
              onFocusRow={setFocused}
            />
          ))}
        </tbody>
      ))}
    </table>
  );
}
