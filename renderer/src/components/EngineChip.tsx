import { useAppStore } from '../store';
import { useNow } from '../use-now';

/** Where the engine is: connected (which), unreachable (why, and when the next try is), or unknown. */
export function EngineChip() {
  const engine = useAppStore((s) => s.engine);
  const now = useNow(engine?.state === 'unreachable');
  if (!engine) return null;
  // Connected: the engine picker says which; only trouble is said here.
  if (engine.state === 'connected') return null;
  const text =
    engine.state === 'unreachable'
      ? `Engine unreachable: ${engine.reason}. Reconnecting in ${Math.max(0, Math.ceil((engine.nextRetryAt - now) / 1000))} s (try ${engine.attempt}). Controls are off until it is back; what you see is kept.`
      : `No Docker engine: ${engine.reason}`;
  return (
    <p
      role="alert"
      className="w-full rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
    >
      {text}
    </p>
  );
}
