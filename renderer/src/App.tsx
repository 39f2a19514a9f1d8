import { OpenStacksNav } from './components/OpenStacksNav';
import { useAppStore } from './store';
import { OpenStackForm } from './components/OpenStackForm';
import { ConnectionBanner } from './components/ConnectionBanner';
import { StackScreen } from './views/StackScreen';
import { InvalidStackScreen } from './views/InvalidStackScreen';
import { Notices } from './components/Notices';
import { runAction } from './bridge';
import { HomeView } from './views/HomeView';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { SettingsDialog } from './components/SettingsDialog';
import { commandFor } from './shortcuts';
import { useEffect, useState } from 'react';

export function App() {
  const stack = useAppStore((s) => s.stack);
  const connection = useAppStore((s) => s.connection);
  const loadError = useAppStore((s) => s.loadError);
  const command = useAppStore((s) => s.command);
  const home = useAppStore((s) => s.home);
  const setHome = useAppStore((s) => s.setHome);
  const [helpOpen, setHelpOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const theme = useAppStore((s) => s.settings?.theme ?? 'system');

  // The chosen theme as a class on <html>; 'system' is the media query alone (see index.css).
  useEffect(() => {
    const root = document.documentElement.classList;
    root.toggle('light', theme === 'light');
    root.toggle('dark', theme === 'dark');
  }, [theme]);

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
        <nav aria-label="views" className="flex gap-1 text-sm">
          <button
            type="button"
            aria-pressed={home || stack === null}
            onClick={() => setHome(true)}
            className={`rounded px-2 py-0.5 ${home || stack === null ? 'bg-zinc-200 dark:bg-zinc-800' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`}
          >
            Stacks
          </button>
          <OpenStacksNav />
        </nav>
        <div className="ml-auto w-full max-w-xl">
          <OpenStackForm />
        </div>
        <button
          type="button"
          aria-label="settings"
          title="Settings"
          onClick={() => setSettingsOpen(true)}
          className="rounded-md border border-zinc-300 px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Settings
        </button>
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
      <main
        className={`min-h-0 flex-1 ${stack?.status === 'loaded' && !home ? 'overflow-hidden' : 'overflow-auto px-6 py-5'}`}
      >
        {connection === 'connecting' && stack === null ? (
          <p className="mt-24 text-center text-zinc-500" role="status">
            Connecting to Stackpilot…
          </p>
        ) : stack === null || home ? (
          <HomeView />
        ) : stack.status === 'loaded' ? (
          <StackScreen stack={stack.stack} />
        ) : (
          <InvalidStackScreen view={stack} />
        )}
      </main>
      <Notices />
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </div>
  );
}
