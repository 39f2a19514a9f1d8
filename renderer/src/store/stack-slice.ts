import type { StateCreator } from 'zustand';
import type { OpenStacksView, StackLoadView } from '../../../preload/contract';

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
  /** Every stack open at once (the header switches between them). */
  openStacks: OpenStacksView;
  applyOpenStacks: (v: OpenStacksView) => void;
}

export const createStackSlice: StateCreator<StackSlice, [], [], StackSlice> = (set) => ({
  connection: 'connecting',
  stack: null,
  loadError: null,
  opening: false,
  openStacks: { stacks: [] },
  applyOpenStacks: (openStacks) => set({ openStacks }),
  setConnection: (connection) => set({ connection }),
  // One load is one revision, whether it comes as the command's answer or as stack:changed: a revision
  // the window has (or an older one, answered late) changes nothing, so what is keyed on the view (the
  // checklist's probes) runs once per load.
  applyStack: (stack) =>
    set((st) =>
      st.stack !== null && stack !== null && stack.revision <= st.stack.revision
        ? { loadError: null }
        : { stack, loadError: null },
    ),
  setOpening: (opening) => set({ opening }),
  setLoadError: (loadError) => set({ loadError }),
});
