import type { StackLoadView } from '../../../preload/contract';
import { DiagnosticList } from '../components/DiagnosticList';

export function InvalidStackScreen({ view }: { view: Extract<StackLoadView, { status: 'invalid' }> }) {
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-4">
      <section role="alert" aria-labelledby="invalid-title" className="rounded-lg border border-red-300 bg-white p-5 dark:border-red-900 dark:bg-zinc-900">
        <h1 id="invalid-title" className="text-lg font-semibold text-red-700 dark:text-red-400">
          This stack cannot be loaded
        </h1>
        <p className="mt-1 font-mono text-xs text-zinc-500">{view.source}</p>
        <p className="mt-2 text-sm">
          Fix {view.errors.length === 1 ? 'this error' : `these ${view.errors.length} errors`} in the compose file, then open it again.
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
