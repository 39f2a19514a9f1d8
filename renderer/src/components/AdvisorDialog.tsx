import { useEffect, useState } from 'react';
import type { AdviceView, AdviceWrittenView, FindingView } from '../../../preload/contract';
import { fetchAdvice, writeAdvice } from '../bridge';
import { describeFailure } from '../transport';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';

const TITLE: Record<FindingView['code'], string> = {
  'late-first-probe': 'late first probe',
  'started-not-healthy': 'waits for started, not healthy',
  'short-unhealthy-window': 'unhealthy on a slow day',
  'liveness-only': 'proves only that it runs',
};

function Finding({ f }: { f: FindingView }) {
  return (
    <li
      data-finding={f.code}
      className="flex flex-col gap-1 border-b border-zinc-200 py-2 last:border-0 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-mono font-semibold">{f.service}</span>
        <span className="rounded bg-amber-100 px-1.5 text-[11px] font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">
          {TITLE[f.code]}
        </span>
        {f.where && <span className="truncate font-mono text-[11px] text-zinc-500">{f.where}</span>}
      </div>
      <p>{f.message}</p>
      <ul className="text-[11px] text-zinc-500">
        {f.evidence.map((e) => (
          <li key={e}>evidence: {e}</li>
        ))}
      </ul>
      {f.fix && <pre className="rounded bg-zinc-100 px-2 py-1 font-mono text-[11px] dark:bg-zinc-800">{f.fix}</pre>}
      {f.hint && <p className="text-[11px] text-zinc-600 dark:text-zinc-400">What to do: {f.hint}</p>}
    </li>
  );
}

function Diff({ override }: { override: NonNullable<AdviceView['override']> }) {
  return (
    <pre
      aria-label="override diff"
      className="max-h-64 overflow-auto rounded bg-zinc-950 p-2 font-mono text-[11px] leading-snug text-zinc-300"
    >
      {override.diff.map((l, i) => (
        <div
          key={i}
          data-diff={l.kind === ' ' ? 'same' : l.kind === '+' ? 'added' : 'removed'}
          className={l.kind === '+' ? 'text-emerald-400' : l.kind === '-' ? 'text-red-400' : ''}
        >
          {l.kind} {l.text}
        </div>
      ))}
    </pre>
  );
}

/**
 * The healthcheck advisor: what makes the open stack start slowly under docker compose (or fail on a
 * slow day), with the evidence, and the override that fixes it, written only when asked, diff first.
 */
export function AdvisorDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [advice, setAdvice] = useState<AdviceView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showDiff, setShowDiff] = useState(false);
  const [written, setWritten] = useState<AdviceWrittenView | null>(null);
  const [writing, setWriting] = useState(false);
  useEffect(() => {
    if (!open) return;
    setAdvice(null);
    setError(null);
    setShowDiff(false);
    setWritten(null);
    fetchAdvice().then(setAdvice, (err: unknown) => setError(describeFailure(err)));
  }, [open]);
  const write = (after: string): void => {
    setWriting(true);
    writeAdvice(after)
      .then(setWritten, (err: unknown) => setError(describeFailure(err)))
      .finally(() => setWriting(false));
  };
  const override = advice?.override;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Healthcheck advisor"
      width="w-[46rem]"
      subtitle={
        <>
          What makes this stack start slowly under docker compose, or fail on a slow day.
          {advice &&
            ` Figures from ${advice.runs} run${advice.runs === 1 ? '' : 's'} of history; this engine ${advice.startIntervalApplies ? 'honours' : 'does not honour'} start_interval.`}
        </>
      }
      actions={() => (
        <>
          {override && !written && (
            <Button size="md" onClick={() => setShowDiff(!showDiff)}>
              {showDiff ? 'Hide the override' : 'Show the override'}
            </Button>
          )}
          {override && showDiff && !written && (
            <Button variant="go" size="md" disabled={writing} onClick={() => write(override.after)}>
              {writing ? 'Writing…' : `Write ${override.file.split('/').at(-1) ?? 'the override'}`}
            </Button>
          )}
        </>
      )}
    >
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {!advice && !error && <p role="status">Reading the stack and its history…</p>}
      {advice && advice.findings.length === 0 && (
        <p role="status">Nothing to advise: every health check lets what waits on it start soon after it is ready.</p>
      )}
      {advice && advice.findings.length > 0 && (
        <ul aria-label="findings" className="text-xs">
          {advice.findings.map((f) => (
            <Finding key={`${f.code}-${f.service}`} f={f} />
          ))}
        </ul>
      )}
      {override && showDiff && (
        <div className="mt-2 flex flex-col gap-1 text-xs">
          <p>
            {override.exists ? 'Changes to' : 'A new file,'} <span className="font-mono">{override.file}</span> (docker
            compose reads it by itself beside the compose file):
          </p>
          <Diff override={override} />
        </div>
      )}
      {written && (
        <p role="status" className="mt-2 text-xs text-emerald-700 dark:text-emerald-400">
          Wrote {written.file}.{' '}
          {written.loaded
            ? 'The stack was read again: what it changed is marked outdated, and Recreate changed applies it.'
            : 'The open stack was opened from its compose file alone: open its folder to read the override too.'}
        </p>
      )}
    </Dialog>
  );
}
