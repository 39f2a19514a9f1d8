import type { Clock } from '../engine/clock';
import type { AppInfo, EventChannel, EventMap } from '../../preload/contract';
import { createHandlers, forwardEvents } from './handlers';
import type { ContractHandlers } from './handlers';
import { StackRuntime } from '../core/stack-runtime';
import type { DriverFactory } from '../core/stack-runtime';
import { StackSession } from '../core/stack-session';
import type { SettingsStore } from '../core/settings-store';
import type { SessionEnvironment } from '../core/stack-session';

export type EventSink = <E extends EventChannel>(event: E, payload: EventMap[E]) => void;

export interface AppCore {
  session: StackSession;
  runtime: StackRuntime;
  handlers: ContractHandlers;
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
  const runtime = new StackRuntime(connect, clock, emit, environment.cwd, info.platform);
  const session = new StackSession(
    environment,
    (stack) => void runtime.attach(stack),
    settings,
    () => clock.now(),
  );
  forwardEvents(session, emit);
  return {
    session,
    runtime,
    handlers: createHandlers(session, info, runtime),
    addSink: (sink) => {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    close: () => runtime.close(),
  };
}
