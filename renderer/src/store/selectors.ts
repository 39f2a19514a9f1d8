import type { ServiceView, StackView } from '../../../preload/contract';
import type { GroupBy } from './ui-slice';

export interface ServiceGroup {
  key: string;
  title: string;
  services: ServiceView[];
}

const GROUP_ORDER = ['infra', 'app', 'monitoring'];

/** Services grouped by `x-stackpilot.group` (known groups first), or by start level. Pure. */
export function groupServices(stack: StackView, by: GroupBy): ServiceGroup[] {
  if (by === 'level' || stack.services.every((s) => !s.group)) {
    return stack.levels.map((names, i) => ({
      key: `level-${i + 1}`,
      title: `Level ${i + 1}${i === 0 ? ' · starts first' : ''}`,
      services: names
        .map((n) => stack.services.find((s) => s.name === n))
        .filter((s): s is ServiceView => s !== undefined),
    }));
  }
  const groups = new Map<string, ServiceView[]>();
  for (const s of [...stack.services].sort((a, b) => a.level - b.level || a.name.localeCompare(b.name))) {
    const key = s.group ?? 'other';
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  // Known groups first; the others in the order they start (their earliest level), "other" last.
  const rank = (k: string): number =>
    GROUP_ORDER.includes(k)
      ? GROUP_ORDER.indexOf(k)
      : k === 'other'
        ? 10_000
        : 100 + Math.min(...(groups.get(k) ?? []).map((s) => s.level));
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, services]) => ({ key, title: key, services }));
}

/** Names related to `focused`: what it waits on and what waits on it. */
export function relatedTo(
  stack: StackView,
  focused: string | null,
): { dependsOn: Set<string>; dependents: Set<string> } {
  const service = stack.services.find((s) => s.name === focused);
  return {
    dependsOn: new Set(service?.dependsOn.map((d) => d.service) ?? []),
    dependents: new Set(service?.dependents ?? []),
  };
}
