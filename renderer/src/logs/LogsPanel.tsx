import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LogLineView } from '../../../preload/contract';
import { stripAnsi } from './ansi';
import { exportFileName, linesAsText } from './export';
import { FilteredLines } from './log-buffer';
import { LogLine, serviceColors } from './LogLine';
import { compileQuery } from './search';
import { useAppStore } from '../store';
import { LogSearch } from './LogSearch';
import { ServiceChooser } from './ServiceChooser';
import { TOGGLE, toggleClass } from './toggles';

const ROW = 20;
/** Service names longer than this push their line rather than widen every line's prefix. */
const MAX_PREFIX = 28;

/** Index of the line with this sequence number in a seq-ordered list (binary search), or -1. */
function indexOfSeq(lines: readonly LogLineView[], seq: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = lines[mid]?.seq ?? 0;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

interface Props {
  services: string[];
  stackName: string;
  /** One service's logs only (its detail pane's tab): no chooser, and the window's keys go to the dock. */
  only?: string;
  heightClass?: string;
  /** Shown as a fold button (the dock). */
  onClose?: () => void;
}

/**
 * Live logs of every service or chosen ones. Virtualised (only the rows on screen exist in the DOM),
 * so 100k lines scroll smoothly; follows the newest line until you scroll up, and says how many
 * arrived since. Search highlights and steps through matches (plain or regex), or keeps only them.
 */
export function LogsPanel({ services, stackName, only, heightClass = 'min-h-0 flex-1', onClose }: Props) {
  const { logs, version, chosenInStore, showLogsOf, toggleLogService, command } = useAppStore(
    useShallow((s) => ({
      logs: s.logs,
      version: s.logVersion,
      chosenInStore: s.logServices,
      showLogsOf: s.showLogsOf,
      toggleLogService: s.toggleLogService,
      command: s.command,
    })),
  );
  const chosen = useMemo(() => (only ? [only] : chosenInStore), [only, chosenInStore]);
  const titleId = useId();
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [showTime, setShowTime] = useState(false);
  const [wrap, setWrap] = useState(true);
  const [follow, setFollow] = useState(true);
  const [current, setCurrent] = useState(-1);
  const [copied, setCopied] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const lastTop = useRef(0);
  const shownFilter = useRef(new FilteredLines());
  const matchFilter = useRef(new FilteredLines());
  const seqAtPause = useRef(0);

  const compiled = useMemo(() => compileQuery({ text: query, regex }), [query, regex]);
  const search = compiled?.ok ? compiled : null;
  const chosenKey = chosen.join(',');
  const inChosen = useMemo(() => {
    const set = new Set(chosen);
    return (l: LogLineView): boolean => set.size === 0 || set.has(l.service);
  }, [chosen]);

  // `version` is the dependency that matters: the buffer is mutated in place, and each filter only
  // looks at lines that arrived since it last ran.
  const shown = useMemo(() => {
    const filterKey = `${chosenKey}|${onlyMatching && search ? `${regex}:${query}` : ''}`;
    return shownFilter.current.sync(
      logs,
      filterKey,
      (l) => inChosen(l) && (!onlyMatching || !search || search.test(stripAnsi(l.text))),
    );
  }, [logs, version, chosenKey, inChosen, onlyMatching, search, regex, query]);
  const matches = useMemo(() => {
    if (!search) return [];
    // Keeping only matches, the lines shown are the matches: no second pass over the same lines.
    if (onlyMatching) return shown;
    return matchFilter.current.sync(
      logs,
      `${chosenKey}|${regex}:${query}`,
      (l) => inChosen(l) && search.test(stripAnsi(l.text)),
    );
  }, [logs, version, chosenKey, inChosen, search, regex, query, onlyMatching, shown]);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW,
    overscan: 12,
    getItemKey: (i) => shown[i]?.seq ?? i,
  });

  useEffect(() => {
    if (follow && shown.length > 0) virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [follow, shown, version, virtualizer, wrap]);

  const goToMatch = (n: number): void => {
    if (matches.length === 0) return;
    const k = ((n % matches.length) + matches.length) % matches.length;
    setCurrent(k);
    const target = matches[k];
    const row = target ? indexOfSeq(shown, target.seq) : -1;
    if (row >= 0) {
      pause();
      virtualizer.scrollToIndex(row, { align: 'center' });
    }
  };

  // A new search (not new lines) jumps to its newest match.
  useEffect(() => {
    if (!search || matches.length === 0) {
      setCurrent(-1);
      return;
    }
    goToMatch(matches.length - 1);
  }, [search]);

  useEffect(() => {
    if (command?.name === 'focus-search' && !only) searchInput.current?.focus();
  }, [command, only]);

  function pause(): void {
    if (follow) seqAtPause.current = logs.lastSeq;
    setFollow(false);
  }

  const newSincePause = follow ? 0 : shown.length - (indexOfSeq(shown, seqAtPause.current) + 1);
  // Room for a replica's number too (`api-2`).
  const width = Math.min(MAX_PREFIX, Math.max(...services.map((s) => s.length + 3), 4));
  const serviceKey = services.join('\n');
  const colors = useMemo(() => serviceColors(serviceKey.split('\n')), [serviceKey]);
  const currentSeq = current >= 0 ? matches[current]?.seq : undefined;

  const copy = (): void => {
    const text = linesAsText(shown, showTime);
    void navigator.clipboard
      .writeText(text)
      .then(() => setCopied(`copied ${shown.length} lines`))
      .catch(() => setCopied('copy refused by the browser: select the lines and press Ctrl+C'));
  };
  const exportLines = (): void => {
    const url = URL.createObjectURL(new Blob([`${linesAsText(shown, true)}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(stackName, new Date());
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section
      aria-labelledby={titleId}
      data-logs={only ?? 'stack'}
      className="flex h-full min-h-0 flex-col bg-white dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <h2 id={titleId} className="text-sm font-semibold">
          {only ? `Logs of ${only}` : 'Logs'}
        </h2>
        {!only && (
          <ServiceChooser
            services={services}
            chosen={chosen}
            colors={colors}
            showLogsOf={showLogsOf}
            toggle={toggleLogService}
          />
        )}
        <div className="ml-auto flex flex-wrap items-center gap-1">
          <LogSearch
            inputRef={searchInput}
            query={query}
            setQuery={setQuery}
            regex={regex}
            setRegex={setRegex}
            compiled={compiled}
            matches={matches.length}
            current={current}
            goToMatch={goToMatch}
          />
          <button
            type="button"
            aria-pressed={onlyMatching}
            onClick={() => setOnlyMatching(!onlyMatching)}
            className={toggleClass(onlyMatching)}
          >
            only matches
          </button>
          <button
            type="button"
            aria-pressed={showTime}
            onClick={() => setShowTime(!showTime)}
            className={toggleClass(showTime)}
          >
            time
          </button>
          <button type="button" aria-pressed={wrap} onClick={() => setWrap(!wrap)} className={toggleClass(wrap)}>
            wrap
          </button>
          <button
            type="button"
            disabled={shown.length === 0}
            onClick={copy}
            className={`${TOGGLE} border-zinc-300 disabled:opacity-40 dark:border-zinc-700`}
          >
            Copy
          </button>
          <button
            type="button"
            disabled={shown.length === 0}
            onClick={exportLines}
            className={`${TOGGLE} border-zinc-300 disabled:opacity-40 dark:border-zinc-700`}
          >
            Export
          </button>
          {onClose && (
            <button
              type="button"
              onClick={onClose}
              title="Fold the logs (Ctrl+L)"
              aria-label="fold the logs"
              className={`${TOGGLE} border-zinc-300 dark:border-zinc-700`}
            >
              ▾
            </button>
          )}
        </div>
      </div>
      {compiled?.ok === false && (
        <p className="px-3 py-1 text-xs text-red-700 dark:text-red-400">
          Not a valid regular expression: {compiled.error}
        </p>
      )}
      <div className="relative flex min-h-0 flex-1 flex-col">
        <div
          ref={box}
          role="log"
          aria-label="log lines"
          tabIndex={0}
          data-lines={shown.length}
          data-last-seq={shown.at(-1)?.seq ?? 0}
          onScroll={(e) => {
            const el = e.currentTarget;
            const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 1.5;
            if (el.scrollTop < lastTop.current - 2 && !atBottom) pause();
            else if (atBottom && !follow) setFollow(true);
            lastTop.current = el.scrollTop;
          }}
          onKeyDown={(e) => {
            if (e.key === 'End') setFollow(true);
            else if (e.key === 'PageUp' || e.key === 'Home' || e.key === 'ArrowUp') pause();
          }}
          className={`${heightClass} overflow-auto bg-zinc-950 py-2 font-mono text-[12px] leading-5 text-zinc-200 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500`}
        >
          {shown.length === 0 ? (
            <p className="px-3 text-zinc-500">
              {logs.lines.length === 0
                ? 'No log lines yet: start the stack to see its services’ output here.'
                : 'No line matches.'}
            </p>
          ) : (
            <div
              style={{
                height: virtualizer.getTotalSize(),
                position: 'relative',
                minWidth: wrap ? undefined : 'max-content',
              }}
            >
              {virtualizer.getVirtualItems().map((row) => {
                const line = shown[row.index];
                if (!line) return null;
                const isCurrent = line.seq === currentSeq;
                return (
                  <div
                    key={row.key}
                    data-index={row.index}
                    ref={wrap ? virtualizer.measureElement : undefined}
                    data-log-service={line.service}
                    className={`absolute left-0 w-full px-3 ${wrap ? 'whitespace-pre-wrap break-all' : 'whitespace-pre'} ${isCurrent ? 'bg-zinc-800' : ''}`}
                    style={{ transform: `translateY(${row.start}px)`, ...(wrap ? {} : { height: ROW }) }}
                  >
                    <LogLine
                      line={line}
                      color={colors.get(line.service) ?? 'text-zinc-400'}
                      prefixWidth={width}
                      showTime={showTime}
                      search={search}
                      current={isCurrent}
                    />
                  </div>
                );
              })}
            </div>
          )}
        </div>
        {!follow && (
          <button
            type="button"
            onClick={() => setFollow(true)}
            className="absolute bottom-3 right-5 rounded-full bg-indigo-600 px-3 py-1 text-xs text-white shadow-lg hover:bg-indigo-500"
          >
            {newSincePause > 0
              ? `${newSincePause.toLocaleString()} new line${newSincePause === 1 ? '' : 's'} · `
              : 'Paused · '}
            Follow (End)
          </button>
        )}
      </div>
      <p
        className="flex gap-3 border-t border-zinc-200 px-3 py-1 text-[11px] text-zinc-500 dark:border-zinc-800"
        aria-live="polite"
      >
        <span>
          {shown.length.toLocaleString()} line{shown.length === 1 ? '' : 's'} shown ·{' '}
          {logs.lines.length.toLocaleString()} kept (newest {logs.max.toLocaleString()})
        </span>
        {copied && <span>{copied}</span>}
      </p>
    </section>
  );
}
