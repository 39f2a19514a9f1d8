import type { StackLoadView } from '../../../preload/contract';
import { DiagnosticList } from '../components/DiagnosticList';
import { VariablesForm } from '../components/VariablesForm';

export function InvalidStackScreen({ view }: { view: Extract<StackLoadView, { status: 'invalid' }> }) {
  const onlyVariables = view.needs.length > 0 && view.errors.every((e) => e.code === 'missing-variable');
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-4">
      {view.needs.length > 0 && (
        <VariablesForm
          variables={view.needs}
          projectDir={view.projectDir}
          intro={
            onlyVariables
              ? 'The compose file requires these before it can load. Give them here and the stack opens.'
              : 'The compose file requires these; the other errors below need fixing in the file.'
          }
        />
      )}
      <section
        role="alert"
        aria-labelledby="invalid-title"
        className="rounded-lg border border-red-300 bg-white p-5 dark:border-red-900 dark:bg-zinc-900"
      >
        <h1 id="invalid-title" className="text-lg font-semibold text-red-700 dark:text-red-400">
          {onlyVariables ? 'This stack needs values before it can load' : 'This stack cannot be loaded'}
        </h1>
        <p className="mt-1 font-mono text-xs text-zinc-500">{view.source}</p>
        <p className="mt-2 text-sm">
          {onlyVariables
            ? 'Set the variables above (or in your shell, or in .env), and it loads.'
            : `Fix ${view.errors.length === 1 ? 'this error' : `these ${view.errors.length} errors`} in the compose file, then open it again.`}
        </p>
        <DiagnosticList items={view.errors} label="errors" />
      </section>
      {view.warnings.length > 0 && (
        <section className="rounded-lg border border-amber-200 p-4 dark:border-amber-900">
          <DiagnosticList items={view.warnings} label="warnings" />
        </section>
      )}
    </div>
  );
}
