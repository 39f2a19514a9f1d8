import type { DependencyCondition } from '../compose/model';
import type { ServiceStatus } from './service-state';
import { describeExit, formatMs } from './service-state';

/** Which attempt of how many, when it is not the first. */
type Nth = { attempt?: number; attempts?: number };

/**
 * Why a service is where it is, as data: a code and its parameters. The words a person reads are
 * made from it in one place (`words`); tests and the window can key on the code.
 */
export type Reason =
  // What the engine says of a container.
  | { code: 'no-container' }
  | { code: 'removed' }
  | { code: 'created-never-started' }
  | { code: 'paused' }
  | { code: 'running' }
  | { code: 'restarting' }
  | { code: 'running-healthy' }
  | { code: 'running-check-passes' }
  | { code: 'running-unhealthy'; output?: string }
  | { code: 'running-health-starting' }
  | { code: 'exited'; exitCode?: number; oomKilled?: boolean }
  // Images.
  | { code: 'image-ready'; image: string }
  | { code: 'image-fetch-failed'; image: string; error: string }
  | { code: 'image-shared'; image: string; kind: 'built' | 'pulled' }
  | { code: 'building'; image: string; context: string }
  | { code: 'build-progress'; image: string; message: string }
  | { code: 'pulling'; image: string; percent?: number }
  // A start-up.
  | { code: 'waiting'; on: { service: string; condition: DependencyCondition; detail: string }[] }
  | { code: 'no-healthcheck'; dependency: string }
  | {
      code: 'blocked';
      dependency: string;
      condition: DependencyCondition;
      status?: ServiceStatus;
      reason: string;
      exitCode?: number;
    }
  | { code: 'engine-away'; error: string }
  | { code: 'creating' }
  | ({ code: 'starting-container' } & Nth)
  | ({ code: 'running-waiting'; until: 'it finishes' | 'nothing' | 'the health check' | 'the ready probe' } & Nth)
  | ({ code: 'probing'; detail: string } & Nth)
  | ({ code: 'ready'; how: string } & Nth)
  | ({ code: 'completed'; afterMs: number } & Nth)
  | { code: 'exited-early'; exitCode?: number; oomKilled?: boolean; job: boolean }
  | { code: 'unhealthy-while-starting'; detail: string }
  | { code: 'not-ready-in-time'; afterMs: number; detail: string }
  /** A `post_start` or `pre_stop` hook exited non-zero (-1: it did not finish in time). */
  | {
      code: 'hook-failed';
      hook: 'post_start' | 'pre_stop' | 'pre_start';
      index: number;
      command: string;
      exitCode: number;
      output: string;
      container?: string;
    }
  /** A provider service: what its program last said (or did). */
  | { code: 'provider'; type: string; detail: string }
  | { code: 'provider-failed'; type: string; action: 'create' | 'remove' | 'stop'; error: string }
  /** A `pre_start` hook's container runs, before the service's own starts. */
  | { code: 'pre-start'; index: number; of: number; command: string }
  | { code: 'pre-start-done'; index: number; of: number; command: string; output?: string }
  | { code: 'start-failed'; cause: Reason; attempts: number }
  | { code: 'retrying'; cause: Reason; attempt: number; attempts: number; delayMs: number }
  /** A service with a restart policy: the engine, not Stackpilot, runs it again (`runs` when bounded). */
  | { code: 'engine-restarting'; cause: Reason; policy: string; run: number; runs?: number }
  | { code: 'engine-gave-up'; cause: Reason; policy: string; runs: number }
  | { code: 'error'; message: string; hint?: string; errorCode?: string }
  // After it was ready.
  | { code: 'job-done' }
  | { code: 'health-failing' }
  | { code: 'healthy-again' }
  | { code: 'crash-loop'; exitCode?: number; oom?: OutOfMemory; circuit: string }
  | { code: 'engine-restarts'; exitCode?: number; oom?: OutOfMemory; policy: string; circuit: string }
  | { code: 'crash-restart'; exitCode?: number; oom?: OutOfMemory; delayMs: number; circuit: string }
  /** Turned unhealthy after ready, restarted for it (`restart_on_unhealthy`); `check`: what the failing check said. */
  | { code: 'unhealthy-restart'; check: string; delayMs: number; circuit: string }
  | { code: 'unhealthy-loop'; check: string; circuit: string }
  | { code: 'crash-waiting-engine'; exitCode?: number }
  | { code: 'restart-failed'; error: string }
  | { code: 'restarted'; by: 'engine' | 'stackpilot'; exitCode?: number; unhealthy?: boolean; detail?: string }
  | { code: 'ready-again'; how: string }
  | { code: 'not-recovered'; detail: string }
  | { code: 'circuit-reset' }
  | { code: 'background-failed'; what: string; error: string }
  // Shutdown, scale.
  | { code: 'stopping'; signal: string; graceSeconds: number }
  | { code: 'stopped'; afterMs: number; exitCode?: number }
  | { code: 'scaled-to-zero' }
  | {
      code: 'replicas';
      ready: number;
      of: number;
      status: ServiceStatus;
      worst?: { replica: string; status: ServiceStatus; reason: string };
    };

export type ReasonCode = Reason['code'];

/** A container the kernel's OOM killer ended, and the memory limit it had (none: the host's memory). */
export interface OutOfMemory {
  limitBytes?: number;
}

export const CONDITION_WORDS: Record<DependencyCondition, string> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed',
};

const nth = (r: Nth): string =>
  r.attempt !== undefined && r.attempt > 1 ? ` (attempt ${r.attempt}/${r.attempts ?? '?'})` : '';
const MIB = 1024 * 1024;
/** A crash after ready, in words: the exit, or the OOM killer with the limit that was reached. */
const unexpectedly = (exitCode: number | undefined, oom?: OutOfMemory): string =>
  oom
    ? `killed: out of memory (${oom.limitBytes ? `limit ${oom.limitBytes >= 1024 * MIB ? `${(oom.limitBytes / (1024 * MIB)).toFixed(1)} GiB` : `${Math.round(oom.limitBytes / MIB)} MiB`}` : 'no memory limit: the host ran out'}; exit code ${exitCode ?? 137})`
    : `${describeExit(exitCode)} unexpectedly`;

/** The words a person reads for a reason. */
export function words(r: Reason): string {
  switch (r.code) {
    case 'no-container':
      return 'no container yet';
    case 'removed':
      return 'removed';
    case 'created-never-started':
      return 'created, never started';
    case 'paused':
      return 'paused (unpause resumes it)';
    case 'running':
      return 'running';
    case 'restarting':
      return 'restarting';
    case 'running-healthy':
      return 'running (healthy)';
    case 'running-check-passes':
      return 'running; health check passes (the engine still says starting)';
    case 'running-unhealthy':
      return `running, unhealthy: ${r.output ?? 'health check failing'}`;
    case 'running-health-starting':
      return 'running; health check starting';
    case 'exited':
      return describeExit(r.exitCode, r.oomKilled);
    case 'image-ready':
      return `image ${r.image} is ready`;
    case 'image-fetch-failed':
      return `could not fetch ${r.image}: ${r.error}`;
    case 'image-shared':
      return `waiting for ${r.image}, being ${r.kind} for another service`;
    case 'building':
      return `building ${r.image} from ${r.context}`;
    case 'build-progress':
      return `building ${r.image}: ${r.message}`;
    case 'pulling':
      return `pulling ${r.image}${r.percent !== undefined ? `: ${r.percent}%` : ''}`;
    case 'waiting':
      return `waiting for ${r.on.map((d) => `${d.service} (${CONDITION_WORDS[d.condition]}): ${d.detail}`).join('; ')}`;
    case 'blocked':
      if (r.exitCode !== undefined)
        return `waiting for ${r.dependency} (${CONDITION_WORDS[r.condition]}), whose container exited with code ${r.exitCode}`;
      return `waiting for ${r.dependency} (${CONDITION_WORDS[r.condition]}), which ${r.status === 'completed' ? 'completed instead' : `is ${r.status ?? 'unknown'}`}: ${r.reason}`;
    case 'engine-away':
      return `the engine is unreachable; carrying on when it is back (${r.error})`;
    case 'creating':
      return 'creating the container';
    case 'starting-container':
      return `starting the container${nth(r)}`;
    case 'running-waiting':
      return `${r.until === 'it finishes' ? 'running; waiting for it to finish' : r.until === 'nothing' ? 'running' : `running; waiting for ${r.until}`}${nth(r)}`;
    case 'probing':
      return `${r.detail}${nth(r)}`;
    case 'ready':
      return `${r.how}${nth(r)}`;
    case 'completed':
      return `exited with code 0 after ${formatMs(r.afterMs)}${nth(r)}`;
    case 'exited-early':
      return `${describeExit(r.exitCode, r.oomKilled)}${r.job ? '' : r.exitCode === 0 ? ' before it was ready (it should keep running)' : ' before it was ready'}`;
    case 'unhealthy-while-starting':
      return `unhealthy while starting: ${r.detail}`;
    case 'hook-failed': {
      const last = r.output.trim().split('\n').pop();
      const kept = r.container ? ` (its container ${r.container} is kept: docker logs ${r.container})` : '';
      return `${r.hook} hook ${r.index} (${r.command}) ${r.exitCode === -1 ? 'did not finish in time' : `exited with code ${r.exitCode}`}${last ? `: ${last}` : ''}${kept}`;
    }
    case 'provider':
      return r.detail;
    case 'provider-failed':
      return `${r.type} could not ${r.action} it: ${r.error}`;
    case 'pre-start':
      return `running pre_start hook ${r.index}${r.of > 1 ? ` of ${r.of}` : ''} (${r.command})`;
    case 'pre-start-done':
      return `pre_start hook ${r.index}${r.of > 1 ? ` of ${r.of}` : ''} (${r.command}) passed${r.output ? `: ${r.output}` : ''}`;
    case 'not-ready-in-time':
      return `not ready within ${formatMs(r.afterMs)} (startup_timeout)${r.detail ? `; last ${r.detail}` : ''}`;
    case 'start-failed':
      return `${words(r.cause)}${r.attempts > 1 ? ` (after ${r.attempts} attempts)` : ''}`;
    case 'retrying':
      return `attempt ${r.attempt}/${r.attempts} failed: ${words(r.cause)}; next try in ${formatMs(r.delayMs)}`;
    case 'no-healthcheck':
      return `waiting for ${r.dependency} to be healthy, but ${r.dependency} has no health check — give it one (or x-stackpilot.ready), or depend on it with condition: service_started`;
    case 'engine-restarting':
      return `run ${r.run}${r.runs ? `/${r.runs}` : ''} failed: ${words(r.cause)}; the engine starts it again (restart: ${r.policy})`;
    case 'engine-gave-up':
      return `${words(r.cause)}; the engine's restart policy (${r.policy}) gave up after ${r.runs} run${r.runs === 1 ? '' : 's'}`;
    case 'error':
      return r.hint ? `${r.message} — ${r.hint}` : r.message;
    case 'job-done':
      return 'exited with code 0';
    case 'health-failing':
      return 'the health check started failing';
    case 'healthy-again':
      return 'healthy again';
    case 'crash-loop':
      return `crash loop: ${unexpectedly(r.exitCode, r.oom)}; ${r.circuit}. Stopped; reset the circuit to try again`;
    case 'engine-restarts':
      return `${unexpectedly(r.exitCode, r.oom)}; the engine restarts it (restart: ${r.policy}; ${r.circuit})`;
    case 'crash-restart':
      return `${unexpectedly(r.exitCode, r.oom)}; restarting in ${formatMs(r.delayMs)} (${r.circuit})`;
    case 'unhealthy-restart':
      return `unhealthy (${r.check}); restarting in ${formatMs(r.delayMs)} (${r.circuit})`;
    case 'unhealthy-loop':
      return `unhealthy (${r.check}); ${r.circuit}: no more restarts, left running. Reset the circuit to try again`;
    case 'crash-waiting-engine':
      return `${unexpectedly(r.exitCode)}; waiting for the engine to come back`;
    case 'restart-failed':
      return `could not restart: ${r.error}`;
    case 'restarted':
      return `${r.by === 'engine' ? 'restarted by the engine (restart policy)' : r.unhealthy ? 'restarted: it had turned unhealthy' : `restarted after ${describeExit(r.exitCode)}`}${r.detail ? `; ${r.detail}` : ''}`;
    case 'ready-again':
      return `ready again: ${r.how}`;
    case 'not-recovered':
      return `did not recover: ${r.detail}`;
    case 'circuit-reset':
      return 'circuit reset: trying once more';
    case 'background-failed':
      return `${r.what} failed: ${r.error}`;
    case 'stopping':
      return `stopping (${r.signal}, then SIGKILL after ${r.graceSeconds} s)`;
    case 'stopped':
      return `stopped in ${formatMs(r.afterMs)}${r.exitCode !== undefined ? ` (exit code ${r.exitCode})` : ''}`;
    case 'scaled-to-zero':
      return 'scaled to 0: no containers';
    case 'replicas':
      return r.worst
        ? `${r.ready}/${r.of} ready; ${r.worst.replica} ${r.worst.status}: ${r.worst.reason}`
        : `${r.of}/${r.of} ${r.status}`;
  }
}
