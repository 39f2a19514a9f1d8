import type { StateCreator } from 'zustand';
import type { StackLoadView } from '../../../preload/contract';

export type Connection = 'connecting' | 'open' | 'closed';

export interface StackSlice {
  connection: Connection;
  stack: StackLoadView | null;
  /** A failure talking to main (not a problem in the compose file: those are in `stack`). */
  loadError: string | null;
  opening: boolean;
  setConnection: (c: Connection) => void;
  applyStack: (view: StackLoadView | null) => void;
  setOpening: (opening: boolean) => void;
  setLoadError: (message: string | null) => void;
}

export const createStackSlice: StateCreator<StackSlice, [], [], StackSlice> = (set) => ({
  connection: 'connecting',
  stack: null,
  loadError: null,
  opening: false,
  setConnection: (connection) => set({ connection }),
  // The same view arrives twice for one open (the command's answer and the stack:changed event): keeping
  // the first object means views keyed on it (the checklist's probes) do not run again for nothing.
  applyStack: (stack) => set((st) => ({ stack: st.stack !== null && stack !== null && JSON.stringify(st.stack) === JSON.stringify(stack) ? st.stack : stack, loadError: null })),
  setOpening: (opening) => set({ opening }),
  setLoadError: (loadError) => set({ loadError }),
});
