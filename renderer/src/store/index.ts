import { create } from 'zustand';
import { createStackSlice } from './stack-slice';
import type { StackSlice } from './stack-slice';
import { createUiSlice } from './ui-slice';
import type { UiSlice } from './ui-slice';

export type AppState = StackSlice & UiSlice;

export const useAppStore = create<AppState>()((...a) => ({ ...createStackSlice(...a), ...createUiSlice(...a) }));
