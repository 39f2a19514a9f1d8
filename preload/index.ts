import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { isEventChannel, isInvokeChannel } from './contract';
import type { ContractErrorData, EventMap, StackpilotApi } from './contract';

/** Exposes exactly the contract as `window.stackpilot`; any channel not in it is refused here. */
class ContractError extends Error {
  constructor(data: ContractErrorData) {
    super(data.message);
    this.name = data.name;
  }
}

const api: StackpilotApi = {
  async invoke(channel, ...args) {
    if (!isInvokeChannel(channel)) throw new ContractError({ name: 'PayloadError', message: `unknown channel ${String(channel)}` });
    const response = (await ipcRenderer.invoke(channel, ...args)) as { result: never } | { error: ContractErrorData };
    if ('error' in response) throw new ContractError(response.error);
    return response.result;
  },
  on(event, listener) {
    if (!isEventChannel(event)) throw new ContractError({ name: 'PayloadError', message: `unknown event ${String(event)}` });
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as EventMap[typeof event]);
    ipcRenderer.on(event, wrapped);
    return () => void ipcRenderer.removeListener(event, wrapped);
  },
};

contextBridge.exposeInMainWorld('stackpilot', api);
