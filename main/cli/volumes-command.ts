import type { Stack } from '../orchestrator/compose/model';
import type { VolumeSummary } from '../orchestrator/driver';
import { Label } from '../orchestrator/runtime/labels';
import { withOrchestrator } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';
import type { StackArgs } from './stack-options';

export const VOLUMES_HELP = `Usage: stackpilot volumes [OPTIONS] [SERVICE...]

List the project's volumes (those the named services mount, when some are named), as docker compose
volumes lists them.

Options: the stack options, and
  -q, --quiet           only the volumes' names
      --format FORMAT   table (the default) or json (one object a line, as docker volume ls prints them)
`;

/** The volumes the services mount, by the names the engine knows them by. */
function mountedBy(stack: Stack, services: readonly string[]): Set<string> {
  return new Set(
    services.flatMap((s) =>
      (stack.services[s]?.volumes ?? []).flatMap((v) =>
        v.type === 'volume' && v.source ? [stack.volumes[v.source]?.name ?? v.source] : [],
      ),
    ),
  );
}

/** docker's volume table: its columns padded as its tabwriter pads them (10 wide at least, 3 between). */
function table(volumes: readonly VolumeSummary[]): string {
  const drivers = volumes.map((v) => v.driver ?? 'local');
  const width = Math.max(10, ...['DRIVER', ...drivers].map((d) => d.length + 3));
  return ['DRIVER'.padEnd(width) + 'VOLUME NAME', ...volumes.map((v, i) => (drivers[i] ?? '').padEnd(width) + v.name)]
    .map((l) => `${l}\n`)
    .join('');
}

/** One volume as `docker volume ls --format json` writes it (what the engine does not say is N/A, as there). */
function jsonLine(v: VolumeSummary): string {
  const labels = Object.entries(v.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, value]) => `${k}=${value}`)
    .join(',');
  return `${JSON.stringify({ Availability: 'N/A', Driver: v.driver ?? 'local', Group: 'N/A', Labels: labels, Links: 'N/A', Mountpoint: v.mountpoint ?? '', Name: v.name, Scope: v.scope ?? 'local', Size: 'N/A', Status: 'N/A' })}\n`;
}

export function volumesCommand(
  io: CliIO,
  values: StackArgs & { format?: string },
  services: string[],
): Promise<number> {
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  return withOrchestrator(
    io,
    values,
    services,
    async (runner, stack) => {
      const all = await runner.inside.listVolumes({ [Label.project]: stack.name });
      const wanted = services.length > 0 ? mountedBy(stack, services) : undefined;
      const volumes = all.filter((v) => !wanted || wanted.has(v.name)).sort((a, b) => a.name.localeCompare(b.name));
      io.stdout(
        values.quiet
          ? volumes.map((v) => `${v.name}\n`).join('')
          : format === 'json'
            ? volumes.map(jsonLine).join('')
            : table(volumes),
      );
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}
