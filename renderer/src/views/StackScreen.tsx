import { useShallow } from 'zustand/react/shallow';
import type { OverallState, StackView } from '../../../preload/contract';
import { DiagnosticList } from '../components/DiagnosticList';
import { ServiceCard } from '../components/ServiceCard';
import { StartOrder } from '../components/StartOrder';
import { PreflightChecklist } from '../components/PreflightChecklist';
import { Segmented } from '../components/Segmented';
import { Suspense, lazy, useEffect } from 'react';

// The graph brings its layout library; it loads the first time the graph is shown.
const DependencyGraph = lazy(() => import('../components/DependencyGraph').then((m) => ({ default: m.DependencyGraph })));
import { runAction } from '../bridge';
import { EngineChip } from '../components/EngineChip';
import { LogsPanel } from '../components/LogsPanel';
import { useAppStore } from '../store';
import { groupServices, relatedTo } from '../store/selectors';

const OVERALL_STYLE: Record<OverallState, string> = {
  idle: 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
  starting: 'bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  ready: 'bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  failed: 'bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
};

/** The whole stack in one word (the same the tray shows), colour and text together. */
function OverallBadge() {
  const overall = useAppStore(useShallow((s) => s.overall));
  return (
    <span data-overall={overall.state} className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${OVERALL_STYLE[overall.state]}`}>
      {overall.words}
    </span>
  );
}

export function StackScreen({ stack }: { stack: StackView }) {
  const { groupBy, focused, setGroupBy, setFocused, states, engine, busy, lastAction, servicesView, setServicesView, command } = useAppStore(
    useShallow((s) => ({
      groupBy: s.groupBy,
      focused: s.focused,
      setGroupBy: s.setGroupBy,
      setFocused: s.setFocused,
      states: s.services,
      engine: s.engine,
      busy: s.busy,
      lastAction: s.lastAction,
      servicesView: s.servicesView,
      setServicesView: s.setServicesView,
      command: s.command,
    })),
  );
  useEffect(() => {
    if (command?.name === 'toggle-graph') setServicesView(useAppStore.getState().servicesView === 'graph' ? 'list' : 'graph');
  }, [command, setServicesView]);
  const engineDown = engine !== null && engine.state !== 'connected';
  const groups = groupServices(stack, groupBy);
  const related = relatedTo(stack, focused);
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-5">
      <section aria-labelledby="stack-title" className="flex flex-col gap-1">
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 id="stack-title" className="text-2xl font-semibold tracking-tight">
            {stack.name}
          </h1>
          <OverallBadge />
          <span className="text-sm text-zinc-500">
            {stack.services.length} service{stack.services.length === 1 ? '' : 's'} · {stack.levels.length} start level{stack.levels.length === 1 ? '' : 's'}
          </span>
        </div>
        {stack.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{stack.description}</p>}
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <button
            type="button"
            disabled={engineDown || busy['stack:up'] === true}
            onClick={() => void runAction('stack:up', (a) => a.invoke('stack:up'))}
            className="rounded-md bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-emerald-500 disabled:opacity-50"
          >
            {busy['stack:up'] ? 'Starting…' : 'Up'}
          </button>
          <button
            type="button"
            disabled={engineDown || busy['stack:down'] === true}
            onClick={() => void runAction('stack:down', (a) => a.invoke('stack:down'))}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {busy['stack:down'] ? 'Stopping…' : 'Down'}
          </button>
          <button
            type="button"
            disabled={engineDown || busy['stack:restart'] === true || busy['stack:up'] === true}
            onClick={() => void runAction('stack:restart', (a) => a.invoke('stack:restart'))}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {busy['stack:restart'] ? 'Restarting…' : 'Restart all'}
          </button>
          <EngineChip />
          {lastAction && (
            <p role="status" className={`text-xs ${lastAction.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}>
              {lastAction.message}
              {lastAction.cli && (
                <code className="ml-2 rounded bg-zinc-100 px-1 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" title="the same from a terminal">
                  $ {lastAction.cli}
                </code>
              )}
            </p>
          )}
        </div>
        <p className="text-xs text-zinc-500">
          <span className="font-mono" title={stack.files.join('\n')}>
            {stack.files.join(', ')}
          </span>
          {stack.docs && (
            <>
              {' · '}
              <a href={stack.docs} target="_blank" rel="noreferrer" className="text-indigo-600 hover:underline dark:text-indigo-400">
                docs
              </a>
            </>
          )}
        </p>
      </section>

      <PreflightChecklist stack={stack} />

      <div className="flex flex-wrap items-center justify-between gap-3">
        <StartOrder levels={stack.levels} />
        <div className="flex flex-wrap gap-2">
          <Segmented
            label="show services as"
            options={['list', 'graph'] as const}
            value={servicesView}
            onChange={setServicesView}
            title={(v) => `${v === 'graph' ? 'Dependency graph' : 'Service cards'} (Ctrl+G)`}
          />
          {servicesView === 'list' && <Segmented label="group services by" options={['group', 'level'] as const} value={groupBy} onChange={setGroupBy} text={(g) => `by ${g}`} />}
        </div>
      </div>

      {servicesView === 'graph' && (
        <Suspense
          fallback={
            <p className="text-sm text-zinc-500" role="status">
              Drawing the dependency graph…
            </p>
          }
        >
          <DependencyGraph stack={stack} states={states} />
        </Suspense>
      )}
      {servicesView === 'list' &&
        groups.map((group) => (
          <section key={group.key} aria-labelledby={`group-${group.key}`}>
            <h2 id={`group-${group.key}`} className="mb-2 text-xs font-semibold uppercase tracking-wider text-zinc-500">
              {group.title}
            </h2>
            <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
              {group.services.map((s) => (
                <ServiceCard
                  key={s.name}
                  service={s}
                  state={states[s.name]}
                  engineDown={engineDown}
                  onFocus={setFocused}
                  highlight={focused === s.name ? 'focused' : related.dependsOn.has(s.name) ? 'dependency' : related.dependents.has(s.name) ? 'dependent' : null}
                />
              ))}
            </div>
          </section>
        ))}

      <LogsPanel services={stack.services.map((s) => s.name)} stackName={stack.name} />

      {stack.inactiveServices.length > 0 && <p className="text-xs text-zinc-500">Not active (profiles): {stack.inactiveServices.join(', ')}</p>}
      {stack.warnings.length > 0 && (
        <section aria-labelledby="warnings-title" className="rounded-lg border border-amber-200 bg-amber-50/50 p-4 dark:border-amber-900 dark:bg-amber-950/30">
          <h2 id="warnings-title" className="text-sm font-semibold">
            {stack.warnings.length} warning{stack.warnings.length === 1 ? '' : 's'} in the compose files
          </h2>
          <DiagnosticList items={stack.warnings} label="warnings" />
        </section>
      )}
    </div>
  );
}
