import type { ContainerStats } from '../orchestrator/stats';
import { withOrchestrator } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';

export const STATS_HELP = `Usage: stackpilot stats [OPTIONS] [SERVICE...]

Show the running containers' CPU, memory, network and block I/O, and the stack's total, refreshed
until Ctrl-C (as docker compose stats).

Options: the stack options, and
      --no-stream          one reading, then exit
      --format table|json  (json: one reading, as a list)
`;

const size = (b: number): string =>
  b >= 1024 ** 3
    ? `${(b / 1024 ** 3).toFixed(2)}GiB`
    : b >= 1024 ** 2
      ? `${(b / 1024 ** 2).toFixed(1)}MiB`
      : b >= 1024
        ? `${(b / 1024).toFixed(1)}KiB`
        : `${b}B`;
const bytes = (b: number): string =>
  b >= 1e9
    ? `${(b / 1e9).toFixed(2)}GB`
    : b >= 1e6
      ? `${(b / 1e6).toFixed(1)}MB`
      : b >= 1e3
        ? `${(b / 1e3).toFixed(1)}kB`
        : `${b}B`;

type Row = { name: string } & ContainerStats;

function table(rows: readonly Row[]): string {
  const total: Row = rows.reduce<Row>(
    (t, r) => ({
      name: 'TOTAL',
      cpuPercent: t.cpuPercent + r.cpuPercent,
      memoryBytes: t.memoryBytes + r.memoryBytes,
      memoryLimitBytes: Math.max(t.memoryLimitBytes, r.memoryLimitBytes),
      netRxBytes: t.netRxBytes + r.netRxBytes,
      netTxBytes: t.netTxBytes + r.netTxBytes,
      blockReadBytes: t.blockReadBytes + r.blockReadBytes,
      blockWriteBytes: t.blockWriteBytes + r.blockWriteBytes,
      pids: t.pids + r.pids,
    }),
    {
      name: 'TOTAL',
      cpuPercent: 0,
      memoryBytes: 0,
      memoryLimitBytes: 0,
      netRxBytes: 0,
      netTxBytes: 0,
      blockReadBytes: 0,
      blockWriteBytes: 0,
      pids: 0,
    },
  );
  const cells = (r: Row): string[] => [
    r.name,
    `${r.cpuPercent.toFixed(2)}%`,
    `${size(r.memoryBytes)} / ${size(r.memoryLimitBytes)}`,
    r.memoryLimitBytes > 0 ? `${((r.memoryBytes / r.memoryLimitBytes) * 100).toFixed(2)}%` : '-',
    `${bytes(r.netRxBytes)} / ${bytes(r.netTxBytes)}`,
    `${bytes(r.blockReadBytes)} / ${bytes(r.blockWriteBytes)}`,
    String(r.pids),
  ];
  const lines = [
    ['NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'],
    ...rows.map(cells),
    ...(rows.length > 1 ? [cells(total)] : []),
  ];
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? [];
  return `${lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('   ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

export function statsCommand(
  io: CliIO,
  values: StackArgs & { 'no-stream'?: boolean },
  services: string[],
): Promise<number> {
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  return withOrchestrator(
    io,
    values,
    services,
    async (runner) => {
      const read = async (): Promise<Row[]> => {
        const running = (await runner.containersOf(services)).filter((c) => c.state === 'running');
        return Promise.all(running.map(async (c) => ({ name: c.name, ...(await runner.inside.stats(c.id)) })));
      };
      if (format === 'json' || values['no-stream']) {
        const rows = await read();
        io.stdout(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : table(rows));
        return ExitCode.ok;
      }
      const stop = new AbortController();
      const off = io.onInterrupt(() => stop.abort());
      try {
        while (!stop.signal.aborted) {
          const rows = await read();
          // On a terminal the table is drawn in place; in a pipe, one table after another.
          io.stdout(`${io.color ? '\u001b[H\u001b[2J' : ''}${table(rows)}${io.color ? '' : '\n'}`);
          await io.clock.sleep(1000, stop.signal).catch(() => undefined);
        }
      } finally {
        off();
      }
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}
