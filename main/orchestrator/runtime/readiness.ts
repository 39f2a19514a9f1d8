import { AbortError } from '../clock';
import type { Clock } from '../clock';
import type { Service } from '../compose/model';
import type { ContainerDriver } from '../driver';
import { ExecProbe } from '../probes/exec-probe';
import { HttpProbe } from '../probes/http-probe';
import { LogProbe } from '../probes/log-probe';
import { DIRECT } from '../probes/probe';
import type { Reach, ReadinessProbe } from '../probes/probe';
import { TcpProbe } from '../probes/tcp-probe';
import type { ContainerWatch } from './container-watch';
import type { EnginePacing } from './engine-pacing';
import { formatMs } from './service-state';

export type ReadyOutcome =
  | { kind: 'ready'; at: number; via: string }
  | { kind: 'exited'; at: number; exitCode: number; oomKilled: boolean }
  | { kind: 'unhealthy'; at: number; detail: string; permanent?: boolean }
  | { kind: 'timeout'; at: number; afterMs: number; detail: string }
  | { kind: 'aborted'; at: number };

export const DEFAULT_STARTUP_TIMEOUT_MS = 300_000;
/** How long a service with neither healthcheck nor probe must stay up to count as ready. */
export const RUNNING_GRACE_MS = 1000;
const DEFAULT_HEALTH_TIMEOUT_MS = 30_000;

export interface ReadinessRequest {
  driver: ContainerDriver;
  clock: Clock;
  service: Service;
  watch: ContainerWatch;
  startedAt: number;
  /** A one-shot job: done when it exits 0, not when it is healthy. */
  expectExit: boolean;
  /** The stack's pace with the engine: how often a probe may run, how many execs at once. */
  pacing: EnginePacing;
  signal: AbortSignal;
  /** Why it is not ready yet, in words, as it changes. */
  onProgress: (reason: string) => void;
}

/** How a service proves it is ready (ARCHITECTURE.md, "Service states and readiness"): its healthcheck, else its ready probe, else running. */
export function readinessRule(service: Service): 'healthcheck' | 'probe' | 'running' {
  const hc = service.healthcheck;
  if (hc && !hc.disable && hc.test) return 'healthcheck';
  if (service.stackpilot.ready) return 'probe';
  return 'running';
}

/** A remote engine's published ports are on its host: the driver says how to get there; a local one's are here. */
function reachOf(driver: ContainerDriver): Reach {
  return driver.info().remote && driver.reach ? driver.reach.bind(driver) : DIRECT;
}

function probeFor(
  req: ReadinessRequest,
): { probe: ReadinessProbe; interval: (attempt: number, elapsedMs: number) => number; exec?: true } | undefined {
  const { service, driver, watch } = req;
  const rule = readinessRule(service);
  if (rule === 'healthcheck' && req.pacing.fast.enabled && service.stackpilot.fastReadiness !== false) {
    const hc = service.healthcheck;
    const timeout = Math.min(hc?.timeout ?? DEFAULT_HEALTH_TIMEOUT_MS, 10_000);
    return {
      probe: new ExecProbe(driver, watch.containerId, hc?.test ?? [], timeout),
      interval: (_n, elapsed) => req.pacing.probeIntervalMs(elapsed, hc?.interval),
      exec: true,
    };
  }
  const ready = service.stackpilot.ready;
  if (rule !== 'probe' || !ready) return undefined;
  const every = (): number => ready.interval;
  switch (ready.kind) {
    case 'http':
      return { probe: new HttpProbe(ready.url, ready.timeout, reachOf(driver)), interval: every };
    case 'tcp':
      return { probe: new TcpProbe(ready.host, ready.port, ready.timeout, reachOf(driver)), interval: every };
    case 'exec':
      return {
        probe: new ExecProbe(driver, watch.containerId, ['CMD', ...ready.command], ready.timeout),
        interval: every,
        exec: true,
      };
    case 'log':
      return {
        probe: new LogProbe(driver, watch.containerId, ready.pattern, Math.floor(req.startedAt / 1000)),
        interval: every,
      };
  }
}

/**
 * Waits until the container is ready, exits, turns unhealthy, or runs out of `startup_timeout`.
 * Docker's own health status always counts; with fast readiness the healthcheck's test also runs
 * here, at a short cadence, and its first pass counts as ready.
 */
export async function waitUntilReady(req: ReadinessRequest): Promise<ReadyOutcome> {
  const { clock, watch, service } = req;
  const timeoutMs = service.stackpilot.startupTimeout ?? DEFAULT_STARTUP_TIMEOUT_MS;
  const inner = new AbortController();
  let lastDetail = '';
  let settle!: (o: ReadyOutcome) => void;
  const outcome = new Promise<ReadyOutcome>((resolve) => (settle = resolve));
  const stop = (): void => settle({ kind: 'aborted', at: clock.now() });
  if (req.signal.aborted) stop();
  req.signal.addEventListener('abort', stop, { once: true });
  const rule = readinessRule(service);

  const fromWatch = (): void => {
    const s = watch.state;
    if (s.exited) settle({ kind: 'exited', at: s.exited.at, exitCode: s.exited.exitCode, oomKilled: s.oomKilled });
    else if (req.expectExit) return;
    else if (s.health?.state === 'healthy') settle({ kind: 'ready', at: s.health.at, via: 'health check' });
    else if (s.health?.state === 'unhealthy')
      settle({ kind: 'unhealthy', at: s.health.at, detail: lastDetail || 'the health check failed its retries' });
  };
  const unwatch = watch.onChange(fromWatch);
  fromWatch();

  // With no check to pass, a service is ready once it has stayed up a moment: a crash on a bad config
  // in its first second is a failed start (and retried), not a "ready" service that then dies.
  // A health check from the image (a Dockerfile HEALTHCHECK) is the engine's to run: its verdict counts.
  if (!req.expectExit && rule === 'running' && watch.state.health)
    req.onProgress("waiting for the image's health check");
  else if (!req.expectExit && rule === 'running') {
    req.onProgress('running; ready once it has stayed up for a second');
    clock
      .sleep(RUNNING_GRACE_MS, inner.signal)
      .then(() => settle({ kind: 'ready', at: clock.now(), via: 'running' }))
      .catch(() => undefined);
  }

  const looper = req.expectExit ? undefined : probeFor(req);
  if (looper) {
    req.pacing.probing += 1;
    void (async () => {
      for (let attempt = 0; !inner.signal.aborted; attempt++) {
        await clock.sleep(looper.interval(attempt, clock.now() - req.startedAt), inner.signal);
        // An exec is engine work: it waits its turn among the stack's execs, and its answer paces them.
        const check = (): ReturnType<ReadinessProbe['check']> => looper.probe.check(inner.signal);
        const result = await (looper.exec ? req.pacing.execs.run(check) : check());
        if (inner.signal.aborted) return;
        if (result.permanent) {
          // A container that is exiting fails an exec as if the command were missing: its exit, if
          // that is what happened, is the outcome, not an unfixable check.
          const now = await req.driver.inspectContainer(watch.containerId).catch(() => undefined);
          if (now && now.state !== 'running')
            settle({
              kind: 'exited',
              at: now.finishedAt ?? clock.now(),
              exitCode: now.exitCode ?? -1,
              oomKilled: now.oomKilled,
            });
          else settle({ kind: 'unhealthy', at: clock.now(), detail: result.permanent, permanent: true });
          return;
        }
        if (result.ok) {
          settle({
            kind: 'ready',
            at: clock.now(),
            via: rule === 'healthcheck' ? `fast readiness (${looper.probe.description})` : looper.probe.description,
          });
          return;
        }
        lastDetail = `probe ${attempt + 1} failed: ${result.detail}`;
        req.onProgress(`${rule === 'healthcheck' ? 'health check' : looper.probe.description}: ${lastDetail}`);
      }
    })().catch((err: unknown) => {
      if (!(err instanceof AbortError)) settle({ kind: 'unhealthy', at: clock.now(), detail: (err as Error).message });
    });
  } else if (rule === 'healthcheck' && !req.expectExit) {
    req.onProgress('waiting for the health check (fast readiness is off)');
  } else if (req.expectExit) {
    req.onProgress('running; waiting for it to finish');
  }

  clock
    .sleep(timeoutMs, inner.signal)
    .then(() => settle({ kind: 'timeout', at: clock.now(), afterMs: timeoutMs, detail: lastDetail }))
    .catch(() => undefined);

  try {
    return await outcome;
  } finally {
    inner.abort();
    unwatch();
    looper?.probe.close?.();
    if (looper) req.pacing.probing -= 1;
    req.signal.removeEventListener('abort', stop);
  }
}

export function describeReady(outcome: Extract<ReadyOutcome, { kind: 'ready' }>, startedAt: number): string {
  const after = formatMs(Math.max(0, outcome.at - startedAt));
  return outcome.via === 'running' ? `running (up for ${after})` : `ready: ${outcome.via} passed ${after} after start`;
}
