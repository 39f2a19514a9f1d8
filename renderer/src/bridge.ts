import type { StackpilotApi } from '../../preload/contract';
import { useAppStore } from './store';
import { webSocketApi } from './transport';

let api: StackpilotApi | null = null;

/** The one module that talks to main: it feeds the store; components never subscribe to IPC. */
export function connect(): StackpilotApi {
  if (api) return api;
  const store = useAppStore.getState();
  if (window.stackpilot) {
    api = window.stackpilot;
    store.setConnection('open');
  } else {
    api = webSocketApi((status) => useAppStore.getState().setConnection(status));
  }
  api.on('stack:changed', (view) => useAppStore.getState().applyStack(view));
  api
    .invoke('stack:current')
    .then((view) => useAppStore.getState().applyStack(view))
    .catch((err: unknown) => useAppStore.getState().setLoadError((err as Error).message));
  return api;
}

export async function openStack(path: string): Promise<void> {
  const store = useAppStore.getState();
  store.setOpening(true);
  try {
    store.applyStack(await connect().invoke('stack:open', { path }));
  } catch (err) {
    store.setLoadError((err as Error).message);
  } finally {
    useAppStore.getState().setOpening(false);
  }
}
