import { useAppStore } from './store';
import { OpenStackForm } from './components/OpenStackForm';
import { ConnectionBanner } from './components/ConnectionBanner';
import { StackScreen } from './views/StackScreen';
import { InvalidStackScreen } from './views/InvalidStackScreen';
import { Notices } from './components/Notices';
import { openStack } from './bridge';

export function App() {
  const stack = useAppStore((s) => s.stack);
  const connection = useAppStore((s) => s.connection);
  const loadError = useAppStore((s) => s.loadError);
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-10 flex items-center gap-4 border-b border-zinc-200 bg-white/90 px-6 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
        <div className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-indigo-500" />
          Stackpilot
        </div>
        <div className="ml-auto w-full max-w-xl">
          <OpenStackForm />
        </div>
      </header>
      <ConnectionBanner connection={connection} error={loadError} />
      <main className="flex-1 px-6 py-5">
        {stack === null ? (
          <EmptyState connecting={connection === 'connecting'} />
        ) : stack.status === 'loaded' ? (
          <StackScreen stack={stack.stack} />
        ) : (
          <InvalidStackScreen view={stack} />
        )}
      </main>
      <Notices />
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
