import { useMemo } from 'react';
import type { ServiceStatsView } from '../../../preload/contract';
import { bytes, percent } from '../format';
import { useAppStore } from '../store';
import { StatsChart } from './StatsChart';
import { rates, times } from './series';

const perSecond = (v: number): string => `${bytes(v)}/s`;
const cpuAxis = (v: number): string => `${v < 1 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : Math.round(v)}%`;

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="rounded-md border border-zinc-200 px-2 py-1 dark:border-zinc-800">
      <dt className="text-[11px] uppercase tracking-wider text-zinc-500">{label}</dt>
      <dd className="font-mono text-sm tabular-nums">
        {value}
        {detail && <span className="ml-1 font-sans text-xs text-zinc-500">{detail}</span>}
      </dd>
    </div>
  );
}

/** One service's use: the numbers now and the last three minutes drawn. */
export function StatsTab({ service, running }: { service: string; running: boolean }) {
  const version = useAppStore((s) => s.statsVersion);
  const history = useAppStore((s) => s.statsHistory);
  const now = useAppStore((s) => s.stats[service]);
  const readings: readonly ServiceStatsView[] = useMemo(() => [...history.of(service)], [history, service, version]);
  const x = useMemo(() => times(readings), [readings]);
  const cpu = useMemo(
    () => [{ label: 'CPU', stroke: '#6366f1', values: readings.map((r) => r.cpuPercent) }],
    [readings],
  );
  const memory = useMemo(
    () => [{ label: 'memory', stroke: '#10b981', values: readings.map((r) => r.memoryBytes) }],
    [readings],
  );
  const net = useMemo(
    () => [
      { label: 'received', stroke: '#0ea5e9', values: rates(readings, (r) => r.netRxBytes) },
      { label: 'sent', stroke: '#f59e0b', values: rates(readings, (r) => r.netTxBytes) },
    ],
    [readings],
  );
  const block = useMemo(
    () => [
      { label: 'read', stroke: '#a855f7', values: rates(readings, (r) => r.blockReadBytes) },
      { label: 'written', stroke: '#ef4444', values: rates(readings, (r) => r.blockWriteBytes) },
    ],
    [readings],
  );
  if (!now) {
    return (
      <p className="text-xs text-zinc-500">
        {running
          ? 'Reading its use from the engine…'
          : 'Not running: its CPU, memory and I/O appear here while it runs.'}
      </p>
    );
  }
  const memShare =
    now.memoryLimitBytes > 0
      ? ` of ${bytes(now.memoryLimitBytes)} (${percent((now.memoryBytes / now.memoryLimitBytes) * 100)})`
      : '';
  return (
    <div className="flex flex-col gap-3" data-stats={service}>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        <Figure
          label="CPU"
          value={percent(now.cpuPercent)}
          detail={now.containers > 1 ? `${now.containers} containers` : undefined}
        />
        <Figure label="memory" value={bytes(now.memoryBytes)} detail={memShare} />
        <Figure label="processes" value={String(now.pids)} />
        <Figure label="network" value={`↓ ${bytes(now.netRxBytes)}`} detail={`↑ ${bytes(now.netTxBytes)}`} />
        <Figure
          label="block I/O"
          value={`${bytes(now.blockReadBytes)} read`}
          detail={`${bytes(now.blockWriteBytes)} written`}
        />
      </dl>
      <StatsChart title="CPU %" times={x} series={cpu} format={cpuAxis} />
      <StatsChart title="memory" times={x} series={memory} format={bytes} />
      <StatsChart title="network" times={x} series={net} format={perSecond} />
      <StatsChart title="block I/O" times={x} series={block} format={perSecond} />
    </div>
  );
}
