import type { Clock } from '../engine/clock';
import type { AppInfo, EventChannel, EventMap } from '../../preload/contract';
import { createHandlers } from './handlers';
import type { ContractHandlers } from './handlers';
import { OpenStack } from '../core/open-stack';
import { StackRuntime } from '../core/stack-runtime';
import type { DriverFactory } from '../core/stack-runtime';
import { SettingsStore } from '../core/settings-store';
import { SettingsService } from '../core/settings-service';
import type { SessionEnvironment } from '../core/stack-loader';

export type EventSink = <E extends EventChannel>(event: E, payload: EventMap[E]) => void;

export interface AppCore {
  /** The open stack: what loaded and what runs, one owner for both. */
  stack: OpenStack;
  handlers: ContractHandlers;
  /** What the user chose in Settings. */
  settings: SettingsService;
  /** Where events go: the Electron window, browser-mode sockets. */
  addSink(sink: EventSink): () => void;
  close(): void;
}

/** The one place the app's parts are put together, for Electron and browser mode alike. */
export function createAppCore(environment: SessionEnvironment, info: AppInfo, connect: DriverFactory, clock: Clock, settings?: SettingsStore): AppCore {
  const sinks = new Set<EventSink>();
  const emit: EventSink = (event, payload) => {
    for (const sink of sinks) sink(event, payload);
  };
  const preferences = new SettingsService(settings ?? new SettingsStore(undefined), emit);
  const runtime = new StackRuntime(connect, clock, emit, environment.cwd, info.platform);
  runtime.configure(preferences.runnerOptions());
  const stack = new OpenStack(environment, runtime, emit, settings, () => clock.now(), clock);
  return {
    stack,
    settings: preferences,
    handlers: createHandlers(stack, info, preferences),
    addSink: (sink) => {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    close: () => stack.close(),
  };
}
