import type {
  ServiceStateView,
  ServiceStatsView,
  ServiceStatusView,
  ServiceView,
  StackView,
} from '../../../preload/contract';
import { groupServices } from '../store/selectors';
import type { ServiceGroup } from '../store/selectors';
import type { GroupBy, TableSort } from '../store/ui-slice';

export interface TableQuery {
  groupBy: GroupBy;
  text: string;
  onlyFailing: boolean;
  sort: TableSort | null;
}

/** States that need a look: shown by "only failing", and first when sorting by state. */
const FAILING: ReadonlySet<ServiceStatusView> = new Set(['failed', 'unhealthy', 'backoff', 'blocked']);

export function isFailing(state: ServiceStateView | undefined): boolean {
  return state !== undefined && (FAILING.has(state.status) || state.circuit === 'open');
}

// Worst first: what needs attention sorts to the top.
const STATE_RANK: Record<ServiceStatusView, number> = {
  failed: 0,
  blocked: 1,
  unhealthy: 2,
  backoff: 3,
  waiting: 4,
  pulling: 5,
  building: 6,
  starting: 7,
  stopping: 8,
  ready: 9,
  completed: 10,
  stopped: 11,
  defined: 12,
};

function matches(service: ServiceView, state: ServiceStateView | undefined, words: string[]): boolean {
  if (words.length === 0) return true;
  const hay = [
    service.name,
    service.group ?? '',
    service.image ?? '',
    service.description ?? '',
    state?.status ?? 'not started',
    state?.reason ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

function sortValue(
  key: TableSort['key'],
  service: ServiceView,
  state: ServiceStateView | undefined,
  stats: ServiceStatsView | undefined,
  now: number,
): number | string {
  switch (key) {
    case 'name':
      return service.name;
    case 'state':
      return STATE_RANK[state?.status ?? 'defined'];
    case 'uptime':
      return state?.status === 'ready' && state.startedAt !== undefined ? now - state.startedAt : -1;
    case 'restarts':
      return state?.restarts ?? 0;
    case 'cpu':
      return stats?.cpuPercent ?? -1;
    case 'memory':
      return stats?.memoryBytes ?? -1;
  }
}

/**
 * The table's groups and rows: grouped as asked, filtered by every word of the text (name, group,
 * image, description, state, reason) and by "only failing", each group sorted by the chosen column
 * (ties in start order). Empty groups are dropped. Pure.
 */
export function tableGroups(
  stack: StackView,
  states: Record<string, ServiceStateView>,
  stats: Record<string, ServiceStatsView>,
  query: TableQuery,
  now: number,
): ServiceGroup[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  const { sort } = query;
  const out: ServiceGroup[] = [];
  for (const group of groupServices(stack, query.groupBy)) {
    let services = group.services.filter(
      (s) => matches(s, states[s.name], words) && (!query.onlyFailing || isFailing(states[s.name])),
    );
    if (sort) {
      const keyed = services.map((s, i) => ({ s, i, v: sortValue(sort.key, s, states[s.name], stats[s.name], now) }));
      keyed.sort((a, b) => {
        const c = typeof a.v === 'string' ? a.v.localeCompare(String(b.v)) : a.v - Number(b.v);
        return (sort.descending ? -c : c) || a.i - b.i;
      });
      services = keyed.map((k) => k.s);
    }
    if (services.length > 0) out.push({ ...group, services });
  }
  return out;
}

/** The next row for ↑/↓ (clamped at the ends), from the current one or from none. */
export function stepRow(order: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (order.length === 0) return null;
  const at = current === null ? -1 : order.indexOf(current);
  if (at < 0) return step === 1 ? (order[0] ?? null) : (order.at(-1) ?? null);
  return order[Math.min(order.length - 1, Math.max(0, at + step))] ?? null;
}
