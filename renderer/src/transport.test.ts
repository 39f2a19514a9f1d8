import { describe, expect, it } from 'vitest';
import type { BridgeApi } from '../../preload/contract';
import { ContractError, bridgeApi, describeFailure } from './transport';

describe('the Electron transport', () => {
  it('returns results, and throws the typed error with its code and hint', async () => {
    const answers: unknown[] = [
      { result: { ok: true, message: 'up', cli: 'stackpilot up' } },
      {
        error: {
          name: 'PortTaken',
          code: 'port-taken',
          message: 'host port 80 is already in use',
          hint: 'stop what holds it',
        },
      },
    ];
    const bridge = {
      invoke: () => Promise.resolve(answers.shift()),
      on: () => () => undefined,
    } as unknown as BridgeApi;
    const api = bridgeApi(bridge);
    await expect(api.invoke('stack:up')).resolves.toEqual({ ok: true, message: 'up', cli: 'stackpilot up' });
    const err = await api.invoke('stack:up').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect(err).toMatchObject({ name: 'PortTaken', code: 'port-taken', hint: 'stop what holds it' });
    expect(describeFailure(err)).toBe('host port 80 is already in use — stop what holds it');
  });
});
