import { withStackRunner } from './engine-session';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { STATUS_COLOR } from './service-colors';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';

export const PS_HELP = `Usage: stackpilot ps [OPTIONS]

Show each service's state and why, read from the engine (also for stacks \`docker compose\` started).

Options: the stack options (-f, --project-directory, -p, --profile), and
      --format table|json   output format (default: table)
`;

export function psCommand(io: CliIO, values: StackArgs): Promise<number> {
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  return withStackRunner(io, values, [], async (runner, stack) => {
    await runner.refresh();
    const rows = runner.snapshot().map((s) => ({
      service: s.name,
      status: s.status,
      reason: s.reason,
      container: s.containerId ? s.containerName : null,
      outdated: s.outdated,
      ports: (stack.services[s.name]?.ports ?? []).filter((p) => p.published).map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.published}->${p.target}/${p.protocol}`),
    }));
    if (format === 'json') {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return ExitCode.ok;
    }
    const w = (k: keyof (typeof rows)[number], title: string): number => Math.max(title.length, ...rows.map((r) => String(r[k] ?? '-').length));
    const ws = w('service', 'SERVICE');
    const wc = w('container', 'CONTAINER');
    io.stdout(`${'SERVICE'.padEnd(ws)}  ${'STATUS'.padEnd(9)}  ${'CONTAINER'.padEnd(wc)}  REASON\n`);
    for (const r of rows) {
      const flag = r.outdated ? paint(io, 33, ' (outdated — recreate with stackpilot up)') : '';
      const ports = r.ports.length > 0 ? `  [${r.ports.join(', ')}]` : '';
      io.stdout(`${r.service.padEnd(ws)}  ${paint(io, STATUS_COLOR[r.status], r.status.padEnd(9))}  ${(r.container ?? '-').padEnd(wc)}  ${r.reason}${flag}${ports}\n`);
    }
    return ExitCode.ok;
  });
}
