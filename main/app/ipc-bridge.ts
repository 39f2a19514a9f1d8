import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { InvokeChannels } from '../../preload/contract';
import type { EventChannel, EventMap } from '../../preload/contract';
import { dispatchInvoke } from '../ipc/handlers';
import type { ContractHandlers } from '../ipc/handlers';

/**
 * Registers one ipcMain handler per contract channel. Calls from any frame but our own window's main
 * frame are refused; payloads are validated by the handlers.
 */
export function registerIpc(
  handlers: ContractHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  const channels = Object.values(InvokeChannels);
  for (const channel of channels) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrustedSender(event))
        return { error: { name: 'PayloadError', message: 'refused: unknown sender', code: 'bad-sender' } };
      return dispatchInvoke(handlers, channel, args);
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}

export function sendEvent<E extends EventChannel>(contents: WebContents, event: E, payload: EventMap[E]): void {
  if (!contents.isDestroyed()) contents.send(event, payload);
}
