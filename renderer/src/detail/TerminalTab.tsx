import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { connect, listenToTerminal } from '../bridge';
import { describeFailure } from '../transport';

const THEME = {
  background: '#09090b',
  foreground: '#e4e4e7',
  cursor: '#a5b4fc',
  selectionBackground: '#3f3f46',
};

type Status = { state: 'connecting' } | { state: 'open'; command: string } | { state: 'ended'; text: string };

/**
 * A real terminal in the service's container (xterm.js; the engine's exec with a TTY): a shell, bash
 * when the image has one, or the command typed. Keys go to it, the window's size follows it, and
 * leaving the tab ends it.
 */
export function TerminalTab({ service, running }: { service: string; running: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const [command, setCommand] = useState('');
  // Each run is one session: a new run (Enter in the command field, or Reconnect) starts another.
  const [run, setRun] = useState<{ n: number; command: string }>({ n: 0, command: '' });
  const [status, setStatus] = useState<Status>({ state: 'connecting' });

  useEffect(() => {
    const el = box.current;
    if (!el || !running) return;
    const term = new Terminal({
      fontSize: 12,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      theme: THEME,
      cursorBlink: true,
      scrollback: 5000,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fit.fit();
    const api = connect();
    let id: string | null = null;
    let closed = false;
    const offs: (() => void)[] = [];
    setStatus({ state: 'connecting' });
    api
      .invoke('terminal:open', {
        service,
        cols: term.cols,
        rows: term.rows,
        ...(run.command.trim() ? { command: run.command } : {}),
      })
      .then(
        (view) => {
          if (closed) return void api.invoke('terminal:close', view.id).catch(() => undefined);
          id = view.id;
          setStatus({ state: 'open', command: run.command.trim() || 'shell (bash, else sh)' });
          offs.push(
            listenToTerminal(view.id, {
              output: (data) => term.write(data),
              exit: (code) => {
                term.write(`\r\n\u001b[2m[ended with exit code ${code}]\u001b[0m\r\n`);
                setStatus({ state: 'ended', text: `ended with exit code ${code}` });
              },
            }),
          );
          const input = term.onData((data) => void api.invoke('terminal:input', view.id, data).catch(() => undefined));
          const resized = term.onResize(
            ({ cols, rows }) => void api.invoke('terminal:resize', view.id, cols, rows).catch(() => undefined),
          );
          offs.push(
            () => input.dispose(),
            () => resized.dispose(),
          );
          term.focus();
        },
        (err: unknown) => {
          term.write(`\u001b[31m${describeFailure(err)}\u001b[0m\r\n`);
          setStatus({ state: 'ended', text: describeFailure(err) });
        },
      );
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(el);
    return () => {
      closed = true;
      observer.disconnect();
      for (const off of offs) off();
      if (id) void api.invoke('terminal:close', id).catch(() => undefined);
      term.dispose();
    };
  }, [service, running, run]);

  if (!running)
    return <p className="p-3 text-xs text-zinc-500">Not running: start it to open a shell in its container.</p>;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <form
        className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800"
        onSubmit={(e) => {
          e.preventDefault();
          setRun((r) => ({ n: r.n + 1, command }));
        }}
      >
        <label className="flex min-w-0 flex-1 items-center gap-1">
          <span className="shrink-0 text-zinc-500">Run</span>
          <input
            value={command}
            onChange={(e) => setCommand(e.target.value)}
            placeholder="a command, or empty for a shell"
            aria-label="command to run"
            className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-0.5 font-mono dark:border-zinc-700 dark:bg-zinc-950"
          />
        </label>
        <button
          type="submit"
          className="rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {status.state === 'ended' ? 'Reconnect' : 'Run'}
        </button>
        <span role="status" className="shrink-0 text-zinc-500" data-terminal-status={status.state}>
          {status.state === 'connecting' ? 'connecting…' : status.state === 'open' ? status.command : status.text}
        </span>
      </form>
      <div ref={box} data-terminal={service} className="min-h-0 flex-1 bg-zinc-950 p-1" />
    </div>
  );
}
