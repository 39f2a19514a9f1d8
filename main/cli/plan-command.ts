import { relative } from 'node:path';
import { buildGraph, requiredServices, startLevels } from '../orchestrator/graph';
import type { DependencyCondition, Stack } from '../orchestrator/compose/model';
import { ExitCode, paint } from './io';
import type { CliIO } from './io';
import { UsageError, loadFromArgs } from './stack-options';
import type { StackArgs } from './stack-options';

export const PLAN_HELP = `Usage: stackpilot plan [OPTIONS] [SERVICE...]

Print the start order as levels (services in one level start together) and what each service waits
on, with which condition. With SERVICE names: only those and what they need.

Options: the same as \`stackpilot config\` (-f, --project-directory, -p, --profile), and
      --format text|json      output format (default: text)
`;

const CONDITION_WORDS: Record<DependencyCondition, string> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed successfully',
};

export interface StackPlan {
  project: string;
  levels: string[][];
  services: Record<
    string,
    {
      level: number;
      waitsOn: { service: string; condition: DependencyCondition; required: boolean; restart: boolean }[];
    }
  >;
}

export function planStack(stack: Stack, targets: readonly string[] = []): StackPlan {
  const graph = buildGraph(stack.services);
  const only = targets.length > 0 ? new Set(requiredServices(graph, targets)) : undefined;
  const levels = startLevels(graph, only);
  const services: StackPlan['services'] = {};
  levels.forEach((level, i) => {
    for (const name of level) {
      const deps = stack.services[name]?.dependsOn ?? {};
      services[name] = { level: i + 1, waitsOn: Object.entries(deps).map(([service, d]) => ({ service, ...d })) };
    }
  });
  return { project: stack.name, levels, services };
}

export function planCommand(io: CliIO, values: StackArgs, targets: string[]): number {
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const stack = loadFromArgs(io, values);
  if (!stack) return ExitCode.invalidInput;
  const unknown = targets.filter((t) => !stack.services[t]);
  if (unknown.length > 0) {
    io.stderr(
      `stackpilot: no such service: ${unknown.join(', ')} (services: ${Object.keys(stack.services).join(', ')})\n`,
    );
    return ExitCode.invalidInput;
  }
  const plan = planStack(stack, targets);
  if (format === 'json') {
    io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
    return ExitCode.ok;
  }
  const files = stack.files.map((f) => relative(io.cwd, f) || f).join(', ');
  const count = Object.keys(plan.services).length;
  io.stdout(
    `${paint(io, 1, `Project ${stack.name}`)} (${files}): ${count} service${count === 1 ? '' : 's'} in ${plan.levels.length} level${plan.levels.length === 1 ? '' : 's'}\n\n`,
  );
  io.stdout('Start order\n');
  plan.levels.forEach((level, i) => io.stdout(`  ${String(i + 1).padStart(2)}  ${level.join(', ')}\n`));
  const waiting = Object.entries(plan.services).filter(([, s]) => s.waitsOn.length > 0);
  if (waiting.length > 0) {
    const width = Math.max(...waiting.map(([n]) => n.length));
    io.stdout('\nWaits\n');
    for (const [name, s] of waiting) {
      const deps = s.waitsOn
        .map((w) => `${w.service} (${CONDITION_WORDS[w.condition]}${w.restart ? ', restarts with it' : ''})`)
        .join(', ');
      io.stdout(`  ${name.padEnd(width)}  ${deps}\n`);
    }
  }
  const inactive = Object.keys(stack.inactiveServices);
  if (inactive.length > 0) io.stdout(`\nNot active (profiles): ${inactive.join(', ')}\n`);
  return ExitCode.ok;
}
