import type { SessionEmit, SessionEvent, SessionEvents } from '../session/session-events';
import type { EmitEvent, EventMap } from '../../preload/contract';
import { logViews, stateView } from './views/runtime-views';
import { shownView } from './views/stack-view';

/** Each session event as the window's: the ones with views of their own built here, the rest as they are. */
const toWindow: { [E in SessionEvent]: (payload: SessionEvents[E]) => EventMap[E] } = {
  'stack:changed': shownView,
  'stacks:changed': (p) => p,
  'stack:overall': (p) => p,
  'service:state': stateView,
  'engine:status': (p) => p,
  'logs:batch': logViews,
  'stats:batch': (p) => p,
  'history:recorded': (p) => p,
  'app:notice': (p) => p,
  'watch:changed': (p) => p,
  'settings:changed': (p) => p,
  'terminal:output': (p) => p,
  'terminal:exit': (p) => p,
};

/** The session's events, told to the window (and browser-mode sockets) through `emit` in the contract's shapes. */
export function windowEvents(emit: EmitEvent): SessionEmit {
  return (event, payload) => {
    const view = toWindow[event] as (p: typeof payload) => EventMap[typeof event];
    emit(event, view(payload));
  };
}
