import { useEffect, useState } from 'react';
import type { ProjectView } from '../../../preload/contract';
import { request, openStack } from '../bridge';
import { useAppStore } from '../store';
import { describeFailure } from '../transport';
import { Button } from '../ui/Button';

/** Every compose project on the engine, started here or by docker compose; Open shows one. */
function EngineProjects() {
  const [projects, setProjects] = useState<ProjectView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const stack = useAppStore((s) => s.stack);
  const engine = useAppStore((s) => s.engine?.state);
  const setHome = useAppStore((s) => s.setHome);
  useEffect(() => {
    let live = true;
    request('engine:projects').then(
      (p) => live && (setProjects(p), setError(null)),
      (err: unknown) => live && setError(describeFailure(err)),
    );
    return () => {
      live = false;
    };
  }, [round, stack, engine]);
  const open = (p: ProjectView): void => {
    if (p.open) return setHome(false);
    const path = p.configFiles[0] ?? p.workingDir;
    if (!path) return;
    void openStack(path, p.name);
  };
  return (
    <section aria-labelledby="engine-projects" className="flex flex-col gap-2">
      <div className="flex items-center gap-2">
        <h2 id="engine-projects" className="text-xs font-semibold uppercase tracking-wider text-zinc-500">
          On the engine
        </h2>
        <Button size="xs" onClick={() => setRound((r) => r + 1)}>
          Refresh
        </Button>
      </div>
      {error && <p className="text-sm text-zinc-500">Cannot list the engine's projects: {error}</p>}
      {!error && projects === null && <p className="text-sm text-zinc-500">Asking the engine…</p>}
      {projects?.length === 0 && (
        <p className="text-sm text-zinc-500">
          No compose project on the engine: open a compose file and press Up, or start one with docker compose.
        </p>
      )}
      {projects && projects.length > 0 && (
        <table aria-label="compose projects on the engine" className="w-full text-left text-sm">
          <thead className="text-[11px] uppercase tracking-wider text-zinc-500">
            <tr>
              <th className="py-1 pr-3 font-semibold">Project</th>
              <th className="py-1 pr-3 font-semibold">State</th>
              <th className="py-1 pr-3 text-right font-semibold">Services</th>
              <th className="py-1 pr-3 font-semibold">Folder</th>
              <th className="py-1 pr-3 font-semibold">Started by</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.name} data-project={p.name} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1 pr-3 font-mono font-medium">
                  {p.name}
                  {p.open && <span className="ml-2 font-sans text-xs text-indigo-600 dark:text-indigo-400">open</span>}
                </td>
                <td
                  className={`py-1 pr-3 ${p.running > 0 ? 'text-emerald-700 dark:text-emerald-400' : 'text-zinc-500'}`}
                  data-status={p.status}
                >
                  {p.running > 0 ? `running ${p.running}/${p.containers}` : `stopped (${p.status})`}
                </td>
                <td className="py-1 pr-3 text-right tabular-nums">{p.services}</td>
                <td
                  className="max-w-80 truncate py-1 pr-3 font-mono text-xs text-zinc-500"
                  title={p.configFiles.join('\n') || p.workingDir}
                >
                  {p.workingDir ?? p.configFiles[0] ?? '—'}
                </td>
                <td className="py-1 pr-3 text-xs text-zinc-500">{p.byStackpilot ? 'Stackpilot' : 'docker compose'}</td>
                <td className="py-1 text-right">
                  <Button
                    size="xs"
                    disabled={!p.configFiles[0] && !p.workingDir}
                    title={p.configFiles[0] ?? p.workingDir ?? 'its compose files are not known: open them by path'}
                    onClick={() => open(p)}
                  >
                    {p.open ? 'Show' : 'Open'}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RecentStacks() {
  const recent = useAppStore((s) => s.recent);
  if (recent.length === 0) return null;
  return (
    <nav aria-label="recent stacks" className="flex flex-col gap-2">
      <h2 className="text-xs font-semibold uppercase tracking-wider text-zinc-500">Recent</h2>
      <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {recent.map((r) => (
          <li key={r.path}>
            <button
              type="button"
              onClick={() => void openStack(r.path)}
              className="flex w-full flex-col px-3 py-2 text-left hover:bg-zinc-100 dark:hover:bg-zinc-900"
            >
              <span className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{r.name}</span>
              <span className="truncate font-mono text-xs text-zinc-500">{r.path}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Where a day starts: the stacks on the engine and the ones opened before. */
export function HomeView() {
  const hasStack = useAppStore((s) => s.stack !== null);
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 py-2">
      {!hasStack && (
        <div className="text-center text-zinc-500" role="status">
          <p className="text-lg font-medium text-zinc-700 dark:text-zinc-300">No stack open</p>
          <p className="mt-1 text-sm">
            Type the path of a compose file or of a folder that holds one above, then press Enter — or open one below.
          </p>
        </div>
      )}
      <EngineProjects />
      <RecentStacks />
    </div>
  );
}
