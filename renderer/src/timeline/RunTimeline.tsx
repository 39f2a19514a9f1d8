import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunView, ServiceStatusView } from '../../../preload/contract';
import { useAppStore } from '../store';
import { runChart, runLabel, seconds } from './run-chart';
import type { ChartRow, Segment } from './run-chart';

/** Bar colours by state; the legend names them, so colour is never the only cue. */
const FILL: Partial<Record<ServiceStatusView, string>> = {
  waiting: 'bg-amber-300 dark:bg-yellow-500/60',
  pulling: 'bg-sky-300 dark:bg-sky-700',
  building: 'bg-sky-300 dark:bg-sky-700',
  starting: 'bg-sky-500',
  ready: 'bg-emerald-500/40',
  completed: 'bg-emerald-500/40',
  unhealthy: 'bg-red-400',
  backoff: 'bg-orange-600',
  failed: 'bg-red-600',
  blocked: 'bg-fuchsia-400',
  stopping: 'bg-zinc-400',
  stopped: 'bg-zinc-300 dark:bg-zinc-700',
};

const LEGEND: [string, string][] = [
  ['waiting', FILL.waiting ?? ''],
  ['pulling / building', FILL.pulling ?? ''],
  ['starting', FILL.starting ?? ''],
  ['ready', FILL.ready ?? ''],
  ['retrying', FILL.backoff ?? ''],
  ['failed', FILL.failed ?? ''],
  ['blocked', FILL.blocked ?? ''],
];

function Bar({ segments, thin = false, label }: { segments: Segment[]; thin?: boolean; label: string }) {
  return (
    <div className={`relative ${thin ? 'h-1.5 opacity-60' : 'h-3.5'}`} aria-label={label}>
      {segments.map((s) => (
        <div
          key={`${s.status}-${s.from}`}
          data-phase={s.status}
          title={`${s.status}: ${seconds(s.from)} → ${seconds(s.to)} (${seconds(s.to - s.from)})`}
          className={`absolute top-0 h-full rounded-sm ${FILL[s.status] ?? 'bg-zinc-300'}`}
          style={{ left: `${s.left * 100}%`, width: `max(2px, ${s.width * 100}%)` }}
        />
      ))}
    </div>
  );
}

/** A service's time to ready, and against the run compared with (faster in green, slower in amber). */
function Figures({ row, comparing }: { row: ChartRow; comparing: boolean }) {
  const delta =
    row.readyMs !== undefined && row.compareReadyMs !== undefined ? row.readyMs - row.compareReadyMs : undefined;
  return (
    <span className="shrink-0 font-mono text-[11px] text-zinc-500">
      {row.readyMs !== undefined ? seconds(row.readyMs) : row.status}
      {row.failedAttempts > 0 && (
        <span className="text-orange-700 dark:text-orange-300"> · {row.failedAttempts} failed</span>
      )}
      {comparing && delta !== undefined && Math.abs(delta) >= 50 && (
        <span className={delta > 0 ? 'text-amber-700 dark:text-amber-300' : 'text-emerald-700 dark:text-emerald-400'}>
          {' '}
          ({delta > 0 ? '+' : '−'}
          {seconds(Math.abs(delta))})
        </span>
      )}
    </span>
  );
}

function RunPicker({
  runs,
  value,
  onChange,
  label,
  none,
}: {
  runs: RunView[];
  value: string;
  onChange: (id: string) => void;
  label: string;
  none?: string;
}) {
  return (
    <label className="flex items-center gap-1.5 text-xs">
      <span className="text-zinc-500">{label}</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="max-w-80 rounded border border-zinc-300 bg-white px-1.5 py-0.5 dark:border-zinc-700 dark:bg-zinc-950"
      >
        {none !== undefined && <option value="">{none}</option>}
        {[...runs].reverse().map((r) => (
          <option key={r.id} value={r.id}>
            {runLabel(r)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Each kept run drawn as bars per service on one time axis (waiting, pulling, starting, ready, retries),
 * the critical path outlined, and an earlier run beneath each bar to compare with.
 */
export function RunTimeline() {
  const runs = useAppStore((s) => s.runs);
  // Only who is slower (and their usual time) re-renders the chart: not every state change of an Up.
  const usual = useAppStore(
    useShallow((s) =>
      Object.fromEntries(
        Object.values(s.services).flatMap((x) => (x.slower ? [[x.name, x.slower.usualMs] as const] : [])),
      ),
    ),
  );
  const select = useAppStore((s) => s.select);
  const [shown, setShown] = useState('');
  const [compared, setCompared] = useState('');
  if (runs.length === 0) {
    return (
      <p className="p-4 text-sm text-zinc-500" role="status">
        No runs yet. Each Up, Restart all or start of a service is kept here (the last 50), drawn as bars per service,
        with the chain that decided how long it took.
      </p>
    );
  }
  const run = runs.find((r) => r.id === shown) ?? runs[runs.length - 1];
  if (!run) return null;
  const compare = runs.find((r) => r.id === compared && r.id !== run.id);
  const chart = runChart(run, compare);
  const path = run.criticalPath;
  return (
    <section aria-label="run timeline" className="flex flex-col gap-2 p-4 text-xs">
      <div className="flex flex-wrap items-center gap-3">
        <RunPicker runs={runs} value={run.id} onChange={setShown} label="Run" />
        <RunPicker
          runs={runs.filter((r) => r.id !== run.id)}
          value={compare?.id ?? ''}
          onChange={setCompared}
          label="Compare with"
          none="nothing"
        />
      </div>
      {path && path.steps.length > 0 && (
        <p aria-label="critical path" className="text-zinc-600 dark:text-zinc-400">
          <span className="font-medium text-indigo-700 dark:text-indigo-300">Critical path {seconds(path.ms)}</span>:{' '}
          {path.steps.map((s) => `${s.service} ${seconds(s.ms)}`).join(' → ')}
        </p>
      )}
      <ol aria-label="services in this run" className="flex flex-col gap-1">
        <li aria-hidden className="grid grid-cols-[14rem_1fr] gap-3">
          <span />
          <div className="relative h-4 border-b border-zinc-200 dark:border-zinc-800">
            {chart.ticks.map((t) => (
              <span
                key={t.label}
                className="absolute -translate-x-1/2 font-mono text-[10px] text-zinc-400"
                style={{ left: `${t.left * 100}%` }}
              >
                {t.label}
              </span>
            ))}
          </div>
        </li>
        {chart.rows.map((row) => {
          const slowUsualMs = usual[row.service];
          return (
            <li
              key={row.service}
              data-run-service={row.service}
              data-critical={row.critical || undefined}
              className="grid grid-cols-[14rem_1fr] items-center gap-3"
            >
              <button
                type="button"
                onClick={() => select(row.service)}
                className="flex min-w-0 items-center justify-between gap-2 text-left hover:underline"
              >
                <span
                  className={`truncate font-mono ${row.critical ? 'font-semibold text-indigo-700 dark:text-indigo-300' : ''}`}
                >
                  {row.service}
                  {slowUsualMs !== undefined && run.id === runs[runs.length - 1]?.id && (
                    <span
                      title={`usually ${seconds(slowUsualMs)}`}
                      className="ml-1 rounded bg-amber-100 px-1 font-sans text-[10px] font-medium text-amber-800 dark:bg-amber-900 dark:text-amber-200"
                    >
                      slower
                    </span>
                  )}
                </span>
                <Figures row={row} comparing={compare !== undefined} />
              </button>
              <div
                className={`flex flex-col gap-0.5 rounded-sm ${row.critical ? 'outline outline-2 outline-offset-1 outline-indigo-500' : ''}`}
              >
                <Bar segments={row.segments} label={`${row.service} this run`} />
                {row.compare && <Bar segments={row.compare} thin label={`${row.service} compared run`} />}
              </div>
              {row.replicas?.map((r) => (
                <div
                  key={r.replica}
                  data-run-replica={`${row.service}-${r.replica}`}
                  className="col-span-2 grid grid-cols-[14rem_1fr] items-center gap-3"
                >
                  <span className="flex justify-between pl-3 font-mono text-[11px] text-zinc-500">
                    <span>
                      ↳ {row.service}-{r.replica}
                    </span>
                    <span>
                      {r.readyMs !== undefined ? seconds(r.readyMs) : ''}
                      {r.failedAttempts > 0 ? ` · ${r.failedAttempts} failed` : ''}
                    </span>
                  </span>
                  <Bar segments={r.segments} thin label={`${row.service}-${r.replica} this run`} />
                </div>
              ))}
            </li>
          );
        })}
      </ol>
      <ul aria-label="legend" className="mt-1 flex flex-wrap gap-3 text-[11px] text-zinc-500">
        {LEGEND.map(([name, fill]) => (
          <li key={name} className="flex items-center gap-1">
            <span aria-hidden className={`inline-block h-2.5 w-4 rounded-sm ${fill}`} />
            {name}
          </li>
        ))}
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block h-2.5 w-4 rounded-sm outline outline-2 outline-indigo-500" />
          critical path
        </li>
        {compare && <li>thin bar: the run compared with</li>}
      </ul>
    </section>
  );
}
