import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { isEventChannel, isInvokeChannel } from './contract';
import type { BridgeApi, EventMap, InvokeResponse } from './contract';

/**
 * Exposes exactly the contract as `window.stackpilot`; any channel not in it is refused here. Answers
 * stay data (`{ result }` or `{ error }`): the renderer throws the typed error (see BridgeApi).
 */
const api: BridgeApi = {
  async invoke(channel, ...args) {
    if (!isInvokeChannel(channel))
      return {
        error: { name: 'PayloadError', code: 'unknown-channel', message: `unknown channel ${String(channel)}` },
      };
    return (await ipcRenderer.invoke(channel, ...args)) as InvokeResponse<never>;
  },
  on(event, listener) {
    if (!isEventChannel(event)) throw new Error(`unknown event ${String(event)}`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as EventMap[typeof event]);
    ipcRenderer.on(event, wrapped);
    return () => void ipcRenderer.removeListener(event, wrapped);
  },
};

contextBridge.exposeInMainWorld('stackpilot', api);
