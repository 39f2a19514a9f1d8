import { Label } from '../engine/runtime/labels';
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

/** `running(2), exited(1)`, in compose's order of states. */
function statusOf(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}(${n})`)
    .join(', ');
}

export function lsCommand(io: CliIO, opts: { all?: boolean; format?: string; quiet?: boolean }): Promise<number> {
  const format = opts.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  return withEngineErrors(io, async () => {
    const driver = await io.connectEngine();
    const projects = new Map<string, { states: string[]; files: string }>();
    for (const c of await driver.listContainers({ [Label.project]: true })) {
      const name = c.labels[Label.project] ?? '';
      const p = projects.get(name) ?? { states: [], files: c.labels[Label.configFiles] ?? '' };
      p.states.push(c.state);
      projects.set(name, p);
    }
    const rows = [...projects]
      .filter(([, p]) => opts.all || p.states.includes('running'))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, p]) => ({ Name: name, Status: statusOf(p.states), ConfigFiles: p.files }));
    if (opts.quiet) for (const r of rows) io.stdout(`${r.Name}\n`);
    else if (format === 'json') io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      const wn = Math.max(4, ...rows.map((r) => r.Name.length));
      const ws = Math.max(6, ...rows.map((r) => r.Status.length));
      io.stdout(`${'NAME'.padEnd(wn)}   ${'STATUS'.padEnd(ws)}   CONFIG FILES\n`);
      for (const r of rows) io.stdout(`${r.Name.padEnd(wn)}   ${r.Status.padEnd(ws)}   ${r.ConfigFiles}\n`);
    }
    return ExitCode.ok;
  });
}
