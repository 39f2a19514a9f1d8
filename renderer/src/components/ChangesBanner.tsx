import { useShallow } from 'zustand/react/shallow';
import { runAction } from '../bridge';
import { useAppStore } from '../store';
import { DiagnosticList } from './DiagnosticList';
import { Button } from '../ui/Button';

const short = (file: string): string => file.split('/').slice(-2).join('/');

/**
 * What an edit of the stack's files did: the services it left outdated (with the one command that
 * recreates just them), or, when the files no longer load, why — the stack shown and running stays
 * the last one that did.
 */
export function ChangesBanner() {
  const view = useAppStore((s) => s.stack);
  const outdated = useAppStore(
    useShallow((s) =>
      Object.values(s.services)
        .filter((st) => st.outdated && st.containerId !== undefined)
        .map((st) => st.name),
    ),
  );
  const busy = useAppStore((s) => s.busy['stack:recreate-outdated'] === true || s.busy['stack:up'] === true);
  const engineDown = useAppStore((s) => s.engine !== null && s.engine.state !== 'connected');
  if (view?.status !== 'loaded') return null;
  const edited = view.changedFile ? short(view.changedFile) : 'the compose files';
  if (view.reloadErrors && view.reloadErrors.length > 0) {
    return (
      <section
        role="alert"
        aria-label="the edit does not load"
        className="border-y border-red-200 bg-red-50 px-4 py-2 dark:border-red-900 dark:bg-red-950/40"
      >
        <h2 className="text-sm font-semibold text-red-800 dark:text-red-200">
          {edited} was edited and no longer loads: the stack shown is the last one that did, and it keeps running.
        </h2>
        <DiagnosticList items={view.reloadErrors} label="errors in the edit" />
      </section>
    );
  }
  if (outdated.length === 0) return null;
  return (
    <section
      aria-label="outdated services"
      className="flex flex-wrap items-center gap-3 border-y border-amber-200 bg-amber-50 px-4 py-1.5 text-sm dark:border-amber-900 dark:bg-amber-950/40"
    >
      <span>
        <span className="font-semibold">
          {outdated.length} service{outdated.length === 1 ? '' : 's'} outdated
        </span>{' '}
        by {view.changedFile ? `the edit of ${edited}` : 'a change of the compose files'}:{' '}
        <span className="font-mono text-xs" data-outdated={outdated.join(' ')}>
          {outdated.join(', ')}
        </span>
      </span>
      <Button
        variant="warn"
        disabled={busy || engineDown}
        onClick={() => void runAction('stack:recreate-outdated', (a) => a.invoke('stack:recreate-outdated'))}
      >
        {busy ? 'Recreating…' : 'Recreate changed'}
      </Button>
    </section>
  );
}
