import type { StateCreator } from 'zustand';
import type { RunView } from '../../../preload/contract';

/** The open stack's kept runs (oldest first), for the Timeline view. */
export interface HistorySlice {
  runs: RunView[];
  applyRuns: (runs: RunView[]) => void;
  /** A run just kept: added at the end (once, by id). */
  addRun: (run: RunView) => void;
}

/** As many as main keeps per stack. */
const RUNS_SHOWN = 50;

export const createHistorySlice: StateCreator<HistorySlice, [], [], HistorySlice> = (set) => ({
  runs: [],
  applyRuns: (runs) => set({ runs }),
  addRun: (run) => set((st) => ({ runs: [...st.runs.filter((r) => r.id !== run.id), run].slice(-RUNS_SHOWN) })),
});
