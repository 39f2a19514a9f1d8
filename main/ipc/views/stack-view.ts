import { isAbsolute, relative } from 'node:path';
import { formatDuration } from '../../orchestrator/compose/duration';
import type { Diagnostic } from '../../orchestrator/compose/diagnostics';
import type { Service, Stack } from '../../orchestrator/compose/model';
import { buildGraph, startLevels } from '../../orchestrator/graph';
import { stackVariables } from '../../session/variables';
import type { StackShown } from '../../session/stack-loader';
import type { DiagnosticView, ServiceView, StackLoadView, StackView } from '../../../preload/contract';

/** A build context as a person reads it: relative to the project (`./base`) when inside it. */
function buildContextLabel(projectDir: string, context: string): string {
  if (/^[a-z]+:\/\//.test(context)) return context;
  const rel = relative(projectDir, context);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? context : `./${rel}`;
}

/** A host path as the project's files write it: from the project folder when it is below it. */
function displayPath(projectDir: string, path: string): string {
  const rel = relative(projectDir, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : `./${rel}`;
}

export function diagnosticView(d: Diagnostic): DiagnosticView {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.location ? { file: d.location.file, line: d.location.line, column: d.location.column } : {}),
    ...(d.path ? { path: d.path } : {}),
    ...(d.variable ? { variable: d.variable } : {}),
  };
}

/** The readiness rule of a service in words, in the order Stackpilot applies them (ARCHITECTURE.md, "Service states and readiness"). */
export function describeReadiness(s: Service, oneShot = false): string {
  if (s.provider) return `its provider (${s.provider.type}) has finished creating it`;
  if (oneShot) return 'exits with code 0 (one-shot job)';
  const hc = s.healthcheck;
  if (hc && !hc.disable && hc.test) {
    const [kind, ...cmd] = hc.test;
    const every = hc.interval !== undefined ? `, every ${formatDuration(hc.interval)}` : '';
    return `healthcheck: ${kind === 'CMD-SHELL' ? cmd.join(' ') : cmd.join(' ')}${every}`;
  }
  const ready = s.stackpilot.ready;
  if (ready) {
    switch (ready.kind) {
      case 'http':
        return `http probe: ${ready.url}`;
      case 'tcp':
        return `tcp probe: ${ready.host}:${ready.port}`;
      case 'exec':
        return `exec probe: ${ready.command.join(' ')}`;
      case 'log':
        return `log probe: /${ready.pattern}/`;
    }
  }
  return 'running';
}

export function stackView(stack: Stack, isSet: (name: string) => boolean): StackView {
  const graph = buildGraph(stack.services);
  const levels = startLevels(graph);
  // A service others wait on with service_completed_successfully is a job: it is done when it exits 0.
  const oneShot = new Set(
    Object.values(stack.services).flatMap((s) =>
      Object.entries(s.dependsOn)
        .filter(([, d]) => d.condition === 'service_completed_successfully')
        .map(([name]) => name),
    ),
  );
  const levelOf = new Map<string, number>();
  levels.forEach((l, i) => l.forEach((n) => levelOf.set(n, i + 1)));
  const services: ServiceView[] = Object.values(stack.services).map((s) => ({
    name: s.name,
    ...(s.stackpilot.description ? { description: s.stackpilot.description } : {}),
    ...(s.stackpilot.group ? { group: s.stackpilot.group } : {}),
    ...(s.image ? { image: s.image } : {}),
    ...(s.build ? { build: buildContextLabel(stack.projectDir, s.build.context) } : {}),
    ...(s.provider ? { provider: s.provider.type } : {}),
    level: levelOf.get(s.name) ?? 1,
    dependsOn: Object.entries(s.dependsOn).map(([service, d]) => ({ service, ...d })),
    dependents: [...(graph.dependents.get(s.name) ?? [])],
    ports: s.ports.map((p) => ({
      target: p.target,
      protocol: p.protocol,
      ...(p.published ? { published: p.published } : {}),
      ...(p.hostIp ? { hostIp: p.hostIp } : {}),
    })),
    readiness: describeReadiness(s, oneShot.has(s.name)),
    ...(s.stackpilot.open ? { open: s.stackpilot.open } : {}),
    profiles: s.profiles,
    watch: s.watch.map(
      (w) => `${w.action} ${displayPath(stack.projectDir, w.path)}${w.target ? ` → ${w.target}` : ''}`,
    ),
  }));
  return {
    name: stack.name,
    projectDir: stack.projectDir,
    files: stack.files,
    ...(stack.stackpilot.description ? { description: stack.stackpilot.description } : {}),
    ...(stack.stackpilot.docs ? { docs: stack.stackpilot.docs } : {}),
    services,
    levels,
    inactiveServices: Object.keys(stack.inactiveServices),
    profiles: profilesOf(stack),
    variables: stackVariables(stack, isSet),
    warnings: stack.warnings.map(diagnosticView),
  };
}

/** The profiles the files name, sorted, each with its services and whether this load activated it. */
function profilesOf(stack: Stack): StackView['profiles'] {
  const byName = new Map<string, string[]>();
  for (const [name, s] of [...Object.entries(stack.services), ...Object.entries(stack.inactiveServices)]) {
    for (const p of s.profiles) byName.set(p, [...(byName.get(p) ?? []), name]);
  }
  const active = (p: string): boolean => stack.activeProfiles.includes(p) || stack.activeProfiles.includes('*');
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, services]) => ({ name, active: active(name), services: services.sort() }));
}

/** Views already built, by the load they show: a load is told once and read many times. */
const built = new WeakMap<StackShown, StackLoadView>();

/** A load as the window shows it. */
export function shownView(shown: StackShown): StackLoadView {
  const cached = built.get(shown);
  if (cached) return cached;
  const view: StackLoadView =
    shown.status === 'loaded'
      ? {
          status: 'loaded',
          revision: shown.revision,
          stack: stackView(shown.stack, shown.isSet),
          ...(shown.reloadErrors ? { reloadErrors: shown.reloadErrors.map(diagnosticView) } : {}),
          ...(shown.changedFile ? { changedFile: shown.changedFile } : {}),
        }
      : {
          status: 'invalid',
          revision: shown.revision,
          source: shown.source,
          errors: shown.errors.map(diagnosticView),
          warnings: shown.warnings.map(diagnosticView),
          needs: shown.needs,
          projectDir: shown.projectDir,
        };
  built.set(shown, view);
  return view;
}
