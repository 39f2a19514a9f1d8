import { useEffect, useState } from 'react';
import type { PreflightCheck, PreflightView, StackView } from '../../../preload/contract';
import { request, runAction } from '../bridge';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { VariablesForm } from './VariablesForm';
import { Button } from '../ui/Button';

const MARK: Record<PreflightCheck['state'], { sign: string; cls: string; word: string }> = {
  ok: { sign: '✓', cls: 'text-emerald-700 dark:text-emerald-400', word: 'ok' },
  problem: { sign: '!', cls: 'text-amber-700 dark:text-amber-400', word: 'needs attention' },
  warning: { sign: '!', cls: 'text-yellow-600 dark:text-yellow-400', word: 'worth knowing' },
  unknown: { sign: '?', cls: 'text-zinc-500', word: 'not checked yet' },
};

/** Hints write commands in `backticks`: shown as code. */
function withCode(text: string) {
  return text.split('`').map((part, i) =>
    i % 2 === 1 ? (
      <code key={i} className="rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

/**
 * The onboarding checklist shown when a stack is opened: engine, variables, host ports, images. It is
 * checked again when the stack reloads or the engine comes or goes; all green, it folds to one line.
 */
export function PreflightChecklist({ stack }: { stack: StackView }) {
  const engineState = useAppStore((s) => s.engine?.state ?? 'unknown');
  // Once the stack runs, the checklist has done its job: it folds to one line unless opened.
  const running = useAppStore((s) => s.overall.running);
  const [result, setResult] = useState<PreflightView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [expanded, setExpanded] = useState(false);
  const fetching = useAppStore((s) => s.busy['stack:fetch-images'] === true);
  // While images come, their progress is on the services (pulling / building, with percentages).
  const inProgress = useAppStore(
    useShallow((s) =>
      Object.values(s.services)
        .filter((st) => st.status === 'pulling' || st.status === 'building')
        .map((st) => `${st.name}: ${st.reason}`),
    ),
  );
  const fetchImages = (): void => {
    void runAction('stack:fetch-images', (a) => a.invoke('stack:fetch-images')).then(() => setRound((r) => r + 1));
  };

  useEffect(() => {
    let live = true;
    request('stack:preflight')
      .then((r) => live && (setResult(r), setError(null)))
      .catch((err: unknown) => live && setError((err as Error).message));
    return () => {
      live = false;
    };
  }, [stack, engineState, round]);

  // What cannot be checked yet (images before the engine answers, a remote engine's disk) is listed, not counted.
  const problems = result?.checks.filter((c) => c.state === 'problem' || c.state === 'warning') ?? [];
  const open = expanded || (problems.length > 0 && !running);
  return (
    <section
      aria-labelledby="preflight-title"
      className="rounded-lg border border-zinc-200 bg-white px-3 py-1 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="preflight-title" className="text-sm font-semibold">
          {result === null
            ? 'Checking what this stack needs…'
            : problems.length === 0
              ? 'Ready to start'
              : `Before you start: ${problems.length} to look at`}
        </h2>
        {result && problems.length === 0 && (
          <span className="text-xs text-emerald-700 dark:text-emerald-400">
            ✓ engine, variables, ports, images, disk
          </span>
        )}
        <div className="ml-auto flex gap-2">
          <button
            type="button"
            onClick={() => setRound((r) => r + 1)}
            className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Check again
          </button>
          {result && (problems.length === 0 || running) && (
            <button
              type="button"
              aria-expanded={open}
              onClick={() => setExpanded(!expanded)}
              className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              {open ? 'Hide details' : 'Details'}
            </button>
          )}
        </div>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-400">
          Could not check: {error}
        </p>
      )}
      {result && open && (
        <ol aria-label="checklist" className="mt-3 grid gap-2 md:grid-cols-2">
          {result.checks.map((c) => (
            <li
              key={c.id}
              className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800"
              aria-label={`${c.title}: ${MARK[c.state].word}`}
            >
              <div className="flex items-baseline gap-2">
                <span aria-hidden className={`w-4 text-center font-bold ${MARK[c.state].cls}`}>
                  {MARK[c.state].sign}
                </span>
                <span className="font-medium">{c.title}</span>
              </div>
              <p className="pl-6 text-xs text-zinc-600 dark:text-zinc-400">{c.detail}</p>
              {c.hint && <p className="pl-6 text-xs text-zinc-500">→ {withCode(c.hint)}</p>}
              {c.id === 'images' && c.state === 'problem' && (
                <div className="mt-1 pl-6">
                  <Button
                    variant="primary"
                    size="xs"
                    disabled={fetching || engineState !== 'connected'}
                    onClick={fetchImages}
                  >
                    {fetching ? 'Fetching…' : 'Fetch images now'}
                  </Button>
                  {inProgress.length > 0 && (
                    <ul aria-label="image progress" className="mt-1 text-xs text-sky-700 dark:text-sky-300">
                      {inProgress.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
              {c.items.some((i) => !i.ok) && (
                <ul className="mt-1 pl-6 text-xs">
                  {c.items
                    .filter((i) => !i.ok)
                    .map((i) => (
                      <li key={i.name}>
                        <code className="font-mono">{i.name}</code> — {i.detail}
                      </li>
                    ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {open && result?.checks.some((c) => c.id === 'variables' && c.state === 'problem') && (
        <div className="mt-3">
          <VariablesForm
            variables={stack.variables}
            projectDir={stack.projectDir}
            intro="The stack declares these in x-stackpilot.env. Until they are set, the compose file's own defaults (if any) apply."
          />
        </div>
      )}
    </section>
  );
}
