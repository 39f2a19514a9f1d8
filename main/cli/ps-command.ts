import { engineLabel } from '../orchestrator/engine-label';
import { withOrchestrator } from './engine-session';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { STATUS_COLOR } from './service-colors';
import { UsageError } from './stack-options';
import { Label } from '../orchestrator/runtime/labels';
import { orphanWarning } from './up-flags';
import { checkTemplate, containerSummary, renderTemplate } from './ps-format';
import type { StackArgs } from './stack-options';

export const PS_HELP = `Usage: stackpilot ps [OPTIONS] [SERVICE...]

Show each service's state and why, read from the engine (also for stacks \`docker compose\` started).

Options: the stack options (-f, --project-directory, -p, --profile), and
      --format FORMAT       table (default: each service's state and why), json (one object per
                            container and line, compose's fields plus Readiness and Reason), or a
                            Go template such as '{{.Name}}'
  -q, --quiet               only the container IDs (running ones; all with -a)
      --services            only the service names (of running containers; all with -a)
  -a, --all                 with -q and --services: stopped containers too (the table shows every service)
      --status STATE        only containers in this state: paused, restarting, removing, running, dead, created, exited (repeatable)
      --filter status=STATE the same, as compose writes it
`;

/** ps's own options, as docker compose names them. */
export interface PsArgs {
  all?: boolean;
  quiet?: boolean;
  services?: boolean;
  status?: string[];
  filter?: string[];
}

const STATES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

/** The container states asked for with --status and --filter status=…; undefined when none is. */
function statesAsked(values: PsArgs): string[] | undefined {
  const fromFilter = (values.filter ?? []).map((f) => {
    const [key, value = ''] = f.split('=', 2);
    if (key !== 'status')
      throw new UsageError(`--filter ${f}: only status=STATE is a filter here (as in docker compose)`);
    return value;
  });
  const states = [...(values.status ?? []), ...fromFilter];
  const wrong = states.find((st) => !STATES.includes(st));
  if (wrong !== undefined) throw new UsageError(`"${wrong}" is not a container state: use ${STATES.join(', ')}`);
  return states.length > 0 ? states : undefined;
}

export function psCommand(io: CliIO, values: StackArgs & PsArgs, services: readonly string[] = []): Promise<number> {
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && !format.includes('{{'))
    throw new UsageError(`--format must be table, json or a template such as '{{.Name}}', not "${format}"`);
  if (format.includes('{{')) checkTemplate(format);
  const states = statesAsked(values);
  return withOrchestrator(
    io,
    values,
    [...services],
    async (runner, stack) => {
      await runner.refresh();
      // The project's service containers (not one-off runs, not pre_start hooks), as compose's ps lists them.
      const containers = (await runner.containersOf([...services])).filter(
        (c) =>
          c.labels[Label.oneoff] !== 'True' &&
          c.labels[Label.hook] === undefined &&
          (states ? states.includes(c.state) : values.all || c.state === 'running'),
      );
      if (values.quiet) {
        io.stdout(containers.map((c) => `${c.id}\n`).join(''));
        return ExitCode.ok;
      }
      if (format !== 'table') {
        const now = io.clock.now();
        const units = [...runner.snapshot(), ...runner.snapshot().flatMap((s) => s.replicas ?? [])];
        const surplus = runner.surplus();
        const summaries = containers.map((c) => {
          const unit = units.find((u) => u.containerId === c.id);
          const extra = surplus.find((x) => x.containerName === c.name);
          const why = unit
            ? { status: unit.status, reason: unit.reason }
            : extra
              ? {
                  reason: `beyond ${extra.service}'s scale of ${runner.replicaCount(extra.service)}: stackpilot up removes it (up --scale ${extra.service}=${extra.replica} keeps it)`,
                }
              : {};
          return containerSummary(c, why, now);
        });
        io.stdout(
          format === 'json'
            ? summaries.map((s) => `${JSON.stringify(s)}\n`).join('')
            : renderTemplate(format, summaries),
        );
        return ExitCode.ok;
      }
      if (values.services) {
        io.stdout([...new Set(containers.map((c) => c.labels[Label.service] ?? ''))].map((n) => `${n}\n`).join(''));
        return ExitCode.ok;
      }
      const shown = new Set(containers.map((c) => c.labels[Label.service]));
      const rows = runner
        .snapshot()
        .filter((s) => (services.length === 0 || services.includes(s.name)) && (!states || shown.has(s.name)))
        .map((s) => ({
          service: s.name,
          status: s.status,
          reason: s.reason,
          container: s.containerId ? s.containerName : null,
          outdated: s.outdated,
          ports: (stack.services[s.name]?.ports ?? [])
            .filter((p) => p.published)
            .map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.published}->${p.target}/${p.protocol}`),
          ...(s.replicas
            ? {
                replicas: s.replicas.map((r) => ({
                  replica: r.replica,
                  status: r.status,
                  reason: r.reason,
                  container: r.containerId ? r.containerName : null,
                })),
              }
            : {}),
        }));
      // Containers past the file's replica count (an earlier up --scale): shown, as docker compose ps would.
      const extra = runner.surplus().map((x) => ({
        ...x,
        reason: `beyond ${x.service}'s scale of ${runner.replicaCount(x.service)}: stackpilot up removes it (up --scale ${x.service}=${x.replica} keeps it)`,
      }));
      const w = (k: 'service' | 'container', title: string): number =>
        Math.max(title.length, ...rows.map((r) => String(r[k] ?? '-').length));
      const ws = Math.max(
        w('service', 'SERVICE'),
        ...rows.flatMap((r) => (r.replicas ?? []).map((x) => `  ${r.service}-${x.replica}`.length)),
        ...extra.map((x) => `${x.service}-${x.replica}`.length),
      );
      const wc = Math.max(
        w('container', 'CONTAINER'),
        ...rows.flatMap((r) => (r.replicas ?? []).map((x) => (x.container ?? '-').length)),
        ...extra.map((x) => x.containerName.length),
      );
      io.stdout(`${'SERVICE'.padEnd(ws)}  ${'STATUS'.padEnd(9)}  ${'CONTAINER'.padEnd(wc)}  REASON\n`);
      for (const r of rows) {
        const flag = r.outdated ? paint(io, 33, ' (outdated — recreate with stackpilot up)') : '';
        const ports = r.ports.length > 0 ? `  [${r.ports.join(', ')}]` : '';
        io.stdout(
          `${r.service.padEnd(ws)}  ${paint(io, STATUS_COLOR[r.status], r.status.padEnd(9))}  ${(r.container ?? '-').padEnd(wc)}  ${r.reason}${flag}${ports}\n`,
        );
        // Each replica of a service that runs several, under it.
        for (const x of r.replicas ?? [])
          io.stdout(
            `${`  ${r.service}-${x.replica}`.padEnd(ws)}  ${paint(io, STATUS_COLOR[x.status], x.status.padEnd(9))}  ${(x.container ?? '-').padEnd(wc)}  ${x.reason}\n`,
          );
      }
      for (const x of extra)
        io.stdout(
          `${`${x.service}-${x.replica}`.padEnd(ws)}  ${x.state.padEnd(9)}  ${x.containerName.padEnd(wc)}  ${x.reason}\n`,
        );
      // On stderr: the table stays what scripts parse.
      io.stderr(`${paint(io, 2, `engine: ${engineLabel(runner.engineInfo())}`)}\n`);
      const orphans = await runner.orphans();
      if (orphans.length > 0) io.stderr(`${paint(io, 33, 'warning:')} ${orphanWarning(orphans.map((o) => o.name))}\n`);
      return ExitCode.ok;
    },
    { fromEngine: true },
  );
}
