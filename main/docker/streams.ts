import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { AttachedIO, ContainerEvent, ContainerEventAction, EventSubscription, ExecOptions, ExecResult, HealthState, LogLine, LogOptions, Subscription } from '../orchestrator/driver';
import { LineSplitter } from './line-splitter';
import { parseLogFrames } from './log-frames';
import type { RawStats } from '../orchestrator/stats';

const EVENT_ACTIONS: ContainerEventAction[] = ['create', 'start', 'die', 'health_status', 'stop', 'kill', 'destroy', 'restart', 'oom', 'pause', 'unpause'];

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
      filters: { type: ['container'], label: Object.entries(labels).map(([k, v]) => `${k}=${v}`), ...(dialect.filtersActions ? { event: EVENT_ACTIONS } : {}) },
      ...(since !== undefined ? { since: Math.floor(since / 1000) } : {}),
    })
    .then((s) => {
      stream = s;
      if (closed) return destroy(s);
      s.on('data', (chunk: Buffer) =>
        splitter.push(chunk, (line) => {
          if (!line.trim()) return;
          try {
            const event = parseEvent(JSON.parse(line) as RawEvent);
            if (event) deliver(event);
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

export function followLogs(container: Docker.Container, docker: Docker, opts: LogOptions, onLine: (l: LogLine) => void, onEnd?: (error?: Error) => void): Subscription {
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
  const emit = (stream: LogLine['stream'], line: string): void => onLine({ stream, ...splitTimestamp(line.endsWith('\r') ? line.slice(0, -1) : line) });
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

/** Who and where an exec runs as, in the engine's words. */
function asWho(as: ExecOptions): Partial<Docker.ExecCreateOptions> {
  return {
    ...(as.user ? { User: as.user } : {}),
    ...(as.privileged ? { Privileged: true } : {}),
    ...(as.workingDir ? { WorkingDir: as.workingDir } : {}),
    ...(as.env?.length ? { Env: as.env } : {}),
  };
}

/** Runs a command in a container and collects its output; a timeout kills the wait, not the command. */
export async function execIn(container: Docker.Container, command: string[], timeoutMs: number, as: ExecOptions = {}): Promise<ExecResult> {
  const exec = await container.exec({
    Cmd: command,
    AttachStdout: true,
    AttachStderr: true,
    ...asWho(as),
  });
  const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & { destroy(): void };
  const chunks: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  const finished = await new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(true));
    stream.on('close', () => resolve(true));
    stream.on('error', () => resolve(true));
  });
  clearTimeout(timer);
  if (!finished) {
    stream.destroy();
    return { exitCode: -1, output: `timed out after ${timeoutMs} ms` };
  }
  const output = parseLogFrames(Buffer.concat(chunks))
    .map((c) => c.text)
    .join('');
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: output.trim() };
}

/**
 * An exec wired to the caller's streams, as `docker exec -it` (a TTY: one raw stream, resized with
 * the terminal) or `-T` (stdout and stderr apart). Resolves with the command's exit code.
 */
export async function execAttached(docker: Docker, container: Docker.Container, command: string[], io: AttachedIO, as: ExecOptions & { tty?: boolean; detach?: boolean }): Promise<number> {
  if (as.detach) {
    const exec = await container.exec({ Cmd: command, Tty: as.tty ?? false, ...asWho(as) });
    await exec.start({ Detach: true });
    return 0;
  }
  const tty = as.tty ?? false;
  const exec = await container.exec({
    Cmd: command,
    AttachStdin: io.stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    Tty: tty,
    ...asWho(as),
  });
  const stream = (await exec.start({ hijack: true, stdin: io.stdin !== undefined, Tty: tty })) as NodeJS.ReadWriteStream;
  // Listened for at once: a command that ends while the TTY is being sized must still be seen to end.
  const ended = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  if (tty) stream.pipe(io.stdout, { end: false });
  else docker.modem.demuxStream(stream, io.stdout, io.stderr);
  const out = io.stdout as NodeJS.WriteStream;
  const resize = (): Promise<void> =>
    exec.resize({ h: out.rows, w: out.columns }).then(
      () => undefined,
      () => undefined,
    );
  const onResize = (): void => void resize();
  if (tty && out.isTTY) {
    // Sized before the first keystroke goes in: a command typed at once sees the real size.
    await resize();
    out.on('resize', onResize);
  }
  if (io.stdin) io.stdin.pipe(stream);
  await ended;
  if (io.stdin) io.stdin.unpipe(stream);
  if (tty && out.isTTY) out.off('resize', onResize);
  return exitCodeOnceEnded(exec);
}

/**
 * The stream can close before the process has ended (stdin closed and the connection with it, while
 * a SIGHUP is still on its way), and the exit code is only the engine's once it has: asked again
 * until the exec no longer runs, for as long as a shell takes to hang up.
 */
async function exitCodeOnceEnded(exec: Docker.Exec): Promise<number> {
  for (let asked = 0; ; asked++) {
    const info = await exec.inspect();
    if (!info.Running || asked >= 100) return info.Running ? -1 : (info.ExitCode ?? -1);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A one-off container's run, as `docker compose run`: attached before it starts (no output lost),
 * stdin wired in when given, a TTY or stdout and stderr apart; resolves with its exit code.
 */
export async function runAttached(docker: Docker, container: Docker.Container, io: AttachedIO, tty: boolean): Promise<number> {
  const stream = await container.attach({ stream: true, stdin: io.stdin !== undefined, stdout: true, stderr: true, hijack: true });
  if (tty) stream.pipe(io.stdout, { end: false });
  else docker.modem.demuxStream(stream, io.stdout, io.stderr);
  const exited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode?: number }>;
  await container.start();
  // Only once it runs: a stdin that ends before the start would end the attach, output and all.
  if (io.stdin) io.stdin.pipe(stream);
  const out = io.stdout as NodeJS.WriteStream;
  const resize = (): void => void container.resize({ h: out.rows, w: out.columns }).catch(() => undefined);
  if (tty && out.isTTY) {
    resize();
    out.on('resize', resize);
  }
  const result = await exited;
  // The last output may still be on its way when the exit is told.
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 2000);
    const done = (): void => (clearTimeout(t), resolve());
    stream.on('end', done);
    stream.on('close', done);
  });
  if (io.stdin) io.stdin.unpipe(stream);
  if (tty && out.isTTY) out.off('resize', resize);
  return result.StatusCode ?? -1;
}

/** `docker stats`' stream: one JSON document a line, each with the previous sample for the CPU delta. */
export function followStats(container: Docker.Container, onSample: (raw: RawStats) => void, onEnd?: (error?: Error) => void): Subscription {
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
