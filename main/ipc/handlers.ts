import { isInvokeChannel } from '../../preload/contract';
import type { AppInfo, EventChannel, EventMap, InvokeChannel, InvokeMap, InvokeResponse, OpenStackRequest } from '../../preload/contract';
import type { StackSession } from './stack-session';

/** One function per channel; the Electron bridge and browser mode both dispatch to these. */
export type ContractHandlers = {
  [C in InvokeChannel]: (...args: unknown[]) => Promise<InvokeMap[C]['result']>;
};

export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

function openRequest(value: unknown): OpenStackRequest {
  if (typeof value !== 'object' || value === null) throw new PayloadError('stack:open takes { path: string, profiles?: string[] }');
  const { path, profiles, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new PayloadError(`stack:open: unexpected field ${Object.keys(rest).join(', ')}`);
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || path.includes('\0')) {
    throw new PayloadError('stack:open: path must be a non-empty string');
  }
  if (profiles !== undefined && (!Array.isArray(profiles) || profiles.some((p) => typeof p !== 'string'))) {
    throw new PayloadError('stack:open: profiles must be a list of strings');
  }
  return { path, ...(profiles ? { profiles: profiles as string[] } : {}) };
}

function noArgs(channel: string, args: unknown[]): void {
  if (args.length > 0) throw new PayloadError(`${channel} takes no arguments`);
}

export function createHandlers(session: StackSession, info: AppInfo): ContractHandlers {
  return {
    'app:info': (...args) => {
      noArgs('app:info', args);
      return Promise.resolve(info);
    },
    'stack:open': (...args) => {
      if (args.length !== 1) throw new PayloadError('stack:open takes exactly one argument');
      return Promise.resolve(session.open(openRequest(args[0])));
    },
    'stack:current': (...args) => {
      noArgs('stack:current', args);
      return Promise.resolve(session.view);
    },
  };
}

/** Wires the session's changes to an event sink (IPC `webContents.send`, or a WebSocket). */
export function forwardEvents(session: StackSession, emit: <E extends EventChannel>(event: E, payload: EventMap[E]) => void): () => void {
  return session.subscribe((view) => emit('stack:changed', view));
}

/**
 * Runs one call from the other side: unknown channels and bad payloads are refused, and every failure
 * comes back as `{ error }` data, never as a lost stack trace.
 */
export async function dispatchInvoke(handlers: ContractHandlers, channel: unknown, args: unknown): Promise<InvokeResponse<unknown>> {
  if (!isInvokeChannel(channel)) return { error: { name: 'PayloadError', message: `unknown channel ${JSON.stringify(channel)}`, code: 'unknown-channel' } };
  if (!Array.isArray(args)) return { error: { name: 'PayloadError', message: 'arguments must be a list', code: 'bad-payload' } };
  try {
    return { result: await handlers[channel](...(args as unknown[])) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { error: { name: e.name, message: e.message, ...(e instanceof PayloadError ? { code: 'bad-payload' } : {}) } };
  }
}
