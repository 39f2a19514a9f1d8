import { useEffect } from 'react';
import { useAppStore } from '../store';
import type { ShownNotice } from '../store/ui-slice';

const TONE: Record<ShownNotice['level'], string> = {
  info: 'border-zinc-300 dark:border-zinc-700',
  success: 'border-emerald-400 dark:border-emerald-700',
  error: 'border-red-400 dark:border-red-700',
};

function Notice({ notice }: { notice: ShownNotice }) {
  const dismiss = useAppStore((s) => s.dismissNotice);
  useEffect(() => {
    // Errors stay until dismissed: a failure read late is still worth reading.
    if (notice.level === 'error') return undefined;
    const timer = setTimeout(() => dismiss(notice.id), 8000);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    <li
      className={`pointer-events-auto flex gap-3 rounded-md border-l-4 bg-white p-3 text-sm shadow-lg dark:bg-zinc-900 ${TONE[notice.level]}`}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium">{notice.title}</p>
        <p className="truncate text-xs text-zinc-600 dark:text-zinc-400" title={notice.body}>
          {notice.body}
        </p>
      </div>
      <button
        type="button"
        aria-label={`dismiss: ${notice.title}`}
        onClick={() => dismiss(notice.id)}
        className="self-start text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
      >
        ×
      </button>
    </li>
  );
}

/** Failures and recoveries, said once in the corner (the desktop app also shows them as notifications). */
export function Notices() {
  const notices = useAppStore((s) => s.notices);
  return (
    <ul
      aria-live="polite"
      aria-label="notices"
      className="pointer-events-none fixed bottom-4 right-4 z-20 flex w-80 flex-col gap-2"
    >
      {notices.map((n) => (
        <Notice key={n.id} notice={n} />
      ))}
    </ul>
  );
}
