import type { VariableView } from '../../../preload/contract';

/** Variables the stack declares (x-stackpilot.env): which are set, which a newcomer still has to give. */
export function VariablesPanel({ variables }: { variables: VariableView[] }) {
  if (variables.length === 0) return null;
  return (
    <section aria-labelledby="variables-title" className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="variables-title" className="text-sm font-semibold">
        Variables
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {variables.map((v) => (
          <li key={v.name} className="flex flex-wrap items-baseline gap-2">
            <code className="font-mono text-xs">{v.name}</code>
            <span className={`text-xs ${v.set || v.default !== undefined ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-700 dark:text-amber-400'}`}>
              {v.set ? 'set' : v.default !== undefined ? `not set — default "${v.default}"` : 'not set'}
            </span>
            {v.secret && <span className="text-xs text-zinc-500">secret</span>}
            {v.description && <span className="text-xs text-zinc-500">— {v.description}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
