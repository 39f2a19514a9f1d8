import { Graph, layout } from '@dagrejs/dagre';
import type { EdgeLabel, GraphLabel, NodeLabel } from '@dagrejs/dagre';
import type { DependencyConditionView, ServiceStatusView, StackView } from '../../../preload/contract';

export const NODE = { width: 184, height: 58 };

export interface GraphNode {
  name: string;
  x: number;
  y: number;
}

export interface GraphEdge {
  /** The dependency (drawn on the left: it starts first). */
  from: string;
  /** The service that waits on it. */
  to: string;
  condition: DependencyConditionView;
  required: boolean;
  points: { x: number; y: number }[];
  /** `to` is waiting right now, and `from` has not met the condition yet. */
  waiting: boolean;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Whether a dependency's state satisfies a `depends_on` condition. */
export function conditionMet(condition: DependencyConditionView, status: ServiceStatusView | undefined): boolean {
  if (condition === 'service_completed_successfully') return status === 'completed';
  if (condition === 'service_healthy') return status === 'ready';
  return status === 'ready' || status === 'starting' || status === 'unhealthy';
}

/**
 * The dependency graph laid out left to right in start order (dagre's layered layout), edges routed
 * around nodes. Pure: the same stack gives the same picture; states only colour it.
 */
export function layoutGraph(stack: StackView, statusOf: (name: string) => ServiceStatusView | undefined): GraphLayout {
  const g = new Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 90, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of stack.services) g.setNode(s.name, { width: NODE.width, height: NODE.height });
  for (const s of stack.services) for (const d of s.dependsOn) if (g.hasNode(d.service)) g.setEdge(d.service, s.name);
  layout(g);
  const nodes = stack.services.map((s) => {
    const n = g.node(s.name);
    return { name: s.name, x: n.x ?? 0, y: n.y ?? 0 };
  });
  const edges = stack.services.flatMap((s) =>
    s.dependsOn
      .filter((d) => g.hasNode(d.service))
      .map((d) => ({
        from: d.service,
        to: s.name,
        condition: d.condition,
        required: d.required,
        points: (g.edge(d.service, s.name)?.points ?? []).map((p) => ({ x: p.x, y: p.y })),
        waiting: statusOf(s.name) === 'waiting' && !conditionMet(d.condition, statusOf(d.service)),
      })),
  );
  const { width = 0, height = 0 } = g.graph();
  return { width, height, nodes, edges };
}
