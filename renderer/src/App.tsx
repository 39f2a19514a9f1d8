import { useAppStore } from './store';
import { OpenStackForm } from './components/OpenStackForm';
import { ConnectionBanner } from './components/ConnectionBanner';
import { StackScreen } from './views/StackScreen';
import { InvalidStackScreen } from './views/InvalidStackScreen';
import { Notices } from './components/Notices';
import { openStack, runAction } from './bridge';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { commandFor } from './shortcuts';
import { useEffect, useState } from 'react';

export function App() {
  const stack = useAppStore((s) => s.stack);
  const connection = useAppStore((s) => s.connection);
  const loadError = useAppStore((s) => s.loadError);
  const command = useAppStore((s) => s.command);
  const [helpOpen, setHelpOpen] = useState(false);

  // Keys work in browser mode too; in the desktop app the menu's accelerators send the same commands.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const name = commandFor(e);
      if (!name) return;
      e.preventDefault();
      useAppStore.getState().requestCommand(name);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Commands that act on the whole window; the views handle the rest (search, graph).
  useEffect(() => {
    if (!command) return;
    const { stack: current, engine } = useAppStore.getState();
    const canRun = current?.status === 'loaded' && engine?.state === 'connected';
    if (command.name === 'show-help') setHelpOpen(true);
    else if (command.name === 'open') document.getElementById('open-path')?.focus();
    else if (command.name === 'up' && canRun) void runAction('stack:up', (a) => a.invoke('stack:up'));
    else if (command.name === 'down' && canRun) void runAction('stack:down', (a) => a.invoke('stack:down'));
  }, [command]);

  return (
    <div className="flex h-screen flex-col">
      <header className="z-10 flex items-center gap-4 border-b border-zinc-200 bg-white/90 px-4 py-2 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
        <div className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-indigo-500" />
          Stackpilot
        </div>
        <div className="ml-auto w-full max-w-xl">
          <OpenStackForm />
        </div>
        <button
          type="button"
          aria-label="keyboard shortcuts"
          title="Keyboard shortcuts (F1)"
          onClick={() => setHelpOpen(true)}
          className="rounded-md border border-zinc-300 px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          ?
        </button>
      </header>
      <ConnectionBanner connection={connection} error={loadError} />
      <main className={`min-h-0 flex-1 ${stack?.status === 'loaded' ? 'overflow-hidden' : 'overflow-auto px-6 py-5'}`}>
        {stack === null ? <EmptyState connecting={connection === 'connecting'} /> : stack.status === 'loaded' ? <StackScreen stack={stack.stack} /> : <InvalidStackScreen view={stack} />}
      </main>
      <Notices />
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

function EmptyState({ connecting }: { connecting: boolean }) {
  const recent = useAppStore((s) => s.recent);
  return (
    <div className="mx-auto mt-24 max-w-md text-center text-zinc-500" role="status">
      {connecting ? (
        <p>Connecting to Stackpilot…</p>
      ) : (
        <>
          <p className="text-lg font-medium text-zinc-700 dark:text-zinc-300">No stack open</p>
          <p className="mt-2 text-sm">Type the path of a compose file or of a folder that holds one above, then press Enter.</p>
          {recent.length > 0 && (
            <nav aria-label="recent stacks" className="mt-6 text-left">
              <h2 className="mb-2 text-xs font-semibold uppercase tracking-wider">Recent</h2>
              <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
                {recent.map((r) => (
                  <li key={r.path}>
                    <button type="button" onClick={() => void openStack(r.path)} className="flex w-full flex-col px-3 py-2 text-left hover:bg-zinc-100 dark:hover:bg-zinc-900">
                      <span className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{r.name}</span>
                      <span className="truncate font-mono text-xs">{r.path}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </>
      )}
    </div>
  );
}
