import type { StateCreator } from 'zustand';
import type {
  ActionResult,
  EngineStatusView,
  LogLineView,
  OverallView,
  ServiceStateView,
  ServiceStatsView,
  WatchStateView,
} from '../../../preload/contract';
import { LogBuffer } from '../logs/log-buffer';
import { StatsHistory } from '../stats/stats-history';

/** As many as the main process keeps per stack view: scrolling back never finds a gap the UI made. */
export const MAX_LOG_LINES = 100_000;

export interface RuntimeSlice {
  engine: EngineStatusView | null;
  services: Record<string, ServiceStateView>;
  /** The stack in one word, as main computes it (the tray says the same). */
  overall: OverallView;
  /** Actions in flight, by key ("stack:up", "service:restart:api"): their buttons show it. */
  busy: Record<string, boolean>;
  lastAction: ActionResult | null;
  /** Mutable (see LogBuffer); `logVersion` changes whenever its lines do. */
  logs: LogBuffer;
  logVersion: number;
  /** Services whose logs are shown (empty: all). */
  logServices: string[];
  /** Each running service's newest reading; a service whose figures did not change keeps its object. */
  stats: Record<string, ServiceStatsView>;
  /** Mutable (see StatsHistory); `statsVersion` changes with it. */
  statsHistory: StatsHistory;
  statsVersion: number;
  applyStats: (batch: ServiceStatsView[]) => void;
  applyServiceState: (s: ServiceStateView) => void;
  /** Several services' changes in one store update (one render of the rows they touch). */
  applyServiceStates: (list: ServiceStateView[]) => void;
  applySnapshot: (engine: EngineStatusView, services: ServiceStateView[], overall: OverallView) => void;
  applyOverall: (overall: OverallView) => void;
  applyEngine: (e: EngineStatusView) => void;
  /** The stack's watch (develop.watch): on or off, and its latest actions. */
  watch: WatchStateView;
  applyWatch: (w: WatchStateView) => void;
  appendLogs: (lines: LogLineView[]) => void;
  resetLogs: (lines: LogLineView[]) => void;
  setBusy: (key: string, busy: boolean) => void;
  setLastAction: (r: ActionResult | null) => void;
  /** Shows one service's logs only (null: all again). */
  showLogsOf: (name: string | null) => void;
  toggleLogService: (name: string) => void;
  /** Another stack is shown: what was read of the last one (stats, the last action, log choice) goes. */
  forgetStack: () => void;
}

export const createRuntimeSlice: StateCreator<RuntimeSlice, [], [], RuntimeSlice> = (set, get) => ({
  engine: null,
  watch: { active: false, paths: [], events: [] },
  services: {},
  overall: { state: 'idle', words: 'not running', running: false },
  busy: {},
  lastAction: null,
  logs: new LogBuffer(MAX_LOG_LINES),
  logVersion: 0,
  logServices: [],
  stats: {},
  statsHistory: new StatsHistory(),
  statsVersion: 0,
  applyStats: (batch) => {
    const { statsHistory, stats } = get();
    statsHistory.add(batch);
    const next: Record<string, ServiceStatsView> = {};
    for (const r of batch) {
      const old = stats[r.service];
      next[r.service] = old && sameFigures(old, r) ? old : r;
    }
    set({ stats: next, statsVersion: statsHistory.version });
  },
  applyServiceState: (s) => set((st) => ({ services: { ...st.services, [s.name]: s } })),
  applyServiceStates: (list) =>
    set((st) => ({ services: { ...st.services, ...Object.fromEntries(list.map((s) => [s.name, s])) } })),
  applySnapshot: (engine, services, overall) =>
    set({ engine, overall, services: Object.fromEntries(services.map((s) => [s.name, s])) }),
  applyOverall: (overall) => set({ overall }),
  applyEngine: (engine) => set({ engine }),
  applyWatch: (watch) => set({ watch }),
  forgetStack: () =>
    set((st) => ({
      stats: {},
      statsHistory: new StatsHistory(),
      statsVersion: st.statsVersion + 1,
      lastAction: null,
      logServices: [],
    })),
  appendLogs: (lines) => {
    const { logs } = get();
    if (logs.append(lines)) set({ logVersion: logs.version });
  },
  resetLogs: (lines) => {
    const { logs } = get();
    logs.reset(lines);
    set({ logVersion: logs.version });
  },
  setBusy: (key, busy) => set((st) => ({ busy: { ...st.busy, [key]: busy } })),
  setLastAction: (lastAction) => set({ lastAction }),
  showLogsOf: (name) => set({ logServices: name === null ? [] : [name] }),
  toggleLogService: (name) =>
    set((st) => ({
      logServices: st.logServices.includes(name) ? st.logServices.filter((n) => n !== name) : [...st.logServices, name],
    })),
});

/** Equal as the table shows them: a row re-renders only when one of its figures would change. */
function sameFigures(a: ServiceStatsView, b: ServiceStatsView): boolean {
  return (
    a.containers === b.containers &&
    Math.abs(a.cpuPercent - b.cpuPercent) < 0.05 &&
    Math.abs(a.memoryBytes - b.memoryBytes) < 64 * 1024 &&
    a.memoryLimitBytes === b.memoryLimitBytes
  );
}
