import type { StateCreator } from 'zustand';
import type { AppCommand, AppInfo, NoticeView, RecentStack, SettingsView } from '../../../preload/contract';

export type GroupBy = 'group' | 'level';
export type ServicesView = 'list' | 'graph' | 'timeline';
export type SortKey = 'name' | 'state' | 'uptime' | 'restarts' | 'cpu' | 'memory';
export type DetailTab = 'overview' | 'logs' | 'terminal' | 'stats' | 'inspect' | 'timeline';

export interface TableSort {
  key: SortKey;
  descending: boolean;
}

export interface ShownNotice extends NoticeView {
  id: number;
}

const MAX_NOTICES = 4;

export interface UiSlice {
  groupBy: GroupBy;
  servicesView: ServicesView;
  /** The service under the pointer or keyboard focus: its dependencies and dependents light up. */
  focused: string | null;
  /** The service whose detail pane is open (Enter or a click on its row). */
  selected: string | null;
  detailTab: DetailTab;
  /** Text the table is filtered by (name, group, image, reason); `/` focuses it. */
  filterText: string;
  onlyFailing: boolean;
  /** null: start order, as the stack comes up. */
  sort: TableSort | null;
  /** null until the user chooses: open for a small stack, folded for one whose table needs the room. */
  logsDockOpen: boolean | null;
  /** The home view (every stack on the engine, recent ones) instead of the open stack. */
  home: boolean;
  settings: SettingsView | null;
  appMode: AppInfo['mode'] | null;
  notices: ShownNotice[];
  recent: RecentStack[];
  /** A menu command from the shell, for the view that handles it; `seq` makes repeats count. */
  command: { name: AppCommand; seq: number } | null;
  setGroupBy: (g: GroupBy) => void;
  setServicesView: (v: ServicesView) => void;
  setFocused: (name: string | null) => void;
  select: (name: string | null, tab?: DetailTab) => void;
  setDetailTab: (tab: DetailTab) => void;
  setFilterText: (text: string) => void;
  setOnlyFailing: (on: boolean) => void;
  /** A header click: sorts by that column, then the other way, then back to start order. */
  sortBy: (key: SortKey) => void;
  setLogsDockOpen: (open: boolean) => void;
  setHome: (home: boolean) => void;
  applySettings: (settings: SettingsView) => void;
  setAppMode: (mode: AppInfo['mode']) => void;
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
  selected: null,
  detailTab: 'overview',
  filterText: '',
  onlyFailing: false,
  sort: null,
  logsDockOpen: null,
  home: false,
  settings: null,
  appMode: null,
  notices: [],
  recent: [],
  command: null,
  setGroupBy: (groupBy) => set({ groupBy }),
  setServicesView: (servicesView) => set({ servicesView }),
  setFocused: (focused) => set({ focused }),
  select: (selected, tab) => set((st) => ({ selected, detailTab: tab ?? st.detailTab })),
  setDetailTab: (detailTab) => set({ detailTab }),
  setFilterText: (filterText) => set({ filterText }),
  setOnlyFailing: (onlyFailing) => set({ onlyFailing }),
  sortBy: (key) =>
    set((st) => ({
      sort:
        st.sort?.key !== key
          ? { key, descending: key !== 'name' && key !== 'state' }
          : st.sort.descending === (key !== 'name' && key !== 'state')
            ? { key, descending: !st.sort.descending }
            : null,
    })),
  setLogsDockOpen: (logsDockOpen) => set({ logsDockOpen }),
  setHome: (home) => set({ home }),
  applySettings: (settings) => set({ settings }),
  setAppMode: (appMode) => set({ appMode }),
  pushNotice: (n) => set((st) => ({ notices: [...st.notices, { ...n, id: nextNotice++ }].slice(-MAX_NOTICES) })),
  dismissNotice: (id) => set((st) => ({ notices: st.notices.filter((n) => n.id !== id) })),
  setRecent: (recent) => set({ recent }),
  requestCommand: (name) => set((st) => ({ command: { name, seq: (st.command?.seq ?? 0) + 1 } })),
});
