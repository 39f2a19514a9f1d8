import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { OverallState, StackView } from '../../../preload/contract';
import { runAction } from '../bridge';
import { ActionCommands } from '../components/ActionCommands';
import { ChangesBanner } from '../components/ChangesBanner';
import { DiagnosticList } from '../components/DiagnosticList';
import { EngineChip } from '../components/EngineChip';
import { EnginePicker } from '../components/EnginePicker';
import { PreflightChecklist } from '../components/PreflightChecklist';
import { ProfilePicker } from '../components/ProfilePicker';
import { Segmented } from '../components/Segmented';
import { StartOrder } from '../components/StartOrder';
import { DetailPane } from '../detail/DetailPane';
import { useAppStore } from '../store';
import { ServiceTable } from '../table/ServiceTable';
import { isFailing } from '../table/table-model';
import { LogsDock } from './LogsDock';
import { StackTotals } from '../stats/StackTotals';
import { WatchToggle } from '../components/WatchToggle';
import { RunTimeline } from '../timeline/RunTimeline';
import { AdvisorDialog } from '../components/AdvisorDialog';
import { PlanDialog } from '../components/PlanDialog';
import { Button } from '../ui/Button';

// The graph brings its layout library; it loads the first time the graph is shown.
const DependencyGraph = lazy(() => import('../graph/DependencyGraph').then((m) => ({ default: m.DependencyGraph })));

const OVERALL_STYLE: Record<OverallState, string> = {
  idle: 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
  starting: 'bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  ready:
    'bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  failed: 'bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
};

/** The whole stack in one word (the same the tray shows), colour and text together. */
function OverallBadge() {
  const overall = useAppStore(useShallow((s) => s.overall));
  return (
    <span
      data-overall={overall.state}
      className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${OVERALL_STYLE[overall.state]}`}
    >
      {overall.words}
    </span>
  );
}

/** Name, state, the stack's commands and what the last one did, in two lines. */
function StackHeader({ stack }: { stack: StackView }) {
  const { engine, busy, lastAction } = useAppStore(
    useShallow((s) => ({ engine: s.engine, busy: s.busy, lastAction: s.lastAction })),
  );
  const engineDown = engine !== null && engine.state !== 'connected';
  const [planning, setPlanning] = useState(false);
  return (
    <section aria-labelledby="stack-title" className="flex flex-col gap-1 px-4 pb-2 pt-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 id="stack-title" className="text-xl font-semibold tracking-tight">
          {stack.name}
        </h1>
        <OverallBadge />
        <span className="text-sm text-zinc-500">
          {stack.services.length} service{stack.services.length === 1 ? '' : 's'} · {stack.levels.length} start level
          {stack.levels.length === 1 ? '' : 's'}
        </span>
        <StackTotals />
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="go"
            disabled={engineDown || busy['stack:up'] === true}
            onClick={() => void runAction('stack:up', (a) => a.invoke('stack:up'))}
          >
            {busy['stack:up'] ? 'Starting…' : 'Up'}
          </Button>
          <Button
            disabled={engineDown}
            onClick={() => setPlanning(true)}
            title="What Up would create, recreate, start or remove, and why (up --dry-run)"
          >
            Plan
          </Button>
          <PlanDialog open={planning} onClose={() => setPlanning(false)} />
          <Button
            disabled={engineDown || busy['stack:down'] === true}
            onClick={() => void runAction('stack:down', (a) => a.invoke('stack:down'))}
          >
            {busy['stack:down'] ? 'Stopping…' : 'Down'}
          </Button>
          <Button
            disabled={engineDown || busy['stack:restart'] === true || busy['stack:up'] === true}
            onClick={() => void runAction('stack:restart', (a) => a.invoke('stack:restart'))}
          >
            {busy['stack:restart'] ? 'Restarting…' : 'Restart all'}
          </Button>
          <WatchToggle stack={stack} />
          <EnginePicker stack={stack} />
          <EngineChip />
        </div>
        {lastAction && (
          <p
            role="status"
            className={`min-w-0 truncate text-xs ${lastAction.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}
            title={lastAction.message}
          >
            {lastAction.message}
            <ActionCommands action={lastAction} />
          </p>
        )}
        {lastAction?.confirm && (
          <Button
            variant="danger"
            size="xs"
            title={lastAction.confirm.question}
            disabled={engineDown || busy['stack:up'] === true}
            onClick={() => void runAction('stack:up', (a) => a.invoke('stack:up', { recreateChangedVolumes: true }))}
          >
            {lastAction.confirm.answer}
          </Button>
        )}
      </div>
      <p className="truncate text-xs text-zinc-500">
        {stack.description && <span className="text-zinc-600 dark:text-zinc-400">{stack.description} · </span>}
        <span className="font-mono" title={stack.files.join('\n')}>
          {stack.files.join(', ')}
        </span>
        {stack.docs && (
          <>
            {' · '}
            <a
              href={stack.docs}
              target="_blank"
              rel="noreferrer"
              className="text-indigo-600 hover:underline dark:text-indigo-400"
            >
              docs
            </a>
          </>
        )}
      </p>
    </section>
  );
}

/** Filter, "only failing", grouping and the list/graph switch; `/` comes here. */
function Toolbar({ stack }: { stack: StackView }) {
  const { text, setText, onlyFailing, setOnlyFailing, groupBy, setGroupBy, servicesView, setServicesView, command } =
    useAppStore(
      useShallow((s) => ({
        text: s.filterText,
        setText: s.setFilterText,
        onlyFailing: s.onlyFailing,
        setOnlyFailing: s.setOnlyFailing,
        groupBy: s.groupBy,
        setGroupBy: s.setGroupBy,
        servicesView: s.servicesView,
        setServicesView: s.setServicesView,
        command: s.command,
      })),
    );
  const failing = useAppStore((s) => Object.values(s.services).filter(isFailing).length);
  const input = useRef<HTMLInputElement>(null);
  const [advising, setAdvising] = useState(false);
  const bundling = useAppStore((s) => s.busy['stack:bundle'] === true);
  useEffect(() => {
    if (command?.name === 'focus-filter') {
      if (useAppStore.getState().servicesView !== 'list') setServicesView('list');
      input.current?.focus();
      input.current?.select();
    }
    if (command?.name === 'toggle-graph')
      setServicesView(useAppStore.getState().servicesView === 'graph' ? 'list' : 'graph');
  }, [command, setServicesView]);
  return (
    <div className="flex flex-wrap items-center gap-2 border-y border-zinc-200 bg-zinc-50/70 px-4 py-1.5 dark:border-zinc-800 dark:bg-zinc-900/40">
      <label className="flex items-center">
        <span className="sr-only">Filter services</span>
        <input
          ref={input}
          id="service-filter"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setText('');
              input.current?.blur();
            } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              document.querySelector<HTMLElement>('table[aria-label="services"] tr[data-service]')?.focus();
            }
          }}
          placeholder="Filter services   /"
          className="w-60 rounded border border-zinc-300 bg-white px-2 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-950"
        />
      </label>
      <button
        type="button"
        aria-pressed={onlyFailing}
        onClick={() => setOnlyFailing(!onlyFailing)}
        className={`rounded border px-2 py-0.5 text-xs ${onlyFailing ? 'border-red-600 bg-red-600 text-white' : 'border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900'} ${failing > 0 && !onlyFailing ? 'text-red-700 dark:text-red-300' : ''}`}
      >
        only failing{failing > 0 ? ` (${failing})` : ''}
      </button>
      <ProfilePicker stack={stack} />
      {servicesView === 'list' && (
        <Segmented
          label="group services by"
          options={['group', 'level'] as const}
          value={groupBy}
          onChange={setGroupBy}
          text={(g) => `by ${g}`}
        />
      )}
      <Segmented
        label="show services as"
        options={['list', 'graph', 'timeline'] as const}
        value={servicesView}
        onChange={setServicesView}
        title={(v) =>
          v === 'timeline'
            ? 'Each run as bars per service, the critical path, and an earlier run to compare'
            : `${v === 'graph' ? 'Dependency graph' : 'Service table'} (Ctrl+G)`
        }
      />
      <button
        type="button"
        onClick={() => setAdvising(true)}
        title="What makes this stack start slowly under docker compose, and an override that fixes it"
        className="rounded border border-zinc-300 bg-white px-2 py-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900"
      >
        Health advice
      </button>
      <AdvisorDialog open={advising} onClose={() => setAdvising(false)} />
      <button
        type="button"
        disabled={bundling}
        onClick={() => void runAction('stack:bundle', (a) => a.invoke('stack:bundle'))}
        title="One archive to attach to an issue: the resolved config, versions, states, health log, last log lines and runs, every secret masked"
        className="rounded border border-zinc-300 bg-white px-2 py-0.5 text-xs disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900"
      >
        {bundling ? 'Writing bundle…' : 'Diagnostic bundle'}
      </button>
      <div className="ml-auto min-w-0">
        <StartOrder levels={stack.levels} />
      </div>
    </div>
  );
}

/** Warnings and services left out by profiles: folded, counted, one click away. */
function StackNotes({ stack }: { stack: StackView }) {
  if (stack.warnings.length === 0 && stack.inactiveServices.length === 0) return null;
  return (
    <details className="border-t border-amber-200 bg-amber-50/50 px-4 py-1 text-xs dark:border-amber-900 dark:bg-amber-950/30">
      <summary className="cursor-pointer">
        {stack.warnings.length > 0 && (
          <span id="warnings-title" className="font-semibold">
            {stack.warnings.length} warning{stack.warnings.length === 1 ? '' : 's'} in the compose files
          </span>
        )}
        {stack.inactiveServices.length > 0 && (
          <span className="text-zinc-500">
            {stack.warnings.length > 0 ? ' · ' : ''}Not active (profiles): {stack.inactiveServices.join(', ')}
          </span>
        )}
      </summary>
      {stack.warnings.length > 0 && <DiagnosticList items={stack.warnings} label="warnings" />}
    </details>
  );
}

/**
 * A stack at a glance: the table of every service (or the graph), the selected one's details beside
 * it, and the stack's logs in a dock below. The page itself does not scroll; each part does.
 */
export function StackScreen({ stack }: { stack: StackView }) {
  const servicesView = useAppStore((s) => s.servicesView);
  const states = useAppStore((s) => (servicesView === 'graph' ? s.services : null));
  const selected = useAppStore((s) => s.selected);
  const selectedService = stack.services.find((s) => s.name === selected);
  return (
    <div className="flex h-full min-h-0 flex-col">
      <StackHeader stack={stack} />
      <div className="px-4 pb-2">
        <PreflightChecklist stack={stack} />
      </div>
      <ChangesBanner />
      <Toolbar stack={stack} />
      <div className="flex min-h-0 flex-1">
        <div className="min-w-0 flex-1 overflow-auto">
          {servicesView === 'graph' && states ? (
            <div className="p-4">
              <Suspense
                fallback={
                  <p className="text-sm text-zinc-500" role="status">
                    Drawing the dependency graph…
                  </p>
                }
              >
                <DependencyGraph stack={stack} states={states} />
              </Suspense>
            </div>
          ) : servicesView === 'timeline' ? (
            <RunTimeline />
          ) : (
            <ServiceTable stack={stack} />
          )}
        </div>
        {selectedService && <DetailPane key={selectedService.name} stack={stack} service={selectedService} />}
      </div>
      <StackNotes stack={stack} />
      <LogsDock services={stack.services.map((s) => s.name)} stackName={stack.name} />
    </div>
  );
}
