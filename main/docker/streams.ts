import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type {
  ContainerEvent,
  ContainerEventAction,
  EventSubscription,
  HealthState,
  LogLine,
  LogOptions,
  Subscription,
} from '../orchestrator/driver';
import { LineSplitter } from './line-splitter';
import { parseLogFrames } from './log-frames';
import type { RawStats } from '../orchestrator/stats';

const EVENT_ACTIONS: ContainerEventAction[] = [
  'create',
  'start',
  'die',
  'health_status',
  'stop',
  'kill',
  'destroy',
  'restart',
  'oom',
  'pause',
  'unpause',
];

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/** Podman's names for Docker's events. */
const PODMAN_ACTIONS: Record<string, ContainerEventAction> = { remove: 'destroy', died: 'die' };

export function parseEvent(raw: RawEvent): ContainerEvent | undefined {
  if (raw.Type !== 'container' || !raw.Action || !raw.Actor?.ID) return undefined;
  // Health events arrive as "health_status: healthy"; exec events (ours, from fast readiness) are noise.
  const [head = '', detail] = raw.Action.split(': ');
  const action = PODMAN_ACTIONS[head] ?? (head as ContainerEventAction);
  if (!EVENT_ACTIONS.includes(action)) return undefined;
  const attrs = raw.Actor.Attributes ?? {};
  const time = raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000;
  const event: ContainerEvent = { action, containerId: raw.Actor.ID, labels: attrs, time };
  if (action === 'health_status' && detail) event.health = detail.trim() as HealthState;
  // Podman calls it containerExitCode.
  const exitCode = attrs.exitCode ?? attrs.containerExitCode;
  if (action === 'die' && exitCode !== undefined) event.exitCode = Number(exitCode);
  return event;
}

/** How one engine's event stream differs from Docker's. */
export interface EventDialect {
  /** Podman matches the `event` filter against its own names ("died"), so it gets none: filter here. */
  filtersActions: boolean;
  /** Podman's health_status event does not say the status: read it from the container. */
  healthOf?: (containerId: string) => Promise<HealthState | undefined>;
}

export const DOCKER_EVENTS: EventDialect = { filtersActions: true };

/** How many of the latest events a stream remembers, to drop one handed over again. */
const RECENT_EVENTS_KEPT = 256;

/** One subscription to the engine's event stream; a stream that ends or breaks is reported to `onEnd`. */
export function subscribeEvents(
  docker: Docker,
  labels: Record<string, string>,
  onEvent: (e: ContainerEvent) => void,
  onEnd: (error?: Error) => void,
  since?: number,
  dialect: EventDialect = DOCKER_EVENTS,
): EventSubscription {
  let stream: NodeJS.ReadableStream | undefined;
  let closed = false;
  const splitter = new LineSplitter();
  // Events stay in order even when one waits for its container's health to be read (Podman): only
  // then do they go through a queue; Docker's are handed on as they come.
  let queue: Promise<void> | undefined;
  // Podman's stream can hand the same event over twice (seen: a container's create, once in the
  // engine's own log): an event with the nanosecond, container and action of one just delivered is dropped.
  const recent = new Set<string>();
  const fresh = (raw: RawEvent): boolean => {
    const key = `${raw.timeNano ?? raw.time ?? ''} ${raw.Actor?.ID ?? ''} ${raw.Action ?? ''}`;
    if (recent.has(key)) return false;
    recent.add(key);
    if (recent.size > RECENT_EVENTS_KEPT) recent.delete(recent.values().next().value as string);
    return true;
  };
  const deliver = (event: ContainerEvent): void => {
    const { healthOf } = dialect;
    const needsHealth = event.action === 'health_status' && !event.health && healthOf;
    if (!queue && !needsHealth) return onEvent(event);
    queue = (queue ?? Promise.resolve()).then(async () => {
      const health = needsHealth ? await healthOf(event.containerId).catch(() => undefined) : undefined;
      if (!closed) onEvent(health ? { ...event, health } : event);
    });
  };
  const ready = docker
    .getEvents({
      filters: {
        type: ['container'],
        label: Object.entries(labels).map(([k, v]) => `${k}=${v}`),
        ...(dialect.filtersActions ? { event: EVENT_ACTIONS } : {}),
      },
      ...(since !== undefined ? { since: Math.floor(since / 1000) } : {}),
    })
    .then((s) => {
      stream = s;
      if (closed) return destroy(s);
      s.on('data', (chunk: Buffer) =>
        splitter.push(chunk, (line) => {
          if (!line.trim()) return;
          try {
            const raw = JSON.parse(line) as RawEvent;
            const event = parseEvent(raw);
            if (event && fresh(raw)) deliver(event);
          } catch {
            // A line that is not JSON is not an event; the stream goes on.
          }
        }),
      );
      s.on('end', () => !closed && onEnd());
      s.on('error', (err: Error) => !closed && onEnd(err));
    })
    .catch((err: unknown) => {
      if (!closed) onEnd(err as Error);
    });
  return {
    ready,
    close() {
      closed = true;
      if (stream) destroy(stream);
    },
  };
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}

function splitTimestamp(line: string): { timestamp: string; text: string } {
  const space = line.indexOf(' ');
  return space < 0 ? { timestamp: line, text: '' } : { timestamp: line.slice(0, space), text: line.slice(space + 1) };
}

export function followLogs(
  container: Docker.Container,
  docker: Docker,
  opts: LogOptions,
  onLine: (l: LogLine) => void,
  onEnd?: (error?: Error) => void,
): Subscription {
  let stream: NodeJS.ReadableStream | undefined;
  let closed = false;
  const base = {
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.until !== undefined ? { until: opts.until } : {}),
    ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
  };
  // A TTY ends its lines with \r\n.
  const emit = (stream: LogLine['stream'], line: string): void =>
    onLine({ stream, ...splitTimestamp(line.endsWith('\r') ? line.slice(0, -1) : line) });
  // A container with a TTY has one raw stream, not Docker's multiplexed frames.
  const tty = container.inspect().then(
    (i) => i.Config.Tty,
    () => false,
  );
  if (!opts.follow) {
    void tty
      .then(async (raw) => {
        const buf = await container.logs({ ...base, follow: false });
        if (closed) return;
        const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
        const chunks = raw ? [{ stream: 'stdout' as const, text: buf.toString('utf8') }] : parseLogFrames(buf);
        for (const c of chunks) splitters[c.stream].push(c.text, (l) => emit(c.stream, l));
        for (const s of ['stdout', 'stderr'] as const) splitters[s].flush((l) => emit(s, l));
        onEnd?.();
      })
      .catch((err: unknown) => onEnd?.(err as Error));
    return { close: () => void (closed = true) };
  }
  void tty
    .then(async (raw) => {
      const s = await container.logs({ ...base, follow: true });
      stream = s;
      if (closed) return destroy(s);
      const out = new PassThrough();
      const err = new PassThrough();
      const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
      out.on('data', (c: Buffer) => splitters.stdout.push(c, (l) => emit('stdout', l)));
      err.on('data', (c: Buffer) => splitters.stderr.push(c, (l) => emit('stderr', l)));
      if (raw) s.pipe(out);
      else docker.modem.demuxStream(s, out, err);
      s.on('end', () => {
        for (const name of ['stdout', 'stderr'] as const) splitters[name].flush((l) => emit(name, l));
        if (!closed) onEnd?.();
      });
      s.on('error', (e: Error) => !closed && onEnd?.(e));
    })
    .catch((e: unknown) => !closed && onEnd?.(e as Error));
  return {
    close() {
      closed = true;
      if (stream) destroy(stream);
    },
  };
}

/** `docker stats`' stream: one JSON document a line, each with the previous sample for the CPU delta. */
export function followStats(
  container: Docker.Container,
  onSample: (raw: RawStats) => void,
  onEnd?: (error?: Error) => void,
): Subscription {
  let stream: NodeJS.ReadableStream | undefined;
  let closed = false;
  void container
    .stats({ stream: true })
    .then((s) => {
      stream = s;
      if (closed) return destroy(s);
      const lines = new LineSplitter();
      const take = (line: string): void => {
        if (line.trim() === '') return;
        try {
          onSample(JSON.parse(line) as RawStats);
        } catch {
          // A document cut by the stream's end is not a reading.
        }
      };
      s.on('data', (c: Buffer) => lines.push(c, take));
      s.on('end', () => {
        lines.flush(take);
        if (!closed) onEnd?.();
      });
      s.on('error', (e: Error) => !closed && onEnd?.(e));
    })
    .catch((e: unknown) => !closed && onEnd?.(e as Error));
  return {
    close() {
      closed = true;
      if (stream) destroy(stream);
    },
  };
}
