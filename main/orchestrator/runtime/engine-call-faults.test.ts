import { describe, expect, it } from 'vitest';
import type { FakeDriver } from '../../../test/support/fake-driver';
import { checkFakeOrchestrators, fakeOrchestrator } from '../../../test/support/fake-orchestrator';
import type { ContainerDriver, ContainerEvent, EventSubscription } from '../driver';
import { EngineError, PortTaken } from '../errors';
import { EventRouter } from './event-router';

/** Issue 25: an engine call that fails for a moment costs a retry, never the stack; a cut stream, nothing. */
checkFakeOrchestrators();

const setup = (service: string) => fakeOrchestrator(`name: t\nservices:\n  api:\n    image: api\n${service}`);

/** The driver's start fails with `error` the first `times` calls, then works. */
function failStarts(driver: FakeDriver, error: () => Error, times: number): void {
  const real = driver.startContainer.bind(driver);
  let left = times;
  driver.startContainer = (id) => (left-- > 0 ? Promise.reject(error()) : real(id));
}

const busy = (): EngineError =>
  new EngineError('engine-error', 'the engine answered: 503 Service Unavailable', undefined, { transient: true });
const starts = (driver: FakeDriver): number => driver.calls.filter((c) => c === 'start api').length;

describe('a container start the engine fails for a moment', () => {
  it('is retried after the backoff, the engine’s words in the reason, and the service comes up', async () => {
    const { clock, driver, runner } = setup('    x-stackpilot: { retry: { delay: 2s } }\n');
    failStarts(driver, busy, 2);
    const result = await clock.run(runner.up());
    expect(result.ok).toBe(true);
    expect(runner.get('api')?.status).toBe('ready');
    expect(starts(driver)).toBe(1);
    const retries = runner.get('api')?.timeline.filter((t) => t.status === 'backoff') ?? [];
    expect(retries.map((t) => t.reason)).toEqual([
      'attempt 1/5 failed: the engine answered: 503 Service Unavailable; next try in 2.0 s',
      'attempt 2/5 failed: the engine answered: 503 Service Unavailable; next try in 4.0 s',
    ]);
  });

  it('is retried by Stackpilot even with a restart policy: the engine never restarts a container that never ran', async () => {
    const { clock, driver, runner } = setup('    restart: always\n');
    failStarts(driver, busy, 1);
    expect((await clock.run(runner.up())).ok).toBe(true);
    expect(runner.get('api')?.status).toBe('ready');
  });

  it('gives up after the attempts, saying what the engine answered', async () => {
    const { clock, driver, runner } = setup('    x-stackpilot: { retry: { attempts: 2, delay: 1s } }\n');
    failStarts(driver, busy, 10);
    expect((await clock.run(runner.up())).ok).toBe(false);
    expect(runner.get('api')).toMatchObject({ status: 'failed' });
    expect(runner.get('api')?.reason).toMatch(/503 Service Unavailable/);
  });

  it('a refusal that will not change (a port taken) is not retried', async () => {
    const { clock, driver, runner } = setup('');
    failStarts(driver, () => new PortTaken([{ port: 8080, hostIp: '0.0.0.0' }]), 1);
    expect((await clock.run(runner.up())).ok).toBe(false);
    expect(runner.get('api')?.timeline.some((t) => t.status === 'backoff')).toBe(false);
  });
});

/** An engine whose event stream can be cut, and that replays from the start of the `since` second, as Docker does. */
class CuttableEvents {
  readonly log: ContainerEvent[] = [];
  private live: ((e: ContainerEvent) => void) | undefined;
  private end: ((error?: Error) => void) | undefined;
  readonly driver = {
    events: (
      _labels: Record<string, string>,
      onEvent: (e: ContainerEvent) => void,
      onEnd: (error?: Error) => void,
      since?: number,
    ): EventSubscription => {
      if (since !== undefined) for (const e of this.log) if (e.time >= Math.floor(since / 1000) * 1000) onEvent(e);
      this.live = onEvent;
      this.end = onEnd;
      return { ready: Promise.resolve(), close: () => (this.live = undefined) };
    },
  } as unknown as ContainerDriver;

  happen(action: ContainerEvent['action'], time: number, extra: Partial<ContainerEvent> = {}): void {
    const e: ContainerEvent = { action, containerId: 'c1', labels: {}, time, ...extra };
    this.log.push(e);
    this.live?.(e);
  }

  cut(): void {
    this.live = undefined;
    this.end?.(new Error('unexpected end of stream'));
  }
}

describe('the event stream cut and reopened', () => {
  it('catches up on what happened meanwhile, and never hands a listener the same event twice', async () => {
    const engine = new CuttableEvents();
    const router = new EventRouter(engine.driver, {});
    const lost: string[] = [];
    router.onLost = (why) => lost.push(why);
    const seen: string[] = [];
    router.onContainer('c1', (e) => seen.push(`${e.action}@${e.time}`));
    await router.start();
    engine.happen('create', 10_100);
    engine.happen('start', 10_400);
    engine.cut();
    expect(lost).toEqual(['the connection to the engine broke (unexpected end of stream)']);
    engine.happen('die', 10_700, { exitCode: 137 });
    engine.happen('start', 11_200);
    await router.reopen();
    engine.happen('health_status', 11_900, { health: 'healthy' });
    expect(seen).toEqual(['create@10100', 'start@10400', 'die@10700', 'start@11200', 'health_status@11900']);
  });
});
