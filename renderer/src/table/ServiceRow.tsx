import { memo } from 'react';
import type { ServiceView } from '../../../preload/contract';
import { StateBadge } from '../components/StateBadge';
import { useAppStore } from '../store';
import { CpuCell, MemoryCell, PortLinks, ReasonText, Uptime, healthWord } from './cells';

export type RowRelation = 'focused' | 'dependency' | 'dependent' | null;

const RELATION: Record<Exclude<RowRelation, null>, string> = {
  focused: 'shadow-[inset_3px_0_0] shadow-indigo-500',
  dependency: 'bg-sky-50 dark:bg-sky-950/50',
  dependent: 'bg-violet-50 dark:bg-violet-950/50',
};

interface Props {
  service: ServiceView;
  relation: RowRelation;
  selected: boolean;
  /** The detail pane is open: the table drops health, ports and restarts. */
  narrow: boolean;
  onOpen: (name: string) => void;
  onFocusRow: (name: string | null) => void;
}

/**
 * One service in one line. It reads its own state and stats from the store, so a service that
 * changes re-renders its row and nothing else; memoised against the table's own renders.
 */
export const ServiceRow = memo(function ServiceRow({ service, relation, selected, narrow, onOpen, onFocusRow }: Props) {
  const state = useAppStore((s) => s.services[service.name]);
  const stats = useAppStore((s) => s.stats[service.name]);
  const status = state?.status ?? 'defined';
  const health = healthWord(service, state);
  const replicas = state?.replicaCount ?? 1;
  return (
    <tr
      tabIndex={0}
      data-service={service.name}
      data-related={relation ?? undefined}
      aria-selected={selected}
      aria-label={`service ${service.name}`}
      onClick={() => onOpen(service.name)}
      onFocus={() => onFocusRow(service.name)}
      onMouseEnter={() => onFocusRow(service.name)}
      onMouseLeave={() => onFocusRow(null)}
      className={`cursor-pointer border-b border-zinc-100 outline-none hover:bg-zinc-50 focus-visible:bg-indigo-50 dark:border-zinc-800/70 dark:hover:bg-zinc-800/50 dark:focus-visible:bg-indigo-950/60 ${
        selected ? 'bg-indigo-50 dark:bg-indigo-950/60' : relation && relation !== 'focused' ? RELATION[relation] : ''
      } ${relation === 'focused' ? RELATION.focused : ''}`}
    >
      <td className="truncate py-px pl-3 pr-2 font-mono font-medium" title={service.description ?? service.name}>
        {service.name}
        {replicas > 1 && <span className="ml-1 font-sans text-zinc-500">×{replicas}</span>}
        {state?.outdated && (
          <span
            className="ml-1 font-sans text-amber-700 dark:text-amber-300"
            title="the definition changed; Up recreates it"
          >
            · outdated
          </span>
        )}
        {state?.slower && (
          <span
            className="ml-1 font-sans text-amber-700 dark:text-amber-300"
            data-slower
            title={`ready in ${Math.round(state.slower.ms)} ms, usually ${Math.round(state.slower.usualMs)} ms`}
          >
            · slower
          </span>
        )}
      </td>
      <td className="px-2 py-px">
        <StateBadge state={status} small />
      </td>
      <td className="max-w-0 truncate px-2 py-px text-zinc-600 dark:text-zinc-400" title={state?.reason} data-reason>
        {state && <ReasonText state={state} />}
      </td>
      {!narrow && (
        <td
          className="whitespace-nowrap px-2 py-px text-zinc-500"
          title={service.readiness}
          data-health={health || undefined}
        >
          {health || '—'}
        </td>
      )}
      {!narrow && (
        <td className="truncate px-2 py-px">{service.ports.length > 0 && <PortLinks ports={service.ports} />}</td>
      )}
      <td className="whitespace-nowrap px-2 py-px text-right tabular-nums text-zinc-500">
        {status === 'ready' && state?.startedAt !== undefined && <Uptime since={state.startedAt} />}
      </td>
      {!narrow && (
        <td className="px-2 py-px text-right tabular-nums text-zinc-500" data-restarts={state?.restarts ?? 0}>
          {state && state.restarts > 0 ? state.restarts : ''}
        </td>
      )}
      <td className="whitespace-nowrap px-2 py-px text-right tabular-nums">
        <CpuCell stats={stats} />
      </td>
      <td className="whitespace-nowrap py-px pl-2 pr-3 text-right tabular-nums">
        <MemoryCell stats={stats} />
      </td>
    </tr>
  );
});
