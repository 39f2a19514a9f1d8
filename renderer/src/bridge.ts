import type {
  InvokeChannel,
  InvokeMap,
  ActionResult,
  AdviceView,
  AdviceWrittenView,
  ServiceStateView,
  StackLoadView,
  StackpilotApi,
} from '../../preload/contract';
import { useAppStore } from './store';
import { MAX_LOG_LINES } from './store/runtime-slice';
import { bridgeApi, describeFailure, webSocketApi } from './transport';

let api: StackpilotApi | null = null;

/** A terminal's listeners, by its id: the bridge hears every terminal's events and hands each its own. */
export interface TerminalListener {
  output: (data: string) => void;
  exit: (exitCode: number) => void;
}
const terminals = new Map<string, TerminalListener>();

export function listenToTerminal(id: string, listener: TerminalListener): () => void {
  terminals.set(id, listener);
  return () => void terminals.delete(id);
}

/**
 * Service changes come one message each; while a stack comes up that is hundreds a second. They are
 * applied together, at most every 16 ms (a frame), each service's newest one: one store update and one
 * render of the rows touched, instead of one per message. (A timer, not requestAnimationFrame: a
 * hidden window must keep its state current.)
 */
const pendingStates = new Map<string, ServiceStateView>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function queueServiceState(s: ServiceStateView): void {
  pendingStates.set(s.name, s);
  flushTimer ??= setTimeout(flushServiceStates, 16);
}

function flushServiceStates(): void {
  flushTimer = undefined;
  if (pendingStates.size === 0) return;
  const list = [...pendingStates.values()];
  pendingStates.clear();
  useAppStore.getState().applyServiceStates(list);
}

/**
 * Reads the runtime's state and logs again (after connecting, or when another stack opens). `show`:
 * what to put on screen once the states are in hand, with them (another stack's load).
 */
async function syncRuntime(a: StackpilotApi, show?: () => void): Promise<void> {
  const snapshot = await a.invoke('runtime:snapshot');
  show?.();
  // Changes queued before the snapshot are older than it.
  pendingStates.clear();
  useAppStore.getState().applySnapshot(snapshot.engine, snapshot.services, snapshot.overall);
  useAppStore.getState().applyWatch(snapshot.watch);
  useAppStore.getState().resetLogs(await a.invoke('logs:fetch', { limit: MAX_LOG_LINES }));
  useAppStore.getState().applyRuns(await a.invoke('history:list'));
}

const projectDirOf = (v: StackLoadView): string => (v.status === 'loaded' ? v.stack.projectDir : v.projectDir);

/** Shows a load; a load of another stack (a switch) first drops what was read of the last one. */
function showStack(view: StackLoadView): void {
  const store = useAppStore.getState();
  const before = store.stack;
  if (before && projectDirOf(before) !== projectDirOf(view) && view.revision > before.revision) {
    store.forgetStack();
    store.select(null);
  }
  store.applyStack(view);
}

/** Closes one of the open stacks (its containers keep running). */
export async function closeStack(path: string): Promise<void> {
  useAppStore.getState().applyOpenStacks(await connect().invoke('stack:close', path));
}

/** The one module that talks to main: it feeds the store; components never subscribe to IPC. */
export function connect(): StackpilotApi {
  if (api) return api;
  const store = useAppStore.getState();
  if (window.stackpilot) {
    api = bridgeApi(window.stackpilot);
    store.setConnection('open');
  } else {
    api = webSocketApi((status) => useAppStore.getState().setConnection(status));
  }
  const a = api;
  a.on('stack:changed', (view) => {
    const before = useAppStore.getState().stack;
    // Another stack is shown with its states: shown before them, its running services would read
    // "defined" until the snapshot came.
    if (before && projectDirOf(before) !== projectDirOf(view)) {
      void syncRuntime(a, () => showStack(view)).catch(() => showStack(view));
      return;
    }
    showStack(view);
    void syncRuntime(a).catch(() => undefined);
  });
  a.on('service:state', queueServiceState);
  a.on('stack:overall', (o) => useAppStore.getState().applyOverall(o));
  a.on('engine:status', (e) => useAppStore.getState().applyEngine(e));
  a.on('logs:batch', (lines) => useAppStore.getState().appendLogs(lines));
  a.on('stats:batch', (batch) => useAppStore.getState().applyStats(batch));
  a.on('app:notice', (notice) => useAppStore.getState().pushNotice(notice));
  a.on('app:command', (command) => useAppStore.getState().requestCommand(command));
  a.on('settings:changed', (v) => useAppStore.getState().applySettings(v));
  a.on('terminal:output', ({ id, data }) => terminals.get(id)?.output(data));
  a.on('stacks:changed', (v) => useAppStore.getState().applyOpenStacks(v));
  a.on('watch:changed', (w) => useAppStore.getState().applyWatch(w));
  a.on('history:recorded', ({ run }) => useAppStore.getState().addRun(run));
  a.on('terminal:exit', ({ id, exitCode }) => terminals.get(id)?.exit(exitCode));
  void a
    .invoke('settings:get')
    .then((v) => useAppStore.getState().applySettings(v))
    .catch(() => undefined);
  void a
    .invoke('app:info')
    .then((info) => useAppStore.getState().setAppMode(info.mode))
    .catch(() => undefined);
  void a
    .invoke('stacks:list')
    .then((v) => useAppStore.getState().applyOpenStacks(v))
    .catch(() => undefined);
  void a
    .invoke('stack:recent')
    .then((recent) => useAppStore.getState().setRecent(recent))
    .catch(() => undefined);
  a.invoke('stack:current')
    .then((view) => useAppStore.getState().applyStack(view))
    .then(() => syncRuntime(a))
    .catch((err: unknown) => useAppStore.getState().setLoadError(describeFailure(err)));
  return a;
}

/** Gives the open stack the variables it asked for; the reloaded stack arrives as stack:changed too. */
export async function setVariables(values: Record<string, string>, save: boolean): Promise<void> {
  useAppStore.getState().applyStack(await connect().invoke('stack:set-variables', { values, save }));
}

export async function openStack(path: string, projectName?: string): Promise<void> {
  const store = useAppStore.getState();
  store.setOpening(true);
  try {
    const view = await connect().invoke('stack:open', { path, ...(projectName ? { projectName } : {}) });
    showStack(view);
    // What was opened is what the window shows, from the home view too.
    useAppStore.getState().setHome(false);
    useAppStore.getState().setRecent(await connect().invoke('stack:recent'));
  } catch (err) {
    store.setLoadError(describeFailure(err));
  } finally {
    useAppStore.getState().setOpening(false);
  }
}

/** Runs a stack or service command; its button shows it is busy, and the result is said. */
export async function runAction(key: string, action: (a: StackpilotApi) => Promise<ActionResult>): Promise<void> {
  const store = useAppStore.getState();
  if (store.busy[key]) return;
  store.setBusy(key, true);
  try {
    store.setLastAction(await action(connect()));
  } catch (err) {
    store.setLastAction({ ok: false, message: describeFailure(err), cli: '' });
  } finally {
    useAppStore.getState().setBusy(key, false);
  }
}

/** The healthcheck advisor's findings for the open stack (made anew each time). */
export function fetchAdvice(): Promise<AdviceView> {
  return connect().invoke('stack:advise');
}

/** One call on the contract, for a component that only needs its answer: the bridge holds the connection. */
export function request<C extends InvokeChannel>(
  channel: C,
  ...args: InvokeMap[C]['args']
): Promise<InvokeMap[C]['result']> {
  return connect().invoke(channel, ...args);
}

/** Writes the override as it was shown; main refuses if it would now differ. */
export function writeAdvice(after: string): Promise<AdviceWrittenView> {
  return connect().invoke('stack:advise-write', after);
}
