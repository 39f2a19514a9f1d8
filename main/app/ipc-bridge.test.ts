import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InvokeChannels } from '../../preload/contract';
import type { ContractHandlers } from '../ipc/handlers';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
const registered = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, fn);
    },
    removeHandler: (channel: string) => registered.delete(channel),
  },
}));

const { registerIpc, sendEvent } = await import('./ipc-bridge');

function handlers(): ContractHandlers {
  const ok = () => Promise.resolve({ ok: true, message: 'done', cli: 'stackpilot up' });
  return new Proxy({} as ContractHandlers, { get: () => vi.fn(ok) });
}

describe('IPC registration (electron mocked)', () => {
  beforeEach(() => registered.clear());

  it('registers exactly the contract channels, and removes them again', () => {
    const off = registerIpc(handlers(), () => true);
    expect([...registered.keys()].sort()).toEqual(Object.values(InvokeChannels).sort());
    off();
    expect(registered.size).toBe(0);
  });

  it('refuses calls from any sender but the window, before looking at the payload', async () => {
    const h = handlers();
    const trusted = { sender: 'main' };
    registerIpc(h, (event) => event === (trusted as unknown));
    const up = registered.get('stack:up');
    expect(await up?.({ sender: 'evil iframe' })).toEqual({
      error: { name: 'PayloadError', message: 'refused: unknown sender', code: 'bad-sender' },
    });
    expect(await up?.(trusted)).toEqual({ result: { ok: true, message: 'done', cli: 'stackpilot up' } });
  });

  it('sends events only to a live window', () => {
    const send = vi.fn();
    sendEvent({ isDestroyed: () => false, send } as never, 'app:command', 'up');
    sendEvent({ isDestroyed: () => true, send } as never, 'app:command', 'down');
    expect(send.mock.calls).toEqual([['app:command', 'up']]);
  });
});
