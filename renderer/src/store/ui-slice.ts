import type { StateCreator } from 'zustand';
import type { AppCommand, NoticeView, RecentStack } from '../../../preload/contract';

export type GroupBy = 'group' | 'level';
export type ServicesView = 'list' | 'graph';

export interface ShownNotice extends NoticeView {
  id: number;
}

const MAX_NOTICES = 4;

export interface UiSlice {
  groupBy: GroupBy;
  servicesView: ServicesView;
  /** The service under the pointer or keyboard focus: its dependencies and dependents light up. */
  focused: string | null;
  notices: ShownNotice[];
  recent: RecentStack[];
  /** A menu command from the shell, for the view that handles it; `seq` makes repeats count. */
  command: { name: AppCommand; seq: number } | null;
  setGroupBy: (g: GroupBy) => void;
  setServicesView: (v: ServicesView) => void;
  setFocused: (name: string | null) => void;
  pushNotice: (n: NoticeView) => void;
  dismissNotice: (id: number) => void;
  setRecent: (recent: RecentStack[]) => void;
  requestCommand: (name: AppCommand) => void;
}

let nextNotice = 1;

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  groupBy: 'group',
  servicesView: 'list',
  focused: null,
  notices: [],
  recent: [],
  command: null,
  setGroupBy: (groupBy) => set({ groupBy }),
  setServicesView: (servicesView) => set({ servicesView }),
  setFocused: (focused) => set({ focused }),
  pushNotice: (n) => set((st) => ({ notices: [...st.notices, { ...n, id: nextNotice++ }].slice(-MAX_NOTICES) })),
  dismissNotice: (id) => set((st) => ({ notices: st.notices.filter((n) => n.id !== id) })),
  setRecent: (recent) => set({ recent }),
  requestCommand: (name) => set((st) => ({ command: { name, seq: (st.command?.seq ?? 0) + 1 } })),
});
