import { isInvokeChannel } from '../../preload/contract';
import type { AppInfo, EventChannel, EventMap, InvokeChannel, InvokeMap, InvokeResponse, LogsFetchRequest, LogsSearchRequest, OpenStackRequest } from '../../preload/contract';
import type { StackRuntime } from './stack-runtime';
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

function serviceName(channel: string, args: unknown[]): string {
  const [name] = args;
  if (args.length !== 1 || typeof name !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) throw new PayloadError(`${channel} takes one service name`);
  return name;
}

function optionalServices(value: unknown, channel: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new PayloadError(`${channel}: services must be a list of names`);
  return value as string[];
}

function logsFetchRequest(args: unknown[]): LogsFetchRequest {
  const [req] = args;
  if (args.length !== 1 || typeof req !== 'object' || req === null) throw new PayloadError('logs:fetch takes { services?, afterSeq?, limit? }');
  const { services, afterSeq, limit } = req as Record<string, unknown>;
  if (afterSeq !== undefined && (typeof afterSeq !== 'number' || afterSeq < 0)) throw new PayloadError('logs:fetch: afterSeq must be a number');
  if (limit !== undefined && (typeof limit !== 'number' || limit < 1 || limit > 100_000)) throw new PayloadError('logs:fetch: limit must be 1 to 100000');
  const list = optionalServices(services, 'logs:fetch');
  return { ...(list ? { services: list } : {}), ...(afterSeq !== undefined ? { afterSeq } : {}), ...(limit !== undefined ? { limit } : {}) };
}

function logsSearchRequest(args: unknown[]): LogsSearchRequest {
  const [req] = args;
  if (args.length !== 1 || typeof req !== 'object' || req === null) throw new PayloadError('logs:search takes { text, regex?, services? }');
  const { text, regex, services } = req as Record<string, unknown>;
  if (typeof text !== 'string' || text.length === 0 || text.length > 1000) throw new PayloadError('logs:search: text must be 1 to 1000 characters');
  if (regex !== undefined && typeof regex !== 'boolean') throw new PayloadError('logs:search: regex must be true or false');
  if (regex) {
    try {
      new RegExp(text);
    } catch (err) {
      throw new PayloadError(`logs:search: not a valid regular expression: ${(err as Error).message}`);
    }
  }
  const list = optionalServices(services, 'logs:search');
  return { text, ...(regex ? { regex } : {}), ...(list ? { services: list } : {}) };
}

export function createHandlers(session: StackSession, info: AppInfo, runtime: StackRuntime): ContractHandlers {
  return {
    'stack:up': (...args) => {
      noArgs('stack:up', args);
      return runtime.up();
    },
    'stack:down': (...args) => {
      noArgs('stack:down', args);
      return runtime.down();
    },
    'service:start': (...args) => runtime.start(serviceName('service:start', args)),
    'service:stop': (...args) => runtime.stop(serviceName('service:stop', args)),
    'service:restart': (...args) => runtime.restart(serviceName('service:restart', args)),
    'service:reset-circuit': (...args) => runtime.resetCircuit(serviceName('service:reset-circuit', args)),
    'runtime:snapshot': (...args) => {
      noArgs('runtime:snapshot', args);
      return Promise.resolve(runtime.snapshot());
    },
    'logs:fetch': (...args) => Promise.resolve(runtime.logs(logsFetchRequest(args))),
    'logs:search': (...args) => runtime.search(logsSearchRequest(args)),
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
