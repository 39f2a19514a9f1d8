import type { StateCreator } from 'zustand';
import type { ActionResult, EngineStatusView, LogLineView, ServiceStateView } from '../../../preload/contract';

const MAX_LOG_LINES = 5000;

export interface RuntimeSlice {
  engine: EngineStatusView | null;
  services: Record<string, ServiceStateView>;
  /** Actions in flight, by key ("stack:up", "service:restart:api"): their buttons show it. */
  busy: Record<string, boolean>;
  lastAction: ActionResult | null;
  logs: LogLineView[];
  /** Show the logs of this service only (null: all). */
  logService: string | null;
  applyServiceState: (s: ServiceStateView) => void;
  applySnapshot: (engine: EngineStatusView, services: ServiceStateView[]) => void;
  applyEngine: (e: EngineStatusView) => void;
  appendLogs: (lines: LogLineView[]) => void;
  resetLogs: (lines: LogLineView[]) => void;
  setBusy: (key: string, busy: boolean) => void;
  setLastAction: (r: ActionResult | null) => void;
  setLogService: (name: string | null) => void;
}

/** Appends and keeps the newest lines, in sequence order, without repeats (pure, tested without React). */
export function mergeLogs(current: LogLineView[], incoming: LogLineView[], max = MAX_LOG_LINES): LogLineView[] {
  const last = current.at(-1)?.seq ?? 0;
  const fresh = incoming.filter((l) => l.seq > last);
  if (fresh.length === 0) return current;
  const merged = current.concat(fresh);
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

export const createRuntimeSlice: StateCreator<RuntimeSlice, [], [], RuntimeSlice> = (set) => ({
  engine: null,
  services: {},
  busy: {},
  lastAction: null,
  logs: [],
  logService: null,
  applyServiceState: (s) => set((st) => ({ services: { ...st.services, [s.name]: s } })),
  applySnapshot: (engine, services) => set({ engine, services: Object.fromEntries(services.map((s) => [s.name, s])) }),
  applyEngine: (engine) => set({ engine }),
  appendLogs: (lines) => set((st) => ({ logs: mergeLogs(st.logs, lines) })),
  resetLogs: (lines) => set({ logs: mergeLogs([], lines) }),
  setBusy: (key, busy) => set((st) => ({ busy: { ...st.busy, [key]: busy } })),
  setLastAction: (lastAction) => set({ lastAction }),
  setLogService: (logService) => set({ logService }),
});
