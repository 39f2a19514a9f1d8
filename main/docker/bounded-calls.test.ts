import type DockerModem from 'docker-modem';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundCalls, EngineCallTimeout } from './bounded-calls';

/** A modem that answers only when the test says, and keeps what each dial was given. */
function fakeModem(): {
  modem: Pick<DockerModem, 'dial'>;
  dials: { options: DockerModem.DialOptions; answer: (err: Error | null, data: object | null) => void }[];
} {
  const dials: { options: DockerModem.DialOptions; answer: (err: Error | null, data: object | null) => void }[] = [];
  const modem: Pick<DockerModem, 'dial'> = {
    dial: (options, callback) => {
      options.abortSignal?.addEventListener('abort', () => callback?.(new Error('The operation was aborted'), null));
      dials.push({ options, answer: (err, data) => callback?.(err, data) });
    },
  };
  return { modem, dials };
}

function call(modem: Pick<DockerModem, 'dial'>, options: DockerModem.DialOptions): Promise<unknown> {
  return new Promise((resolve, reject) => modem.dial(options, (err, data) => (err ? reject(err) : resolve(data))));
}

afterEach(() => vi.useRealTimers());

describe('boundCalls', () => {
  it('gives up an ordinary call that gets no answer, naming it and saying what to do', async () => {
    vi.useFakeTimers();
    const { modem } = fakeModem();
    boundCalls(modem, 5000);
    const pending = call(modem, { path: '/containers/abc/json?', method: 'GET' });
    const caught = pending.catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(5000);
    const err = await caught;
    expect(err).toBeInstanceOf(EngineCallTimeout);
    expect((err as EngineCallTimeout).message).toBe('the engine did not answer GET /containers/abc/json within 5 s');
    expect((err as EngineCallTimeout).hint).toMatch(/tries again/);
  });

  it('passes an answer in time through untouched', async () => {
    const { modem, dials } = fakeModem();
    boundCalls(modem, 5000);
    const pending = call(modem, { path: '/containers/json?', method: 'GET' });
    dials[0]?.answer(null, { ok: 1 });
    await expect(pending).resolves.toEqual({ ok: 1 });
    const refused = call(modem, { path: '/containers/abc/start?', method: 'POST' });
    dials[1]?.answer(new Error('conflict'), null);
    await expect(refused).rejects.toThrow('conflict');
  });

  it('never bounds a stream, a hijacked connection or a call that waits on purpose', () => {
    const { modem, dials } = fakeModem();
    boundCalls(modem, 5000);
    for (const options of [
      { path: '/events?', method: 'GET', isStream: true },
      { path: '/containers/abc/logs?', method: 'GET', isStream: true },
      { path: '/exec/abc/start', method: 'POST', hijack: true },
      { path: '/containers/abc/wait?', method: 'POST' },
      { path: '/images/create?', method: 'POST', isStream: true },
      { path: '/containers/abc/archive?', method: 'PUT' },
    ])
      void call(modem, options);
    expect(dials.map((d) => d.options.abortSignal)).toEqual(dials.map(() => undefined));
  });

  it("gives a stop the container's grace on top", async () => {
    vi.useFakeTimers();
    const { modem } = fakeModem();
    boundCalls(modem, 5000);
    let settled = false;
    const pending = call(modem, { path: '/containers/abc/stop?', method: 'POST', options: { t: 30 } }).catch(
      (err: unknown) => err,
    );
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(34_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(String(await pending)).toMatch(/did not answer POST \/containers\/abc\/stop within 35 s/);
  });
});
