import type { StateCreator } from 'zustand';

export type GroupBy = 'group' | 'level';

export interface UiSlice {
  groupBy: GroupBy;
  /** The service under the pointer or keyboard focus: its dependencies and dependents light up. */
  focused: string | null;
  setGroupBy: (g: GroupBy) => void;
  setFocused: (name: string | null) => void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  groupBy: 'group',
  focused: null,
  setGroupBy: (groupBy) => set({ groupBy }),
  setFocused: (focused) => set({ focused }),
});
