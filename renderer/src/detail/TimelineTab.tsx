import type { ServiceStateView } from '../../../preload/contract';
import { clock } from '../format';

/** Every state change of the service this session (and what a watch and each pre_start step did), newest first, with its reason and time. */
export function TimelineTab({ entries }: { entries: ServiceStateView['timeline'] }) {
  if (entries.length === 0)
    return <p className="text-xs text-zinc-500">Nothing yet: its state changes appear here once it starts.</p>;
  return (
    <ol className="space-y-0.5 text-xs" aria-label="timeline">
      {[...entries].reverse().map((t, i) => (
        <li key={`${t.at}-${i}`} data-kind={t.kind ?? 'state'} className="grid grid-cols-[auto_5.5rem_1fr] gap-2">
          <time className="font-mono text-zinc-400">{clock(t.at)}</time>
          {t.kind === 'watch' ? (
            <span className="font-medium text-indigo-700 dark:text-indigo-300">watch</span>
          ) : t.kind === 'hook' ? (
            <span className="font-medium text-amber-700 dark:text-amber-300">pre_start</span>
          ) : (
            <span className="font-medium">{t.status}</span>
          )}
          <span className="text-zinc-500">{t.reason}</span>
        </li>
      ))}
    </ol>
  );
}
