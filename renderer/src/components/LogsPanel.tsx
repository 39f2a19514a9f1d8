import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';

const SHOWN = 500;
const PALETTE = ['text-sky-500', 'text-amber-500', 'text-emerald-500', 'text-fuchsia-500', 'text-indigo-400', 'text-teal-400', 'text-orange-400', 'text-pink-400'];

function colorOf(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length] ?? 'text-sky-500';
}

function Highlighted({ text, query }: { text: string; query: string }) {
  if (!query) return <>{text}</>;
  const at = text.toLowerCase().indexOf(query.toLowerCase());
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark className="rounded bg-yellow-300 px-0.5 text-zinc-900">{text.slice(at, at + query.length)}</mark>
      {text.slice(at + query.length)}
    </>
  );
}

/** Live logs of all services or one: newest at the bottom, follows unless you scroll up; search filters and highlights. */
export function LogsPanel({ services }: { services: string[] }) {
  const { logs, logService, setLogService } = useAppStore(useShallow((s) => ({ logs: s.logs, logService: s.logService, setLogService: s.setLogService })));
  const [query, setQuery] = useState('');
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => {
    const needle = query.toLowerCase();
    const filtered = logs.filter((l) => (!logService || l.service === logService) && (!needle || l.text.toLowerCase().includes(needle)));
    return filtered.slice(-SHOWN);
  }, [logs, logService, query]);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);
  const width = Math.max(...services.map((s) => s.length), 4);
  return (
    <section aria-labelledby="logs-title" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h2 id="logs-title" className="text-sm font-semibold">
          Logs
        </h2>
        <div role="group" aria-label="services shown" className="flex flex-wrap gap-1 text-xs">
          {[null, ...services].map((name) => (
            <button
              key={name ?? '*'}
              type="button"
              aria-pressed={logService === name}
              onClick={() => setLogService(name)}
              className={`rounded px-2 py-0.5 ${logService === name ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'bg-zinc-100 dark:bg-zinc-800'}`}
            >
              {name ?? 'all'}
            </button>
          ))}
        </div>
        <label className="ml-auto flex items-center gap-1 text-xs">
          <span className="sr-only">Search logs</span>
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search logs" className="w-48 rounded border border-zinc-300 bg-white px-2 py-0.5 dark:border-zinc-700 dark:bg-zinc-950" />
        </label>
        {!follow && (
          <button type="button" onClick={() => setFollow(true)} className="rounded bg-indigo-600 px-2 py-0.5 text-xs text-white">
            Follow
          </button>
        )}
      </div>
      <div
        ref={box}
        role="log"
        aria-label="log lines"
        onScroll={(e) => {
          const el = e.currentTarget;
          setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
        }}
        className="h-64 overflow-auto bg-zinc-950 px-3 py-2 font-mono text-[12px] leading-5 text-zinc-200"
      >
        {shown.length === 0 ? (
          <p className="text-zinc-500">{logs.length === 0 ? 'No log lines yet: start the stack to see its services’ output here.' : 'No line matches.'}</p>
        ) : (
          shown.map((l) => (
            <div key={l.seq} className={`whitespace-pre-wrap break-all ${l.stream === 'stderr' ? 'text-red-300' : ''}`} data-log-service={l.service}>
              <span className={colorOf(l.service)}>{l.service.padEnd(width)} │ </span>
              <Highlighted text={l.text} query={query} />
            </div>
          ))
        )}
      </div>
    </section>
  );
}
