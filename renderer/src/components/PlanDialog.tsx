import { useEffect, useState } from 'react';
import type { PlanStepView, PlanView } from '../../../preload/contract';
import { request, runAction } from '../bridge';
import { describeFailure } from '../transport';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';

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

/**
 * What Up would do to the engine now, and why, before anything is done: each network, volume, image
 * and container made, made anew, started, removed or kept. Up from here, or close.
 */
export function PlanDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    setPlan(null);
    setError(null);
    request('stack:plan').then(setPlan, (err: unknown) => setError(describeFailure(err)));
  }, [open]);
  const stops = plan?.steps.filter((s) => s.action === 'missing' || s.action === 'refused') ?? [];
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="What Up would do"
      width="w-[52rem]"
      subtitle={
        <>
          <p>Read from the engine now; nothing is changed until you press Up.</p>
          {plan && (
            <p className="mt-1 truncate" title={plan.compose ? `${plan.cli}\n${plan.compose}` : plan.cli}>
              From a terminal: <span className="font-mono">{plan.cli}</span>
            </p>
          )}
        </>
      }
      actions={(close) => (
        <Button
          variant="go"
          size="md"
          disabled={!plan || stops.length > 0}
          onClick={() => {
            close();
            void runAction('stack:up', (a) => a.invoke('stack:up'));
          }}
        >
          Up
        </Button>
      )}
    >
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
              <tr
                key={`${s.kind}-${s.name}-${s.action}`}
                data-plan-step={`${s.action} ${s.kind} ${s.name}`}
                className="border-t border-zinc-100 dark:border-zinc-800"
              >
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
      {plan && (
        <p
          role="status"
          className={`mt-2 text-xs ${stops.length > 0 ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`}
        >
          {stops.length > 0
            ? `Up would stop: ${stops.map((s) => `${s.kind} ${s.name}: ${s.why}`).join('; ')}`
            : `${plan.summary}.`}
        </p>
      )}
    </Dialog>
  );
}
