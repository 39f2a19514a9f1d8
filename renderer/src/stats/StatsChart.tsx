import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** A colour that reads on light and dark backgrounds alike. */
  stroke: string;
  values: (number | null)[];
}

interface Props {
  title: string;
  /** Reading times, in seconds. */
  times: number[];
  series: ChartSeries[];
  format: (v: number) => string;
  height?: number;
}

/**
 * A small live line chart (uPlot: canvas, a few kB, cheap to redraw each reading). Created once;
 * new readings only replace its data.
 */
export function StatsChart({ title, times, series, format, height = 90 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((s) => `${s.label}:${s.stroke}`).join('|');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis: uPlot.Axis = {
      stroke: '#71717a',
      grid: { stroke: 'rgba(113,113,122,0.15)', width: 1 },
      ticks: { show: false },
      font: '10px system-ui',
      size: 28,
    };
    const chart = new uPlot(
      {
        width: el.clientWidth || 300,
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] } },
        axes: [
          // Whole seconds apart at least: a few readings would otherwise label the same second thrice.
          {
            ...axis,
            space: 50,
            incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600],
            values: (_u, ticks) =>
              ticks.map((t) =>
                new Date(t * 1000).toLocaleTimeString(undefined, {
                  hour12: false,
                  minute: '2-digit',
                  second: '2-digit',
                }),
              ),
          },
          { ...axis, size: 56, values: (_u, ticks) => ticks.map(format) },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.stroke,
            width: 1.5,
            fill: `${s.stroke}22`,
            points: { show: false },
          })),
        ],
      },
      [times, ...series.map((s) => s.values)],
      el,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series change; readings go through setData below.
  }, [labels, height, format]);

  useEffect(() => {
    plot.current?.setData([times, ...series.map((s) => s.values)]);
  }, [times, series]);

  return (
    <figure className="min-w-0">
      <figcaption className="mb-0.5 flex items-center gap-3 text-[11px] text-zinc-500">
        <span className="font-semibold uppercase tracking-wider">{title}</span>
        {series.length > 1 &&
          series.map((s) => (
            <span key={s.label} className="flex items-center gap-1">
              <span aria-hidden className="inline-block h-0.5 w-3" style={{ background: s.stroke }} />
              {s.label}
            </span>
          ))}
      </figcaption>
      <div
        ref={box}
        role="img"
        aria-label={`${title} over the last ${times.length} readings`}
        data-points={times.length}
      />
    </figure>
  );
}
