import { useEffect, useState } from 'react';
import type { PlanStepView, PlanView } from '../../../preload/contract';
import { fetchPlan, runAction } from '../bridge';
import { describeFailure } from '../transport';
import { useModalDialog } from './use-modal';

const ACTION_STYLE: Record<PlanStepView['action'], string> = {
  create: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  start: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  pull: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  build: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  run: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  recreate: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  remove: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  keep: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300',
  missing: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
  refused: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
};

/** "2 to create, 1 to recreate, 3 kept": what the plan comes to. */
function summary(steps: readonly PlanStepView[]): string {
  const words: [PlanStepView['action'], string][] = [
    ['create', 'to create'],
    ['recreate', 'to recreate'],
    ['start', 'to start'],
    ['pull', 'to pull'],
    ['build', 'to build'],
    ['run', 'to run'],
    ['remove', 'to remove'],
    ['keep', 'kept'],
  ];
  const parts = words.flatMap(([a, w]) => {
    const n = steps.filter((s) => s.action === a).length;
    return n > 0 ? [`${n} ${w}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'nothing to do';
}

/**
 * What Up would do to the engine now, and why, before anything is done: each network, volume, image
 * and container made, made anew, started, removed or kept. Up from here, or close.
 */
export function PlanDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useModalDialog(open);
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    setPlan(null);
    setError(null);
    fetchPlan().then(setPlan, (err: unknown) => setError(describeFailure(err)));
  }, [open]);
  const stops = plan?.steps.filter((s) => s.action === 'missing' || s.action === 'refused') ?? [];
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="plan-title"
      className="m-auto max-h-[85vh] w-[52rem] flex-col open:flex rounded-lg border border-zinc-200 bg-white p-5 text-sm text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id="plan-title" className="text-base font-semibold">
        What Up would do
      </h2>
      <p className="mt-1 text-xs text-zinc-500">Read from the engine now; nothing is changed until you press Up.</p>
      {plan && (
        <p className="mt-1 truncate text-xs text-zinc-500" title={plan.compose ? `${plan.cli}\n${plan.compose}` : plan.cli}>
          From a terminal: <span className="font-mono">{plan.cli}</span>
        </p>
      )}
      <div className="mt-2 min-h-0 flex-1 overflow-auto">
        {error && (
          <p role="alert" className="text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        {!plan && !error && <p role="status">Reading the engine…</p>}
        {plan && (
          <table aria-label="plan" className="w-full text-left text-xs">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1 pr-2 font-medium">action</th>
                <th className="py-1 pr-2 font-medium">what</th>
                <th className="py-1 pr-2 font-medium">name</th>
                <th className="py-1 font-medium">why</th>
              </tr>
            </thead>
            <tbody>
              {plan.steps.map((s) => (
                <tr key={`${s.kind}-${s.name}-${s.action}`} data-plan-step={`${s.action} ${s.kind} ${s.name}`} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1 pr-2">
                    <span className={`rounded px-1.5 py-0.5 font-medium ${ACTION_STYLE[s.action]}`}>{s.action}</span>
                  </td>
                  <td className="py-1 pr-2 text-zinc-500">{s.kind}</td>
                  <td className="py-1 pr-2 font-mono">{s.name}</td>
                  <td className="py-1">{s.service && s.kind !== 'provider' ? `${s.service}: ${s.why}` : s.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {plan && (
        <p role="status" className={`mt-2 text-xs ${stops.length > 0 ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`}>
          {stops.length > 0 ? `Up would stop: ${stops.map((s) => `${s.kind} ${s.name}: ${s.why}`).join('; ')}` : `${summary(plan.steps)}.`}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <button
          type="button"
          disabled={!plan || stops.length > 0}
          onClick={() => {
            dialog.current?.close();
            void runAction('stack:up', (a) => a.invoke('stack:up'));
          }}
          className="rounded-md bg-emerald-600 px-3 py-1.5 font-medium text-white hover:bg-emerald-500 disabled:opacity-50"
        >
          Up
        </button>
        <button type="button" autoFocus onClick={() => dialog.current?.close()} className="rounded-md bg-zinc-900 px-3 py-1.5 text-white dark:bg-zinc-100 dark:text-zinc-900">
          Close
        </button>
      </div>
    </dialog>
  );
}
