import { create } from 'zustand';
import { createRuntimeSlice } from './runtime-slice';
import type { RuntimeSlice } from './runtime-slice';
import { createStackSlice } from './stack-slice';
import type { StackSlice } from './stack-slice';
import { createUiSlice } from './ui-slice';
import { createHistorySlice } from './history-slice';
import type { HistorySlice } from './history-slice';
import type { UiSlice } from './ui-slice';

export type AppState = StackSlice & UiSlice & RuntimeSlice & HistorySlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createStackSlice(...a),
  ...createUiSlice(...a),
  ...createRuntimeSlice(...a),
  ...createHistorySlice(...a),
}));
