import type { Clock } from '../orchestrator/clock';
import type { AppInfo, EmitEvent } from '../../preload/contract';
import type { EngineChoice } from '../session/engine-choice';
import { createHandlers } from './handlers';
import type { ContractHandlers } from './handlers';
import { OpenStack } from '../session/open-stack';
import { StackSet } from '../session/stack-set';
import { StackSession } from '../session/stack-session';
import type { DriverFactory } from '../session/stack-session';
import { windowEvents } from './window-events';
import { SettingsStore } from '../session/settings-store';
import { SettingsService } from '../session/settings-service';
import type { SessionEnvironment } from '../session/stack-loader';

export type EventSink = EmitEvent;

export interface AppCore {
  /** The stacks open at once; `stacks.current` is the one the window shows. */
  stacks: StackSet;
  handlers: ContractHandlers;
  /** What the user chose in Settings. */
  settings: SettingsService;
  /** Where events go: the Electron window, browser-mode sockets. */
  addSink(sink: EventSink): () => void;
  close(): void;
}

/** How the app reaches engines: a connection to one (a docker context by name, none: docker's own choice), and those one can pick. */
export interface EngineAccess {
  connect: DriverFactory;
  choices: () => EngineChoice[];
}

/**
 * The one place the app's parts are put together, for Electron and browser mode alike. `historyDir`:
 * where each stack's runs are kept (the app's data folder); none: in memory.
 */
export function createAppCore(
  environment: SessionEnvironment,
  info: AppInfo,
  engines: EngineAccess,
  clock: Clock,
  settings?: SettingsStore,
  historyDir?: string,
): AppCore {
  const sinks = new Set<EventSink>();
  const emit: EventSink = (event, payload) => {
    for (const sink of sinks) sink(event, payload);
  };
  const told = windowEvents(emit);
  const preferences = new SettingsService(settings ?? new SettingsStore(undefined), (s) => told('settings:changed', s));
  const stacks = new StackSet(
    (stackEmit, nextRevision) => {
      const session = new StackSession(
        engines.connect,
        clock,
        stackEmit,
        environment.cwd,
        info.platform,
        undefined,
        historyDir,
      );
      session.configure(preferences.runnerOptions());
      return new OpenStack(
        environment,
        session,
        stackEmit,
        settings,
        () => clock.now(),
        clock,
        nextRevision,
        engines.choices,
      );
    },
    told,
    environment.cwd,
  );
  return {
    stacks,
    settings: preferences,
    handlers: createHandlers(stacks, info, preferences),
    addSink: (sink) => {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    close: () => stacks.closeAll(),
  };
}
