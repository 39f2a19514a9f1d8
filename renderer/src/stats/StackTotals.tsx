import { bytes, percent } from '../format';
import { useAppStore } from '../store';
import { totalOf } from './stats-history';

/** What the whole stack uses now: CPU and memory summed over its running services. */
export function StackTotals() {
  const stats = useAppStore((s) => s.stats);
  const readings = Object.values(stats);
  if (readings.length === 0) return null;
  const total = totalOf(readings, 0);
  return (
    <span
      className="text-xs tabular-nums text-zinc-500"
      data-total-cpu={total.cpuPercent.toFixed(1)}
      title={`${total.containers} running containers: CPU summed (100% = one core), memory summed`}
    >
      using CPU {percent(total.cpuPercent)} · memory {bytes(total.memoryBytes)}
    </span>
  );
}
