import type { Connection } from '../store/stack-slice';

export function ConnectionBanner({ connection, error }: { connection: Connection; error: string | null }) {
  if (connection === 'closed') {
    return (
      <div
        role="alert"
        className="border-b border-amber-300 bg-amber-50 px-6 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
      >
        Lost the connection to Stackpilot. What you see is kept; reload the page once the server runs again.
      </div>
    );
  }
  if (error) {
    return (
      <div
        role="alert"
        className="border-b border-red-300 bg-red-50 px-6 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      >
        {error}
      </div>
    );
  }
  return null;
}
