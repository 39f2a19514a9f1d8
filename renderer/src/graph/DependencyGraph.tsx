import { useMemo } from 'react';
import type { DependencyConditionView, ServiceStateView, StackView } from '../../../preload/contract';
import { NODE, layoutGraph } from './layout';
import type { GraphEdge } from './layout';
import { useAppStore } from '../store';
import { StateBadge } from '../components/StateBadge';

const CONDITION_WORDS: Record<DependencyConditionView, string> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

/** The edge's route as a smooth curve: through the midpoints, bending at dagre's points. */
function pathOf(e: GraphEdge): string {
  const pts = e.points;
  const first = pts[0];
  const last = pts.at(-1);
  if (!first || !last) return '';
  let d = `M${first.x},${first.y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i];
    const next = pts[i + 1];
    if (!p || !next) continue;
    d += ` Q${p.x},${p.y} ${(p.x + next.x) / 2},${(p.y + next.y) / 2}`;
  }
  return `${d} L${last.x},${last.y}`;
}

function midpoint(e: GraphEdge): { x: number; y: number } {
  return e.points[Math.floor(e.points.length / 2)] ?? { x: 0, y: 0 };
}

/**
 * The stack as a graph: dependencies on the left, what waits on them to the right; each edge says its
 * condition, and the ones a service is waiting on right now are drawn in amber and moving. Each node
 * is a button: it shows that service's logs.
 */
export function DependencyGraph({
  stack,
  states,
}: {
  stack: StackView;
  states: Record<string, ServiceStateView | undefined>;
}) {
  const showLogsOf = useAppStore((s) => s.showLogsOf);
  const statusKey = stack.services.map((s) => states[s.name]?.status ?? 'defined').join(',');
  const graph = useMemo(
    () => layoutGraph(stack, (name) => states[name]?.status),
    // Positions depend on the stack only; the status key (not the states object) re-marks waiting edges.
    [stack, statusKey],
  );
  const waiting = graph.edges.filter((e) => e.waiting).length;
  return (
    <section
      aria-labelledby="graph-title"
      className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="mb-2 flex flex-wrap items-baseline gap-3">
        <h2 id="graph-title" className="text-sm font-semibold">
          Dependency graph
        </h2>
        <p className="text-xs text-zinc-500">
          Left to right in start order. Edges say what each service waits for
          {waiting > 0 ? `; ${waiting} waited on now, in amber` : ''}. Select a service to see its logs.
        </p>
      </div>
      <div className="overflow-auto">
        <div className="relative" style={{ width: graph.width, height: graph.height }}>
          <svg width={graph.width} height={graph.height} className="absolute inset-0" aria-hidden>
            <defs>
              <marker
                id="arrow"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="9"
                markerHeight="9"
                markerUnits="userSpaceOnUse"
                orient="auto-start-reverse"
              >
                <path d="M0,0 L10,5 L0,10 z" className="fill-zinc-400" />
              </marker>
              <marker
                id="arrow-waiting"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="9"
                markerHeight="9"
                markerUnits="userSpaceOnUse"
                orient="auto-start-reverse"
              >
                <path d="M0,0 L10,5 L0,10 z" className="fill-amber-500" />
              </marker>
            </defs>
            {graph.edges.map((e) => (
              <path
                key={`${e.from}->${e.to}`}
                d={pathOf(e)}
                data-edge={`${e.from}->${e.to}`}
                data-waiting={e.waiting || undefined}
                markerEnd={e.waiting ? 'url(#arrow-waiting)' : 'url(#arrow)'}
                className={`fill-none ${e.waiting ? 'animate-pulse stroke-amber-500' : 'stroke-zinc-400 dark:stroke-zinc-600'}`}
                strokeWidth={e.waiting ? 2.5 : 1.5}
                strokeDasharray={e.required ? undefined : '5 4'}
              />
            ))}
          </svg>
          {graph.edges.map((e) => {
            const m = midpoint(e);
            return (
              <span
                key={`label-${e.from}->${e.to}`}
                className={`absolute -translate-x-1/2 -translate-y-1/2 rounded px-1 text-[10px] leading-4 ${e.waiting ? 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100' : 'bg-white text-zinc-500 dark:bg-zinc-900'}`}
                style={{ left: m.x, top: m.y }}
              >
                {CONDITION_WORDS[e.condition]}
                {e.required ? '' : ' (optional)'}
              </span>
            );
          })}
          {graph.nodes.map((n) => {
            const state = states[n.name];
            const service = stack.services.find((s) => s.name === n.name);
            return (
              <button
                key={n.name}
                type="button"
                data-node={n.name}
                onClick={() => {
                  showLogsOf(n.name);
                  document.getElementById('logs-title')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
                }}
                title={state?.reason ?? service?.description ?? n.name}
                className="absolute flex flex-col items-start justify-center gap-1 rounded-md border border-zinc-300 bg-white px-2 text-left shadow-sm hover:border-indigo-400 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950"
                style={{
                  left: n.x - NODE.width / 2,
                  top: n.y - NODE.height / 2,
                  width: NODE.width,
                  height: NODE.height,
                }}
              >
                <span className="flex w-full items-center justify-between gap-2">
                  <span className="truncate font-mono text-xs font-semibold">{n.name}</span>
                  <StateBadge state={state?.status ?? 'defined'} />
                </span>
                <span className="w-full truncate text-[11px] text-zinc-500">{state?.reason ?? service?.readiness}</span>
              </button>
            );
          })}
        </div>
      </div>
    </section>
  );
}
