import { useId, useState } from 'react';
import type { VariableView } from '../../../preload/contract';
import { setVariables } from '../bridge';
import { Button } from '../ui/Button';

/**
 * Asks for the variables a stack needs and does not have. Secrets are typed into password fields and
 * never shown back; nothing is written to `.env` unless the box is ticked.
 */
export function VariablesForm({
  variables,
  projectDir,
  intro,
}: {
  variables: VariableView[];
  projectDir: string;
  intro: string;
}) {
  const asked = variables.filter((v) => !v.set && v.required);
  const [values, setValues] = useState<Record<string, string>>({});
  const [save, setSave] = useState(false);
  const [reveal, setReveal] = useState<Record<string, boolean>>({});
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const formId = useId();
  if (asked.length === 0) return null;
  const filled = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
  const complete = asked.every((v) => (values[v.name] ?? '') !== '');
  return (
    <form
      aria-labelledby={`${formId}-title`}
      className="flex flex-col gap-3 rounded-lg border border-indigo-200 bg-indigo-50/40 p-4 dark:border-indigo-900 dark:bg-indigo-950/30"
      onSubmit={(e) => {
        e.preventDefault();
        if (!complete || sending) return;
        setSending(true);
        setError(null);
        setVariables(filled, save)
          .catch((err: unknown) => setError((err as Error).message))
          .finally(() => setSending(false));
      }}
    >
      <div>
        <h2 id={`${formId}-title`} className="text-sm font-semibold">
          {asked.length === 1 ? 'One variable is needed' : `${asked.length} variables are needed`}
        </h2>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{intro}</p>
      </div>
      {asked.map((v) => (
        <div key={v.name} className="flex flex-col gap-1">
          <label htmlFor={`${formId}-${v.name}`} className="flex flex-wrap items-baseline gap-2 text-sm">
            <code className="font-mono text-xs font-semibold">{v.name}</code>
            {v.secret && (
              <span className="rounded bg-zinc-200 px-1 text-[10px] uppercase tracking-wide text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                secret
              </span>
            )}
            {v.description && <span className="text-xs text-zinc-600 dark:text-zinc-400">{v.description}</span>}
          </label>
          <div className="flex gap-2">
            <input
              id={`${formId}-${v.name}`}
              name={v.name}
              type={v.secret && !reveal[v.name] ? 'password' : 'text'}
              autoComplete="off"
              spellCheck={false}
              value={values[v.name] ?? ''}
              onChange={(e) => setValues({ ...values, [v.name]: e.target.value })}
              className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
            />
            {v.secret && (
              <button
                type="button"
                aria-pressed={reveal[v.name] === true}
                onClick={() => setReveal({ ...reveal, [v.name]: !reveal[v.name] })}
                className="rounded-md border border-zinc-300 px-2 text-xs dark:border-zinc-700"
              >
                {reveal[v.name] ? 'Hide' : 'Show'}
              </button>
            )}
          </div>
        </div>
      ))}
      <label className="flex items-start gap-2 text-xs">
        <input type="checkbox" checked={save} onChange={(e) => setSave(e.target.checked)} className="mt-0.5" />
        <span>
          Save to <code className="font-mono">{projectDir}/.env</code> (readable by you only) so the CLI and the next
          run have them.
          {!save && ' Unticked: kept for this session only.'}
        </span>
      </label>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <div>
        <Button type="submit" variant="primary" size="md" disabled={!complete || sending}>
          {sending ? 'Applying…' : save ? 'Save and continue' : 'Use these values'}
        </Button>
      </div>
    </form>
  );
}
