import { useAppStore } from './store';
import { OpenStackForm } from './components/OpenStackForm';
import { ConnectionBanner } from './components/ConnectionBanner';
import { StackScreen } from './views/StackScreen';
import { InvalidStackScreen } from './views/InvalidStackScreen';

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
    </div>
  );
}

function EmptyState({ connecting }: { connecting: boolean }) {
  return (
    <div className="mx-auto mt-24 max-w-md text-center text-zinc-500" role="status">
      {connecting ? (
        <p>Connecting to Stackpilot…</p>
      ) : (
        <>
          <p className="text-lg font-medium text-zinc-700 dark:text-zinc-300">No stack open</p>
          <p className="mt-2 text-sm">Type the path of a compose file or of a folder that holds one above, then press Enter.</p>
        </>
      )}
    </div>
  );
}
