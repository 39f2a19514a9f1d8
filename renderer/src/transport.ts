import type {
  BridgeApi,
  ContractErrorData,
  EventChannel,
  EventMap,
  InvokeChannel,
  InvokeMap,
  StackpilotApi,
} from '../../preload/contract';

/** A failure on the other side of the contract, with its code and what to do; the same on both transports. */
export class ContractError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  constructor(data: ContractErrorData) {
    super(data.message);
    this.name = data.name;
    this.code = data.code;
    this.hint = data.hint;
  }
}

/** The words a person reads for a failure: the message, then what to do. */
export function describeFailure(err: unknown): string {
  if (err instanceof ContractError && err.hint) return `${err.message} — ${err.hint}`;
  return err instanceof Error ? err.message : String(err);
}

/** Electron: the preload answers as data; this throws the typed error, as webSocketApi does. */
export function bridgeApi(bridge: BridgeApi): StackpilotApi {
  return {
    async invoke<C extends InvokeChannel>(channel: C, ...args: InvokeMap[C]['args']): Promise<InvokeMap[C]['result']> {
      const response = await bridge.invoke(channel, ...args);
      if ('error' in response) throw new ContractError(response.error);
      return response.result;
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/**
 * Browser mode: the same contract as the preload's, over a WebSocket to main/web. The token comes from
 * the URL the server printed.
 */
export function webSocketApi(onStatus: (status: 'open' | 'closed') => void): StackpilotApi {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const socket = new WebSocket(
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`,
  );
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      onStatus('open');
      resolve();
    });
    socket.addEventListener('error', () =>
      reject(
        new ContractError({
          name: 'ConnectionError',
          code: 'connection-failed',
          message: 'cannot connect to Stackpilot (is the server still running, and is the token in the URL right?)',
        }),
      ),
    );
  });
  socket.addEventListener('close', () => {
    onStatus('closed');
    for (const p of pending.values())
      p.reject(
        new ContractError({
          name: 'ConnectionError',
          code: 'connection-closed',
          message: 'the connection to Stackpilot closed',
        }),
      );
    pending.clear();
  });
  socket.addEventListener('message', (e: MessageEvent<string>) => {
    const msg = JSON.parse(e.data) as {
      type: string;
      id?: number;
      result?: unknown;
      error?: ContractErrorData;
      event?: string;
      payload?: unknown;
    };
    if (msg.type === 'response' && msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new ContractError(msg.error));
      else p?.resolve(msg.result);
    } else if (msg.type === 'event' && msg.event) {
      listeners.get(msg.event)?.forEach((l) => l(msg.payload));
    }
  });
  return {
    async invoke<C extends InvokeChannel>(channel: C, ...args: InvokeMap[C]['args']): Promise<InvokeMap[C]['result']> {
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ id, channel, args }));
      });
    },
    on<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      const wrapped = (p: unknown): void => listener(p as EventMap[E]);
      set.add(wrapped);
      listeners.set(event, set);
      return () => set.delete(wrapped);
    },
  };
}
