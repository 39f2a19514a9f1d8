import { readFileSync } from 'node:fs';
import type { SourceLocation } from '../compose/diagnostics';
import { formatDuration } from '../compose/duration';
import type { Healthcheck, Stack } from '../compose/model';
import { parseYamlSource } from '../compose/yaml-source';
import type { RunRecord } from '../history/run-record';
import { median, usualTimes } from '../history/slower-than-usual';
import { DOCKER_DEFAULT_INTERVAL_MS } from '../runtime/health-report';
import { readinessRule } from '../runtime/readiness';

export type FindingCode = 'late-first-probe' | 'started-not-healthy' | 'short-unhealthy-window' | 'liveness-only';

/** One thing the advisor found, with the evidence and, where an override can fix it, the fix. */
export interface Finding {
  code: FindingCode;
  service: string;
  /** What is wrong and what it costs, with the figures. */
  message: string;
  /** Where the file says it (the last file that sets it). */
  where?: SourceLocation;
  /** What the figures come from: the file, and the runs measured. */
  evidence: string[];
  /** What to set under `services.<service>` in the override; none when no override can fix it. */
  fix?: Record<string, unknown>;
  /** What to do by hand when there is no fix to write. */
  hint?: string;
}

export interface AdvisorOptions {
  /** The engine honours start_interval (API 1.44, Docker 25 and later). */
  startIntervalApplies: boolean;
}

/** A first probe later than this after start is worth fixing. */
const LATE_MS = 5000;
/** Runs of history it takes to call a time to ready "usual". */
const MIN_RUNS = 3;
/** Docker's default retries. */
const DOCKER_DEFAULT_RETRIES = 3;

const secs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** Where a key is written: the last of the stack's files that has it (an override wins). */
function locate(files: readonly string[], path: (string | number)[]): SourceLocation | undefined {
  for (const file of [...files].reverse()) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const source = parseYamlSource(file, text).source;
    if (source?.has(path)) return source.locate(path, { key: true });
  }
  return undefined;
}

/** The first probe is a whole interval after the start unless start_interval applies within start_period. */
function firstProbeMs(hc: Healthcheck, opts: AdvisorOptions): number {
  if (opts.startIntervalApplies && hc.startInterval !== undefined && hc.startPeriod !== undefined)
    return hc.startInterval;
  return hc.interval ?? DOCKER_DEFAULT_INTERVAL_MS;
}

/** A health check that passes as long as the process exists, whatever it can or cannot serve. */
const LIVENESS_ONLY = [
  /^(true|exit 0|:)$/,
  /^echo\b/,
  /^kill -0\b/,
  /^(pgrep|pidof)\b/,
  /^ps\b.*\|\s*grep\b/,
  /^test -[de] \/proc\/1\b/,
  /^ls\b/,
];

function testText(hc: Healthcheck): string | undefined {
  const [kind, ...rest] = hc.test ?? [];
  if (kind === 'CMD-SHELL') return rest.join(' ').trim();
  if (kind === 'CMD') return rest.join(' ').trim();
  return undefined;
}

/** A steady-state interval for a service usually ready in `usualMs`: often enough to see it soon. */
function quickInterval(usualMs: number | undefined): number {
  if (usualMs === undefined || usualMs < 3000) return 1000;
  return usualMs < 10_000 ? 2000 : 5000;
}

/**
 * The healthcheck advisor: for each service, what makes its stack start slowly (or fail on a slow
 * day) under any orchestrator that waits on Docker's own health status, with the evidence from the
 * file and from the stack's run history, and the override that fixes it where one can.
 */
export function adviseHealthchecks(stack: Stack, runs: readonly RunRecord[], opts: AdvisorOptions): Finding[] {
  const findings: Finding[] = [];
  const waitersOf = (name: string, condition?: string): string[] =>
    Object.entries(stack.services)
      .filter(
        ([, s]) =>
          s.dependsOn[name] !== undefined && (condition === undefined || s.dependsOn[name]?.condition === condition),
      )
      .map(([n]) => n);
  for (const [name, service] of Object.entries(stack.services)) {
    const hc = service.healthcheck;
    if (!hc || hc.disable || !hc.test || readinessRule(service) !== 'healthcheck') continue;
    const times = usualTimes(runs, name);
    const usual = times.length >= MIN_RUNS ? median(times) : undefined;
    const measured =
      usual !== undefined ? `ready in ${secs(usual)} (the median of its last ${times.length} runs)` : undefined;
    const first = firstProbeMs(hc, opts);
    const interval = hc.interval ?? DOCKER_DEFAULT_INTERVAL_MS;
    const retries = hc.retries ?? DOCKER_DEFAULT_RETRIES;

    const healthyWaiters = waitersOf(name, 'service_healthy');
    if (first > LATE_MS && (usual === undefined || usual < first) && healthyWaiters.length > 0) {
      const cost = usual === undefined ? `up to ${secs(first)}` : `${secs(first - usual)}`;
      const newInterval = quickInterval(usual);
      const fix: Record<string, unknown> = opts.startIntervalApplies
        ? {
            healthcheck: {
              start_period: formatDuration(
                Math.max(hc.startPeriod ?? 0, 10_000, Math.ceil(((usual ?? 5000) * 3) / 1000) * 1000),
              ),
              start_interval: formatDuration(newInterval),
            },
          }
        : {
            healthcheck: {
              interval: formatDuration(newInterval),
              retries: Math.max(retries, Math.ceil((interval * retries) / newInterval)),
            },
          };
      findings.push({
        code: 'late-first-probe',
        service: name,
        message: `${name}'s first health probe comes ${secs(first)} after it starts (interval ${formatDuration(interval)}${hc.startInterval === undefined ? ', no start_interval' : opts.startIntervalApplies ? '' : ', start_interval needs Docker 25 or later'})${measured ? `, but it is ${measured}` : ''}: under docker compose each service waiting for it healthy (${healthyWaiters.join(', ')}) starts ${cost} late.`,
        where: locate(stack.files, ['services', name, 'healthcheck', hc.interval !== undefined ? 'interval' : 'test']),
        evidence: [
          `healthcheck interval ${formatDuration(interval)}${hc.startPeriod !== undefined ? `, start_period ${formatDuration(hc.startPeriod)}` : ''}${hc.startInterval !== undefined ? `, start_interval ${formatDuration(hc.startInterval)}` : ''}`,
          ...(measured ? [`${name} ${measured}`] : []),
        ],
        fix,
      });
    }

    const racing = waitersOf(name, 'service_started');
    for (const waiter of racing) {
      findings.push({
        code: 'started-not-healthy',
        service: waiter,
        message: `${waiter} waits for ${name} only to be started (service_started), but ${name} has a health check: ${waiter} starts before ${name} can serve, a race it wins or loses by luck.`,
        where: locate(stack.files, ['services', waiter, 'depends_on']),
        evidence: [
          `services.${waiter}.depends_on.${name}: service_started`,
          `services.${name}.healthcheck: ${testText(hc) ?? 'set'}`,
        ],
        fix: { depends_on: { [name]: { condition: 'service_healthy' } } },
      });
    }

    const worst = times.length >= MIN_RUNS ? Math.max(...times) : undefined;
    const window = (hc.startPeriod ?? 0) + interval * retries;
    if (worst !== undefined && window < worst * 1.5) {
      findings.push({
        code: 'short-unhealthy-window',
        service: name,
        message: `${name} is marked unhealthy after ${secs(window)} (${hc.startPeriod ? `start_period ${formatDuration(hc.startPeriod)} + ` : ''}${retries} retries × ${formatDuration(interval)}), but it has needed up to ${secs(worst)} to be ready: on a slow day it fails for no fault of its own.`,
        where: locate(stack.files, ['services', name, 'healthcheck']),
        evidence: [`slowest of its last ${times.length} runs: ${secs(worst)}`, `median: ${secs(median(times))}`],
        fix: { healthcheck: { start_period: formatDuration(Math.ceil((worst * 3) / 1000) * 1000) } },
      });
    }

    const text = testText(hc);
    if (text !== undefined && LIVENESS_ONLY.some((re) => re.test(text))) {
      findings.push({
        code: 'liveness-only',
        service: name,
        message: `${name}'s health check (${text}) passes as long as the process exists: it says nothing of whether ${name} can serve, so what waits for it healthy may start too soon.`,
        where: locate(stack.files, ['services', name, 'healthcheck', 'test']),
        evidence: [`healthcheck test: ${text}`],
        hint: 'check what the dependents need: a query (pg_isready, redis-cli ping), or an HTTP /health that checks its own dependencies',
      });
    }
  }
  return findings;
}
