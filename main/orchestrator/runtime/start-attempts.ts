import type { Service } from '../compose/model';
import type { ContainerInfo } from '../driver';
import { RETRY_DEFAULTS } from '../compose/stackpilot-extension';
import { isEngineError } from '../errors';
import { backoffDelay } from './backoff';
import { engineRuns } from './restart-policy';
import { ContainerWatch } from './container-watch';
import type { Circuits } from './crash-loop';
import { describeReady, readinessRule, waitUntilReady } from './readiness';
import { replicaOf } from './replicas';
import { runHooks } from './hooks';
import { errorReason, lastLines, readinessPorts, urgencyOf } from './run-context';
import type { RunContext } from './run-context';
import { words } from './reasons';
import type { Reason } from './reasons';
import { withExit } from './service-state';

export type AttemptOutcome = 'ready' | 'completed' | 'aborted' | 'failed';

type AttemptResult =
  | { kind: 'ready' | 'completed' | 'aborted' }
  | {
      kind: 'failed';
      why: Reason;
      lastLines: string[];
      exitCode?: number;
      retryable: boolean;
      /** The start call itself failed for a moment (no answer, the engine busy): the container never ran. */
      startCall?: true;
    };

export interface PreparedContainer {
  id: string;
  /** Set when the container existed already (adopted). */
  info?: ContainerInfo;
  /** Set when this start-up created it. */
  createdAt?: number;
}

/** The longest dockerd waits between restarts (its backoff doubles up to a minute), and some slack. */
const ENGINE_RESTART_WAIT_MS = 65_000;

/**
 * Start attempts and retries: starts the container and waits for it to be ready, retrying failed
 * attempts (exited before ready, unhealthy, too slow) with exponential backoff and jitter, up to
 * `x-stackpilot.retry.attempts`.
 */
export class StartAttempts {
  constructor(
    private readonly ctx: RunContext,
    private readonly circuits: Circuits,
  ) {}

  async run(
    unit: string,
    service: Service,
    prepared: PreparedContainer,
    markStarted: (ok: boolean) => void,
    signal: AbortSignal,
  ): Promise<AttemptOutcome> {
    const { driver, clock, book, random } = this.ctx;
    const name = unit;
    const policy = service.stackpilot.retry ?? RETRY_DEFAULTS;
    // A service with a restart policy is the engine's to run again, as compose leaves it: Stackpilot's
    // own retries are for services without one, so runs are never doubled.
    const engine = service.restart && service.restart !== 'no' ? service.restart : undefined;
    const runs = engine ? engineRuns(engine) : policy.attempts;
    let info = prepared.info;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(
        unit,
        service,
        { ...prepared, ...(info ? { info } : {}) },
        markStarted,
        signal,
        attempt,
        runs ?? attempt,
      );
      if (result.kind !== 'failed') return result.kind;
      const final = (): 'failed' => {
        // A start that failed before it counted as started (a post_start hook) releases its dependents.
        markStarted(false);
        return 'failed';
      };
      // A start call that failed never ran the container: the engine's restart policy has nothing to
      // restart, so Stackpilot's own retries apply.
      const byEngine = engine && !result.startCall ? engine : undefined;
      const code = result.exitCode !== undefined ? { exitCode: result.exitCode } : {};
      // A start that ended in an exit keeps its lines with that exit (a start that was only slow has none).
      const exits =
        result.exitCode !== undefined
          ? {
              exits: withExit(book.get(name)?.exits, {
                at: clock.now(),
                ...code,
                reason: words(result.why),
                lines: result.lastLines,
              }),
            }
          : {};
      const patch = { lastLines: result.lastLines, ...code, ...exits };
      // The machine decides: another try after the backoff, the engine's next run, or the start-up has failed.
      const effects = book.apply(name, {
        type: 'attempt-failed',
        cause: result.why,
        retryable: result.retryable,
        attempt,
        attempts: byEngine ? (runs ?? attempt) : policy.attempts,
        delayMs: backoffDelay(attempt, policy, random),
        containerId: prepared.id,
        ...(byEngine ? { engine: { policy: byEngine, circuit: this.countCrash(unit, result) } } : {}),
        patch,
      });
      for (const effect of effects) {
        if (effect.kind === 'stop-container') await driver.stopContainer(effect.containerId, effect.timeoutS);
      }
      const next = effects.find((e) => e.kind === 'retry-after' || e.kind === 'await-engine-restart');
      if (!next) return final();
      if (next.kind === 'await-engine-restart') {
        const restarted = await this.untilEngineRestarts(next.containerId, signal);
        if (restarted === 'aborted') return 'aborted';
        if (!restarted) {
          book.apply(name, {
            type: 'failed',
            why: { code: 'engine-gave-up', cause: result.why, policy: engine ?? '', runs: attempt },
            patch: { nextAttemptAt: undefined },
          });
          return final();
        }
        info = restarted;
        continue;
      }
      try {
        await clock.sleep(next.delayMs, signal);
      } catch {
        return 'aborted';
      }
      const now = await driver.inspectContainer(next.containerId);
      // A start that went unanswered may have been carried out all the same: that run is this attempt's.
      if (now?.state === 'running' && result.startCall) {
        info = now;
        continue;
      }
      if (now?.state === 'running') await driver.stopContainer(next.containerId, 2);
      info = undefined;
    }
  }

  /** A crash of a run the engine will repeat counts against the circuit, as a crash after ready does. */
  private countCrash(
    unit: string,
    result: Extract<AttemptResult, { kind: 'failed' }>,
  ): { open: boolean; words: string } {
    const now = this.ctx.clock.now();
    const circuit = this.circuits.of(unit);
    const open = result.why.code === 'exited-early' ? circuit.recordRestart(now) === 'open' : circuit.state === 'open';
    return { open, words: circuit.describe(now) };
  }

  /** Waits while the engine starts the container again; undefined when it has not within the longest wait dockerd makes. */
  private async untilEngineRestarts(id: string, signal: AbortSignal): Promise<ContainerInfo | undefined | 'aborted'> {
    const { driver, clock } = this.ctx;
    // dockerd waits 100 ms before the first restart, doubling each time, up to a minute.
    const deadline = clock.now() + ENGINE_RESTART_WAIT_MS;
    for (;;) {
      try {
        await clock.sleep(100, signal);
      } catch {
        return 'aborted';
      }
      const now = await driver.inspectContainer(id);
      if (now?.state === 'running') return now;
      if (!now || now.state === 'dead' || clock.now() > deadline) return undefined;
    }
  }

  private async attempt(
    unit: string,
    service: Service,
    prepared: PreparedContainer,
    markStarted: (ok: boolean) => void,
    signal: AbortSignal,
    attempt: number,
    attempts: number,
  ): Promise<AttemptResult> {
    const { ctx } = this;
    const { driver, clock, book } = ctx;
    const name = unit;
    const { id, info, createdAt } = prepared;
    const watch = new ContainerWatch(ctx.events, id);
    const nth = attempt > 1 ? { attempt, attempts } : {};
    try {
      const running = info?.state === 'running';
      const startRequestedAt = running ? (info?.startedAt ?? clock.now()) : clock.now();
      if (!running) {
        book.apply(name, {
          type: 'starting',
          why: { code: 'starting-container', ...nth },
          patch: { containerId: id, outdated: false },
        });
        try {
          await ctx.pacing.start(() => driver.startContainer(id), urgencyOf(ctx, service.name));
        } catch (err) {
          if (!isEngineError(err) || !err.transient) throw err;
          return { kind: 'failed', why: errorReason(err), lastLines: [], retryable: true, startCall: true };
        }
      }
      ctx.logs?.follow(service.name, id, false, replicaOf(unit));
      const startedAt = running ? startRequestedAt : clock.now();
      // As compose runs them: after the start, before the service counts as started.
      const hookFailed =
        running || service.postStart.length === 0
          ? undefined
          : await runHooks(driver, id, service.postStart, 'post_start');
      if (hookFailed)
        return { kind: 'failed', why: hookFailed, lastLines: hookFailed.output.split('\n'), retryable: false };
      markStarted(true);
      const expectExit = ctx.jobs.has(service.name);
      const rule = readinessRule(service);
      book.apply(name, {
        type: 'starting',
        why: {
          code: 'running-waiting',
          until: expectExit
            ? 'it finishes'
            : rule === 'running'
              ? 'nothing'
              : rule === 'healthcheck'
                ? 'the health check'
                : 'the ready probe',
          ...nth,
        },
        patch: {
          containerId: id,
          startedAt,
          startRequestedAt,
          ...(createdAt !== undefined ? { createdAt } : {}),
          outdated: false,
          nextAttemptAt: undefined,
        },
      });
      watch.seed(await driver.inspectContainer(id), clock.now());
      const outcome = await waitUntilReady({
        ...readinessPorts(ctx),
        service,
        watch,
        startedAt,
        expectExit,
        signal,
        onProgress: (detail) => book.apply(name, { type: 'starting', why: { code: 'probing', detail, ...nth } }),
      });
      switch (outcome.kind) {
        case 'ready': {
          const circuit = this.circuits.of(name);
          circuit.recordSuccess();
          book.apply(name, {
            type: 'became-ready',
            why: { code: 'ready', how: describeReady(outcome, startedAt), ...nth },
            patch: {
              readyAt: outcome.at,
              health: 'healthy',
              ...(book.get(name)?.circuit ? { circuit: circuit.state } : {}),
            },
          });
          return { kind: 'ready' };
        }
        case 'exited': {
          if (outcome.exitCode === 0 && (expectExit || rule === 'running')) {
            book.apply(name, {
              type: 'completed',
              why: { code: 'completed', afterMs: outcome.at - startedAt, ...nth },
              patch: { exitCode: 0 },
            });
            return { kind: 'completed' };
          }
          const why: Reason = {
            code: 'exited-early',
            ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
            ...(outcome.oomKilled ? { oomKilled: true } : {}),
            job: expectExit,
          };
          return {
            kind: 'failed',
            why,
            exitCode: outcome.exitCode,
            lastLines: await lastLines(ctx, id),
            retryable: true,
          };
        }
        case 'unhealthy':
          return {
            kind: 'failed',
            why: { code: 'unhealthy-while-starting', detail: outcome.detail },
            lastLines: await lastLines(ctx, id),
            retryable: !outcome.permanent,
          };
        case 'timeout':
          return {
            kind: 'failed',
            why: { code: 'not-ready-in-time', afterMs: outcome.afterMs, detail: outcome.detail },
            lastLines: await lastLines(ctx, id),
            retryable: true,
          };
        case 'aborted':
          return { kind: 'aborted' };
      }
    } finally {
      watch.close();
    }
  }
}
