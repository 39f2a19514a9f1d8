import type { DiagnosticView } from '../../../preload/contract';

export function locationText(d: DiagnosticView): string {
  if (!d.file) return '';
  const short = d.file.split('/').slice(-2).join('/');
  return `${short}:${d.line ?? 1}:${d.column ?? 1}`;
}

export function DiagnosticList({ items, label }: { items: DiagnosticView[]; label: string }) {
  return (
    <ul aria-label={label} className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {items.map((d, i) => (
        <li key={`${d.code}-${i}`} className="py-2 text-sm">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span
              className={`text-xs font-semibold uppercase ${d.severity === 'error' ? 'text-red-600 dark:text-red-400' : 'text-amber-600 dark:text-amber-400'}`}
            >
              {d.severity}
            </span>
            {d.file && (
              <code className="text-xs text-zinc-500" title={d.file}>
                {locationText(d)}
              </code>
            )}
            <span>{d.message}</span>
          </div>
          {d.hint && <div className="mt-0.5 pl-1 text-xs text-zinc-500">→ {d.hint}</div>}
        </li>
      ))}
    </ul>
  );
}
