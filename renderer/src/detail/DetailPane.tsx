import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { ServiceView, StackView } from '../../../preload/contract';
import { LogsPanel } from '../logs/LogsPanel';
import { ServiceControls } from '../components/ServiceControls';
import { StateBadge } from '../components/StateBadge';
import { useAppStore } from '../store';
import type { DetailTab } from '../store/ui-slice';
import { OverviewTab } from './OverviewTab';
import { TimelineTab } from './TimelineTab';
import { InspectTab } from './InspectTab';
import { TerminalTab } from './TerminalTab';
import { StatsTab } from '../stats/StatsTab';

const TABS: { id: DetailTab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'logs', label: 'Logs' },
  { id: 'terminal', label: 'Terminal' },
  { id: 'stats', label: 'Stats' },
  { id: 'inspect', label: 'Inspect' },
  { id: 'timeline', label: 'Timeline' },
];

/** The tab bar: a WAI-ARIA tablist, ←/→ move between tabs. */
function Tabs({ service, tab, onTab }: { service: string; tab: DetailTab; onTab: (t: DetailTab) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const at = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(at + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    onTab(next.id);
    list.current?.querySelector<HTMLElement>(`[data-tab="${next.id}"]`)?.focus();
  };
  return (
    <div
      ref={list}
      role="tablist"
      aria-label={`${service} details`}
      className="flex gap-1 border-b border-zinc-200 px-3 dark:border-zinc-800"
      onKeyDown={onKeyDown}
    >
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          data-tab={t.id}
          id={`tab-${t.id}`}
          aria-selected={tab === t.id}
          aria-controls="detail-tabpanel"
          tabIndex={tab === t.id ? 0 : -1}
          onClick={() => onTab(t.id)}
          className={`-mb-px border-b-2 px-2 py-1.5 text-xs font-medium ${tab === t.id ? 'border-indigo-500 text-zinc-900 dark:text-zinc-100' : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200'}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** The selected service, beside the table: its why, its logs, its history. Escape closes it. */
export function DetailPane({ stack, service }: { stack: StackView; service: ServiceView }) {
  const state = useAppStore((s) => s.services[service.name]);
  const tab = useAppStore((s) => s.detailTab);
  const setTab = useAppStore((s) => s.setDetailTab);
  const select = useAppStore((s) => s.select);
  const engineDown = useAppStore((s) => s.engine !== null && s.engine.state !== 'connected');
  const running =
    state !== undefined &&
    state.containerId !== undefined &&
    ['starting', 'ready', 'unhealthy', 'waiting'].includes(state.status);
  return (
    <aside
      aria-label={`${service.name} details`}
      data-detail={service.name}
      onKeyDown={(e) => {
        // Escape in the terminal is the shell's (vi, less), not the pane's.
        if (e.key === 'Escape' && !(e.target as HTMLElement).closest('[data-terminal]')) {
          e.stopPropagation();
          select(null);
          document.querySelector<HTMLElement>(`tr[data-service="${CSS.escape(service.name)}"]`)?.focus();
        }
      }}
      className="flex min-h-0 w-[min(46%,560px)] shrink-0 flex-col border-l border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex items-center gap-2 px-3 pb-1 pt-2">
        <h2 className="truncate font-mono text-sm font-semibold">{service.name}</h2>
        <StateBadge state={state?.status ?? 'defined'} />
        <button
          type="button"
          aria-label="close the details"
          title="Close (Esc)"
          onClick={() => select(null)}
          className="ml-auto rounded px-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          ✕
        </button>
      </header>
      <div className="px-3 pb-2">
        <ServiceControls name={service.name} state={state} disabled={engineDown} />
      </div>
      <Tabs service={service.name} tab={tab} onTab={setTab} />
      <div
        id="detail-tabpanel"
        role="tabpanel"
        aria-labelledby={`tab-${tab}`}
        className={`min-h-0 flex-1 ${tab === 'logs' || tab === 'terminal' ? 'flex flex-col' : 'overflow-auto p-3'}`}
      >
        {tab === 'overview' && <OverviewTab service={service} state={state} />}
        {tab === 'logs' && (
          <LogsPanel
            services={[service.name]}
            stackName={stack.name}
            only={service.name}
            heightClass="min-h-0 flex-1"
          />
        )}
        {tab === 'stats' && <StatsTab service={service.name} running={running} />}
        {tab === 'terminal' && <TerminalTab service={service.name} running={running} />}
        {tab === 'inspect' && <InspectTab service={service.name} containerId={state?.containerId} />}
        {tab === 'timeline' && <TimelineTab entries={state?.timeline ?? []} />}
      </div>
    </aside>
  );
}
