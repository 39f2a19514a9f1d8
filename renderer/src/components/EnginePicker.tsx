import { useEffect, useState } from 'react';
import type { EngineChoicesView, StackView } from '../../../preload/contract';
import { request } from '../bridge';
import { useAppStore } from '../store';
import { describeFailure } from '../transport';

/** "Podman on devbox": the engine in a few words, for the title and the picker's side. */
export function engineWords(engine: ReturnType<typeof useAppStore.getState>['engine']): string | undefined {
  if (engine?.state !== 'connected') return undefined;
  return `${engine.product ?? 'Docker'}${engine.remote ? ` on ${engine.remote}` : ''}`;
}

/**
 * Which engine the stack runs on: docker's contexts ("default" first, docker's current one marked),
 * the stack's own choice selected and remembered for it. Picking another connects there and shows
 * what runs on it; what runs on the previous one stays there.
 */
export function EnginePicker({ stack }: { stack: StackView }) {
  const [view, setView] = useState<EngineChoicesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const engine = useAppStore((s) => s.engine);
  useEffect(() => {
    let live = true;
    request('engine:choices').then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(describeFailure(err)),
    );
    return () => {
      live = false;
    };
  }, [stack.projectDir, stack.name]);
  // The window's title names the engine, as the picker does.
  const words = engineWords(engine);
  useEffect(() => {
    document.title = `${stack.name}${words ? ` — ${words}` : ''} — Stackpilot`;
  }, [stack.name, words]);
  if (!view) return error ? <span className="text-xs text-red-700 dark:text-red-400">{error}</span> : null;
  const pick = (name: string): void => {
    setError(null);
    request('stack:use-engine', name).then(setView, (err: unknown) => setError(describeFailure(err)));
  };
  const chosen = view.choices.find((c) => c.name === view.chosen);
  return (
    <span className="flex items-center gap-1 text-xs text-zinc-500">
      <label htmlFor="engine-picker">engine</label>
      <select
        id="engine-picker"
        value={view.chosen}
        onChange={(e) => pick(e.target.value)}
        title={chosen ? `${chosen.host}${chosen.description ? ` — ${chosen.description}` : ''}` : undefined}
        className="max-w-56 rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
      >
        {view.choices.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
            {c.current ? ' (docker’s current)' : ''} — {c.host}
          </option>
        ))}
      </select>
      {words && (
        <span
          data-engine-product
          className="font-medium text-zinc-700 dark:text-zinc-300"
          title={engine?.state === 'connected' ? engine.engine : undefined}
        >
          {words}
        </span>
      )}
      {error && (
        <span role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </span>
      )}
    </span>
  );
}
