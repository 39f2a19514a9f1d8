import { RETRY_DEFAULTS } from '../compose/stackpilot-extension';
import type { ContainerEvent } from '../driver';
import { isEngineError } from '../errors';
import { backoffDelay } from './backoff';
import { ContainerWatch } from './container-watch';
import type { Circuits } from './crash-loop';
import { Label } from './labels';
import { failingStreak } from './health-report';
import { describeReady, readinessRule, waitUntilReady } from './readiness';
import { engineRestartsAfter } from './restart-policy';
import { serviceOf, unitKey } from './replicas';
import { inBackground, lastLines, readinessPorts } from './run-context';
import type { RunContext } from './run-context';
import type { Reason } from './reasons';
import type { PortEffect } from './service-machine';
import { formatMs, withExit } from './service-state';

/**
 * Crash supervision and the circuit: keeps settled services' states true to the engine between
 * commands (health flips, deaths, restarts by the engine), restarts what crashes after a backoff,
 * and opens the circuit on a crash loop.
 */
export class CrashSupervisor {
  /** Containers the engine said the OOM killer hit (its oom event comes just before the die). */
  private readonly oomed = new Set<string>();
  /** Services Stackpilot is starting again itself (after a backoff): their start events are its own. */
  private readonly ownRestarts = new Set<string>();

  constructor(
    private readonly ctx: RunContext,
    private readonly circuits: Circuits,
    /** Restarts a dependent that asked for it (`depends_on.restart`), once its dependency is back. */
    private readonly restartDependent: (service: string) => Promise<unknown>,
  ) {}

  onEngineEvent(e: ContainerEvent): void {
    const { ctx } = this;
    const service = e.labels[Label.service];
    if (!service) return;
    const name = unitKey(service, Number(e.labels[Label.containerNumber] ?? '1') || 1);
    if (!ctx.book.has(name) || ctx.starting.has(name) || this.ownRestarts.has(name) || ctx.lifetime.aborted) return;
    const snap = ctx.book.get(name);
    if (!snap || snap.containerId !== e.containerId || snap.status === 'stopping') return;
    if (e.action === 'oom') this.oomed.add(e.containerId);
    else if (e.action === 'die') {
      if (e.exitCode === 0 && this.finishedCleanly(service))
        ctx.book.apply(name, { type: 'completed', why: { code: 'job-done' }, patch: { exitCode: 0 } });
      else if (snap.status === 'ready' || snap.status === 'unhealthy') this.onCrash(name, e.containerId, e.exitCode);
    } else if (e.action === 'health_status' && e.health === 'unhealthy' && snap.status === 'ready') {
      ctx.book.apply(name, {
        type: 'turned-unhealthy',
        why: { code: 'health-failing' },
        patch: { health: 'unhealthy' },
      });
      if (this.restartsOnUnhealthy(service)) this.onUnhealthy(name, e.containerId);
    } else if (e.action === 'health_status' && e.health === 'healthy' && snap.status === 'unhealthy') {
      ctx.book.apply(name, { type: 'became-ready', why: { code: 'healthy-again' }, patch: { health: 'healthy' } });
    } else if (
      e.action === 'start' &&
      (snap.status === 'failed' || snap.status === 'stopped' || snap.status === 'starting' || snap.status === 'backoff')
    ) {
      inBackground(
        ctx,
        [name],
        'following its restart',
        this.recover(name, e.containerId, { code: 'restarted', by: 'engine' }),
      );
    }
  }

  /**
   * A clean exit that is the end of the service's work, not a crash: a job some dependent waits on, or
   * a service with nothing to check whose restart policy does not start it again after exit 0 (a
   * one-shot that outlived its first second). The same rule reconcile uses when it finds one exited.
   */
  private finishedCleanly(service: string): boolean {
    if (this.ctx.jobs.has(service)) return true;
    const s = this.ctx.service(service);
    return readinessRule(s) === 'running' && !engineRestartsAfter(s.restart ?? 'no', 0);
  }

  private restartsOnUnhealthy(service: string): boolean {
    return this.ctx.service(service).stackpilot.restartOnUnhealthy ?? this.ctx.restartOnUnhealthy;
  }

  /**
   * A service that was ready has turned unhealthy and restarts on that: counted against the circuit as
   * a crash is, restarted after the backoff, with what its health check said in the reason (the
   * engine's health log, read now).
   */
  private onUnhealthy(name: string, containerId: string): void {
    const { ctx } = this;
    void ctx.driver
      .inspectContainer(containerId)
      .then(
        (info) => info?.healthLog ?? [],
        () => [],
      )
      .then((log) => {
        const snap = ctx.book.get(name);
        const still = snap?.status === 'unhealthy' || snap?.status === 'starting';
        if (snap?.containerId !== containerId || !still || ctx.lifetime.aborted) return;
        const now = ctx.clock.now();
        const circuit = this.circuits.of(name);
        const open = circuit.recordRestart(now) === 'open';
        const service = ctx.service(serviceOf(name));
        const effects = ctx.book.apply(name, {
          type: 'unhealthy-restart',
          containerId,
          check: failingCheck(log),
          circuit: { open, words: circuit.describe(now) },
          delayMs: backoffDelay(circuit.count(now), service.stackpilot.retry ?? RETRY_DEFAULTS, ctx.random),
        });
        for (const effect of effects) this.carryOut(name, effect, undefined);
      });
  }

  /**
   * A service that was ready has died. Count it against the crash-loop circuit; then let the engine's
   * restart policy bring it back, or restart it after a backoff, or (circuit open) stop it for good.
   */
  private onCrash(name: string, containerId: string, exitCode: number | undefined): void {
    const { ctx } = this;
    const { clock, random } = ctx;
    const circuit = this.circuits.of(name);
    const now = clock.now();
    const open = circuit.recordRestart(now) === 'open';
    const service = ctx.service(serviceOf(name));
    const limit = service.settings.memLimit;
    // An oom event can be a child process killed while the container lives on: it is the cause only of a death by SIGKILL.
    const oom = this.oomed.delete(containerId) && exitCode === 137;
    const effects = ctx.book.apply(name, {
      type: 'crashed',
      containerId,
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(oom ? { oom: limit !== undefined ? { limitBytes: limit } : {} } : {}),
      circuit: { open, words: circuit.describe(now) },
      ...(service.restart ? { restartPolicy: service.restart } : {}),
      delayMs: backoffDelay(circuit.count(now), service.stackpilot.retry ?? RETRY_DEFAULTS, random),
    });
    for (const effect of effects) this.carryOut(name, effect, exitCode);
  }

  /** What the machine decided after a crash, done through the engine and the clock. */
  private carryOut(name: string, effect: PortEffect, exitCode: number | undefined): void {
    const { ctx } = this;
    const { book } = ctx;
    switch (effect.kind) {
      case 'keep-last-lines': {
        // Pinned to this exit: when and why as said at the crash, whatever comes while the lines are read.
        const exit = {
          at: ctx.clock.now(),
          ...(exitCode !== undefined ? { exitCode } : {}),
          reason: book.get(name)?.reason ?? '',
        };
        void lastLines(ctx, effect.containerId).then((lines) => {
          const current = book.get(name);
          if (current?.containerId === effect.containerId)
            book.apply(name, {
              type: 'noted',
              why: current.why,
              patch: { lastLines: lines, exits: withExit(current.exits, { ...exit, lines }) },
            });
        });
        return;
      }
      case 'stop-container':
        inBackground(
          ctx,
          [name],
          'stopping the crash loop',
          ctx.driver.stopContainer(effect.containerId, effect.timeoutS),
        );
        return;
      case 'restart-after':
        this.restartAfter(name, effect.containerId, effect.delayMs, exitCode, effect.stopFirst === true);
        return;
      case 'retry-after':
      case 'await-engine-restart':
        // A start attempt's effects: StartAttempts carries them out in its loop.
        return;
    }
  }

  /** Starts a crashed container again after its backoff, unless something else moved the service meanwhile. */
  private restartAfter(
    name: string,
    containerId: string,
    delayMs: number,
    exitCode: number | undefined,
    stopFirst: boolean,
  ): void {
    const { ctx } = this;
    const { clock, driver, book } = ctx;
    const code = exitCode !== undefined ? { exitCode } : {};
    void clock
      .sleep(delayMs, ctx.lifetime)
      .then(async () => {
        if (book.get(name)?.status !== 'backoff') return;
        // This start's own event is not the engine's restart policy at work.
        this.ownRestarts.add(name);
        let recovered: Promise<void>;
        try {
          if (stopFirst)
            await driver.stopContainer(
              containerId,
              Math.ceil((ctx.service(serviceOf(name)).stopGracePeriod ?? 10_000) / 1000),
            );
          await driver.startContainer(containerId);
          recovered = this.recover(name, containerId, {
            code: 'restarted',
            by: 'stackpilot',
            ...code,
            ...(stopFirst ? { unhealthy: true } : {}),
          });
        } finally {
          this.ownRestarts.delete(name);
        }
        await recovered;
      })
      .catch(async (err: unknown) => {
        if (ctx.lifetime.aborted) return;
        // An engine that is shutting down still answers, with odd errors, for a moment: look again
        // shortly. If it has gone, the reconnect brings the service back, not this.
        const engineGone = async (): Promise<boolean> => {
          if (isEngineError(err, 'engine-unreachable')) return true;
          await clock.sleep(2000, ctx.lifetime);
          if (ctx.connection.status.state !== 'connected') return true;
          return driver.ping(2000).then(
            () => false,
            () => true,
          );
        };
        if (await engineGone().catch(() => true)) {
          book.apply(name, {
            type: 'backing-off',
            why: { code: 'crash-waiting-engine', ...code },
            patch: { nextAttemptAt: undefined },
          });
          return;
        }
        book.apply(name, { type: 'failed', why: { code: 'restart-failed', error: (err as Error).message } });
      });
  }

  /** Waits for a restarted service to be ready again; then restarts the dependents that ask for it. */
  private async recover(
    name: string,
    containerId: string,
    restarted: Extract<Reason, { code: 'restarted' }>,
  ): Promise<void> {
    const { ctx } = this;
    if (ctx.starting.has(name)) return;
    ctx.starting.add(name);
    const { driver, clock, book } = ctx;
    const watch = new ContainerWatch(ctx.events, containerId);
    const recovering = (): boolean => book.get(name)?.status === 'starting';
    let crashed: number | undefined;
    let unhealthy = false;
    try {
      const startedAt = clock.now();
      book.apply(name, {
        type: 'starting',
        why: restarted,
        patch: { startedAt, startRequestedAt: startedAt, nextAttemptAt: undefined },
      });
      watch.seed(await driver.inspectContainer(containerId), clock.now());
      const service = ctx.service(serviceOf(name));
      const outcome = await waitUntilReady({
        ...readinessPorts(ctx),
        service,
        watch,
        startedAt,
        expectExit: false,
        signal: ctx.lifetime,
        onProgress: (detail) => {
          if (recovering()) book.apply(name, { type: 'starting', why: { ...restarted, detail } });
        },
      });
      // Stopped or taken down meanwhile: that is what the service is now, not what this wait saw.
      if (!recovering()) return;
      if (outcome.kind === 'ready') {
        book.apply(name, {
          type: 'became-ready',
          why: { code: 'ready-again', how: describeReady(outcome, startedAt) },
          patch: { readyAt: outcome.at, health: 'healthy' },
        });
        this.circuits.of(name).recordSuccess();
        const of = serviceOf(name);
        const followers = (ctx.graph.dependents.get(of) ?? []).filter(
          (d) => ctx.stack.services[d]?.dependsOn[of]?.restart && ctx.serviceState(d)?.containerId,
        );
        for (const d of followers)
          inBackground(ctx, ctx.units(d), `restarting it after ${of} recovered`, this.restartDependent(d));
      } else if (outcome.kind === 'exited') crashed = outcome.exitCode;
      else if (outcome.kind === 'unhealthy' && !outcome.permanent && this.restartsOnUnhealthy(serviceOf(name)))
        unhealthy = true;
      else if (outcome.kind === 'unhealthy' || outcome.kind === 'timeout')
        book.apply(name, {
          type: 'failed',
          why: {
            code: 'not-recovered',
            detail: outcome.kind === 'unhealthy' ? outcome.detail : `not ready within ${formatMs(outcome.afterMs)}`,
          },
        });
    } finally {
      watch.close();
      ctx.starting.delete(name);
    }
    if (crashed !== undefined) this.onCrash(name, containerId, crashed);
    if (unhealthy) this.onUnhealthy(name, containerId);
  }
}

/** What a failing health check said, from the engine's log of its probes: the last failure's exit and output, and how many in a row. */
export function failingCheck(log: readonly { exitCode: number; output: string }[]): string {
  const streak = failingStreak(log);
  const last = log.at(-1);
  if (!last || streak === 0) return 'the health check failed its retries';
  const said = last.output.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 200);
  return `health check failed ${streak} time${streak === 1 ? '' : 's'} in a row; last: exit ${last.exitCode}${said ? `: ${said}` : ''}`;
}
