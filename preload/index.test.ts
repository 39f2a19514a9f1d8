import { describe, expect, it, vi } from 'vitest';
import type { BridgeApi } from './contract';

const exposed = new Map<string, unknown>();
const invoke = vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>();
const listeners = new Map<string, (event: unknown, payload: unknown) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => invoke(channel, ...args),
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

await import('./index');
const api = exposed.get('stackpilot') as BridgeApi;

describe('the preload (electron mocked)', () => {
  it('exposes exactly the contract: invoke and on, as window.stackpilot', () => {
    expect([...exposed.keys()]).toEqual(['stackpilot']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('passes contract calls and their answers through as data, and refuses other channels', async () => {
    invoke.mockResolvedValueOnce({ result: { ok: true } });
    await expect(api.invoke('stack:up')).resolves.toEqual({ result: { ok: true } });
    const error = {
      name: 'PortTaken',
      code: 'port-taken',
      message: 'host port 80 is already in use',
      hint: 'stop what holds it',
    };
    invoke.mockResolvedValueOnce({ error });
    await expect(api.invoke('stack:open', { path: '' })).resolves.toEqual({ error });
    await expect((api.invoke as (c: string) => Promise<unknown>)('fs:read')).resolves.toEqual({
      error: { name: 'PayloadError', code: 'unknown-channel', message: 'unknown channel fs:read' },
    });
    expect(invoke).toHaveBeenCalledTimes(2);
  });

  it('subscribes only to contract events, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = api.on('app:notice', (n) => seen.push(n));
    listeners.get('app:notice')?.({}, { level: 'info', title: 't', body: 'b' });
    expect(seen).toEqual([{ level: 'info', title: 't', body: 'b' }]);
    off();
    expect(listeners.has('app:notice')).toBe(false);
    expect(() => (api.on as (e: string, l: () => void) => void)('ipc:anything', () => undefined)).toThrow(
      'unknown event ipc:anything',
    );
  });
});
