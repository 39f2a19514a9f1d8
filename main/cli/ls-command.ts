import { listProjects, projectStatus } from '../orchestrator/runtime/projects';
import { withEngineErrors } from './engine-session';
import { ExitCode } from './io';
import type { CliIO } from './io';
import { UsageError } from './stack-options';

export const LS_HELP = `Usage: stackpilot ls [OPTIONS]

List the compose projects on the engine — Stackpilot's and those docker compose started — with
their state and compose files (as docker compose ls).

Options:
  -a, --all            also projects with no container running
      --format table|json
  -q, --quiet          only the names
`;

export function lsCommand(io: CliIO, opts: { all?: boolean; format?: string; quiet?: boolean }): Promise<number> {
  const format = opts.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  return withEngineErrors(io, async () => {
    const projects = await listProjects(await io.connectEngine());
    const rows = projects
      .filter((p) => opts.all || p.states.includes('running'))
      .map((p) => ({ Name: p.name, Status: projectStatus(p.states), ConfigFiles: p.configFiles.join(',') }));
    if (opts.quiet) for (const r of rows) io.stdout(`${r.Name}\n`);
    else if (format === 'json') io.stdout(`${JSON.stringify(rows)}\n`);
    else {
      const wn = Math.max(4, ...rows.map((r) => r.Name.length));
      const ws = Math.max(6, ...rows.map((r) => r.Status.length));
      io.stdout(`${'NAME'.padEnd(wn)}   ${'STATUS'.padEnd(ws)}   CONFIG FILES\n`);
      for (const r of rows) io.stdout(`${r.Name.padEnd(wn)}   ${r.Status.padEnd(ws)}   ${r.ConfigFiles}\n`);
    }
    return ExitCode.ok;
  });
}
